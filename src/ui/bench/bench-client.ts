/**
 * The Benchmark page's handle on its worker. Only types come from the worker
 * module (`import type`), so the page bundle never contains tfjs. Its death
 * is watched as ../worker-life.ts says (a Web Lock, no timer).
 */
import * as Comlink from 'comlink';
import type { BenchApi } from '../../worker/bench.worker';
import { watchWorkerLife } from '../worker-life';

/** A started benchmark worker and its typed API. */
export interface BenchClient {
  api: Comlink.Remote<BenchApi>;
  /** Settles with a one-line reason if the worker dies; never while it lives or after `terminate()`. */
  died: Promise<string>;
  terminate(): void;
}

/** Starts the benchmark worker. */
export function createBenchWorker(): BenchClient {
  const worker = new Worker(new URL('../../worker/bench.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<BenchApi>(worker);
  return { api, ...watchWorkerLife(worker, (name) => api.holdLifeLock(name), 'the benchmark worker') };
}

export { Comlink };
