/**
 * The main thread's handle on the worker. Only types come from the worker
 * module (`import type`), so the page bundle never contains tfjs. Its death
 * is watched as worker-life.ts says (a Web Lock, no timer).
 */
import * as Comlink from 'comlink';
import type { LabApi } from '../worker/lab.worker';
import { watchWorkerLife } from './worker-life';

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
  return { api, ...watchWorkerLife(worker, (name) => api.holdLifeLock(name), 'the training worker') };
}

export { Comlink };
