/**
 * The main thread's handle on the worker. Only types come from the worker
 * module (`import type`), so the page bundle never contains tfjs.
 *
 * A worker that dies (crashed, out of memory, closed) answers nothing more:
 * every pending call would wait forever. So the worker holds a Web Lock for
 * as long as it lives, and the page waits for that lock — granted only when
 * the worker is gone. No timer, so a worker busy with a long step is never
 * taken for dead. A script error before it is up (`error` event) counts too.
 */
import * as Comlink from 'comlink';
import type { LabApi } from '../worker/lab.worker';

/** A started worker and its typed API. */
export interface LabClient {
  api: Comlink.Remote<LabApi>;
  /** Settles with a one-line reason if the worker dies; never while it lives or after `terminate()`. */
  died: Promise<string>;
  terminate(): void;
}

/** Starts the engine worker. */
export function createLab(): LabClient {
  const worker = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<LabApi>(worker);
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
  worker.addEventListener('error', (e) =>
    report(`the training worker failed: ${e.message || 'its script could not run'}`),
  );
  const locks = navigator.locks;
  if (locks) {
    const name = `successor-worker-${crypto.randomUUID()}`;
    void api.holdLifeLock(name).then(
      () =>
        locks.request(name, () => report('the training worker stopped (it crashed, ran out of memory or was closed)')),
      () => undefined,
    );
  }
  return {
    api,
    died,
    terminate: () => {
      terminated = true;
      worker.terminate();
    },
  };
}

export { Comlink };
