/**
 * The benchmark worker: a thin Comlink adapter over the benchmark engine
 * (src/engine/bench). Its own entry, apart from the lab's worker, so the
 * Benchmark page loads only what benchmarking needs.
 */
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { probeBackends, type BackendOptions } from '../engine/backend';
import type { BenchEvent } from '../core/bench/events';
import type { BenchResult } from '../core/bench/result';
import { runSuite } from '../engine/bench/run';
import { isBenchBackend, isSuiteName } from '../core/bench/suite';
import { SUITES } from '../core/bench/suites';
import { validateBenchResult } from '../core/bench/validate';
import type { TimingOptions } from '../core/bench/policy';
import { holdLifeLock } from './life-lock';

const backendOptions: BackendOptions = {
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
  // Threads need cross-origin isolation (SharedArrayBuffer). tfjs-wasm uses at
  // most half the logical cores (and its 8 pre-started thread workers); we ask
  // for at most 4, so a run leaves cores to the page and to other tabs.
  wasmThreads: self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : undefined,
};

let running = false;

/** What to run. */
export interface BenchRequest {
  suite: string;
  backends: string[];
  /** Base URL of the app, for static assets. */
  assetBase: string;
  /** The result scores are normalised to (validated here), or null for an unscored run. */
  reference: BenchResult | null;
  label?: string;
  /** `page` for a person at the page, `chromium` when the CLI drives it. */
  driver: string;
  /** Minimum region duration and until-stable; defaults when absent. */
  timing?: TimingOptions;
}

const api = {
  /** Runs a suite on the backends in order; events stream to `onEvent`. Resolves with the result. */
  async run(req: BenchRequest, onEvent: (e: BenchEvent) => void): Promise<BenchResult> {
    if (running) throw new Error('a benchmark is already running in this worker');
    if (!isSuiteName(req.suite)) throw new Error(`unknown suite "${req.suite}"`);
    const bad = req.backends.find((b) => !isBenchBackend(b));
    if (bad !== undefined) throw new Error(`unknown backend "${bad}"`);
    running = true;
    try {
      const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
      return await runSuite(SUITES[req.suite], req.backends, {
        backendOptions,
        onEvent,
        label: req.label,
        timing: req.timing,
        reference: req.reference ? validateBenchResult(req.reference) : null,
        environment: {
          driver: req.driver,
          userAgent: navigator.userAgent,
          platform: nav.userAgentData?.platform || nav.platform || 'unknown',
          hardwareConcurrency: navigator.hardwareConcurrency ?? null,
        },
        loadAsset: async (name) => {
          const url = new URL(name, req.assetBase);
          const res = await fetch(url);
          if (!res.ok) throw new Error(`could not load ${url.pathname}: HTTP ${res.status}`);
          return res.arrayBuffer();
        },
      });
    } finally {
      running = false;
    }
  },
  /** Which backends this browser can start, and why the others cannot. */
  backends: () => probeBackends(backendOptions),
  /** Holds a Web Lock for this worker's life, so the page learns of its death (life-lock.ts). */
  holdLifeLock,
};

/** The benchmark worker's whole API, for `Comlink.wrap<BenchApi>` on the main thread. */
export type BenchApi = typeof api;

Comlink.expose(api);
