/**
 * Knowing when a page's worker has died. A worker that dies (crashed, out of
 * memory, closed) answers nothing more: every pending call would wait
 * forever. So the worker holds a Web Lock for as long as it lives, and the
 * page waits for that lock — granted only when the worker is gone. No timer,
 * so a worker busy with a long step is never taken for dead. An uncaught
 * error (the Worker's `error` event; the worker may live on, broken) counts too.
 */

/** A worker's life as the page sees it. */
export interface WorkerLife {
  /** Settles with a one-line reason if the worker dies; never while it lives or after `terminate()`. */
  died: Promise<string>;
  terminate(): void;
}

/**
 * Watches `worker`, called `who` in the reasons ("the training worker");
 * `holdLifeLock` asks the worker to take the named lock (its API's
 * `holdLifeLock`, src/worker/life-lock.ts). A death ends the worker for good.
 */
export function watchWorkerLife(
  worker: Worker,
  holdLifeLock: (name: string) => Promise<void>,
  who: string,
): WorkerLife {
  let terminated = false;
  let report: (reason: string) => void = () => {};
  const died = new Promise<string>((resolve) => {
    report = (reason) => {
      if (terminated) return;
      terminated = true;
      worker.terminate();
      resolve(reason);
    };
  });
  worker.addEventListener('error', (e) => report(`${who} failed: ${e.message || 'its script could not run'}`));
  const locks = navigator.locks;
  if (locks) {
    const name = `successor-worker-${crypto.randomUUID()}`;
    // The page may wait for the lock only once the worker holds it. The worker's answer says so, but a worker
    // busy from its first task (a long synchronous stretch) sends it late, and one that dies first never does:
    // so the page also looks for the lock among those held, which needs nothing from the worker.
    const held = async () => {
      while (!terminated && !((await locks.query()).held ?? []).some((l) => l.name === name))
        await new Promise((r) => setTimeout(r, 50));
    };
    let waiting = false;
    const wait = () => {
      if (waiting || terminated) return;
      waiting = true;
      void locks.request(name, () => report(`${who} stopped (it crashed, ran out of memory or was closed)`));
    };
    void holdLifeLock(name).then(wait, () => undefined);
    void held().then(wait);
  }
  return {
    died,
    terminate: () => {
      terminated = true;
      worker.terminate();
    },
  };
}
