/**
 * Takes the Web Lock `name` and holds it for as long as this worker lives
 * (resolves once held): the browser releases it when the worker dies, which
 * is how the page learns of a death no message reports (src/ui/worker-life.ts).
 */
export function holdLifeLock(name: string): Promise<void> {
  return new Promise((held) => {
    void navigator.locks.request(name, () => {
      held();
      return new Promise<never>(() => {});
    });
  });
}
