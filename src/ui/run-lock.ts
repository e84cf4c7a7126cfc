/**
 * The Web Lock a tab holds while it runs a run: another tab (or this one
 * after a reload) can then tell a live run from an interrupted one, and a
 * continue that cannot take the lock starts nothing.
 */

/** Name of the Web Lock a tab holds while it runs `id`. */
export const lockName = (id: string): string => `successor-run-${id}`;

/** Takes a Web Lock (`ifAvailable`: only if no one holds it); resolves with its release, or null when held elsewhere. */
export function takeLock(name: string, ifAvailable: boolean): Promise<(() => void) | null> {
  const locks = navigator.locks;
  if (!locks) return Promise.resolve(() => {});
  return new Promise((resolve) => {
    void locks.request(name, { ifAvailable }, (lock) => {
      if (!lock) return resolve(null);
      return new Promise<void>((release) => resolve(release));
    });
  });
}
