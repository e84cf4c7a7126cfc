/**
 * The main thread's handle on the worker. Only types come from the worker
 * module (`import type`), so the page bundle never contains tfjs.
 */
import * as Comlink from 'comlink';
import type { LabApi } from '../worker/lab.worker';

/** A started worker and its typed API. */
export interface LabClient {
  api: Comlink.Remote<LabApi>;
  terminate(): void;
}

/** Starts the engine worker. */
export function createLab(): LabClient {
  const worker = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<LabApi>(worker);
  return { api, terminate: () => worker.terminate() };
}

export { Comlink };
