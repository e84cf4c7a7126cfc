/**
 * The worker: a thin Comlink adapter over the engine. Everything tfjs lives
 * here, off the main thread; only plain cloneable data crosses.
 */
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { parseConfig } from '../core/config';
import type { RunLog } from '../core/runlog';
import { validateRunLog } from '../core/runlog';
import { probeBackends, type BackendOptions } from '../engine/backend';
import { RunControl } from '../engine/control';
import type { LoopEvent } from '../engine/events';
import { runLoop } from '../engine/loop';

const backendOptions: BackendOptions = {
  wasmPaths: { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded },
};

let control: RunControl | null = null;

/** Options for `start`. */
export interface StartOptions {
  /** Base URL of the app, for static assets (the worker's own URL is under assets/). */
  assetBase: string;
  /** A saved run to continue after its last completed generation. */
  resumeFrom?: RunLog;
}

const api = {
  /** Runs a loop to the end; events stream to `onEvent`. Resolves with the final log. */
  async start(rawConfig: Record<string, unknown>, onEvent: (e: LoopEvent) => void, options: StartOptions): Promise<RunLog> {
    if (control && !control.stopped) throw new Error('a run is already in progress in this worker');
    const config = parseConfig(rawConfig);
    const resumeFrom = options.resumeFrom ? validateRunLog(options.resumeFrom) : undefined;
    control = new RunControl();
    try {
      return await runLoop(config, {
        control,
        backendOptions,
        onEvent,
        resumeFrom,
        runtime: { userAgent: navigator.userAgent, platform: (navigator as { platform?: string }).platform ?? 'unknown' },
        loadAsset: async (name) => {
          const url = new URL(name, options.assetBase);
          const res = await fetch(url);
          if (!res.ok) throw new Error(`could not load ${url.pathname}: HTTP ${res.status}`);
          return res.arrayBuffer();
        },
      });
    } finally {
      control.stop();
    }
  },
  pause(): void {
    control?.pause();
  },
  resume(): void {
    control?.resume();
  },
  stop(): void {
    control?.stop();
  },
  /** Which backends this browser can start, and why the others cannot. */
  backends: () => probeBackends(backendOptions),
};

/** The worker's whole API, for `Comlink.wrap<LabApi>` on the main thread. */
export type LabApi = typeof api;

Comlink.expose(api);
