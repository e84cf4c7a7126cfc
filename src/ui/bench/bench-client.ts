/**
 * The Benchmark page's handle on its worker. Only types come from the worker
 * module (`import type`), so the page bundle never contains tfjs.
 */
import * as Comlink from 'comlink';
import type { BenchApi } from '../../worker/bench.worker';

/** A started benchmark worker and its typed API. */
export interface BenchClient {
  api: Comlink.Remote<BenchApi>;
  terminate(): void;
}

/** Starts the benchmark worker. */
export function createBenchWorker(): BenchClient {
  const worker = new Worker(new URL('../../worker/bench.worker.ts', import.meta.url), { type: 'module' });
  return { api: Comlink.wrap<BenchApi>(worker), terminate: () => worker.terminate() };
}

export { Comlink };
