/**
 * The worker: a thin Comlink adapter over the engine. Everything tfjs lives
 * here, off the main thread; only plain cloneable data crosses.
 */
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { parseConfig } from '../core/config';
import type { ApprovalRequest, Decision } from '../core/oversight/approval';
import type { RunLog } from '../core/runlog';
import { validateRunLog } from '../core/runlog';
import { probeBackends, type BackendOptions } from '../engine/backend';
import { RunControl } from '../engine/control';
import type { AssetLoader } from '../engine/data';
import type { LoopEvent } from '../engine/events';
import { inspectModel, type InspectRequest, type Inspection } from '../engine/inspect';
import { runLoop } from '../engine/loop';
import { holdLifeLock } from './life-lock';
import type { OptimizerState } from '../engine/optimizer';

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

let control: RunControl | null = null;

/** Static assets (digits.bin) by name, relative to the app's base URL. */
const assetLoader =
  (assetBase: string): AssetLoader =>
  async (name) => {
    const url = new URL(name, assetBase);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load ${url.pathname}: HTTP ${res.status}`);
    return res.arrayBuffer();
  };

/** Receives a new champion's final weights (copies; see `LoopHost.onChampion`). */
export type ChampionCallback = (candidateId: number, weights: Float32Array[]) => void;

/**
 * Receives, with `inherit` on or a proposer that continues training, every weight (and optimizer state) the
 * loop keeps after a generation (see `LoopHost.onKeptWeights`).
 */
export type KeptWeightsCallback = (
  generation: number,
  weights: Map<number, Float32Array[]>,
  states: Map<number, OptimizerState>,
) => void;

/** Asks the page to approve or reject a change (approval gates). */
export type ApprovalCallback = (req: ApprovalRequest) => Promise<Decision>;

/** Options for `start`. */
export interface StartOptions {
  /** Base URL of the app, for static assets (the worker's own URL is under assets/). */
  assetBase: string;
  /** A saved run to continue after its last completed generation. */
  resumeFrom?: RunLog;
  /** With `resumeFrom`: the weights its loop kept last, so an `inherit` run (or pbt, asha, hyperband) continues exactly. */
  resumeWeights?: Map<number, Float32Array[]>;
  /** With `resumeFrom`: the optimizer states kept with those weights (pbt, asha, hyperband). */
  resumeStates?: Map<number, OptimizerState>;
  /** No one is at the page to resume a pause (a CLI driver without a terminal): a `pause` trip stops the run. */
  unattended?: boolean;
}

const api = {
  /**
   * Runs a loop to the end; events stream to `onEvent`. Resolves with the final log.
   * `onChampion`, if given, receives each new champion's weights before its generation-done event.
   */
  async start(
    rawConfig: Record<string, unknown>,
    onEvent: (e: LoopEvent) => void,
    options: StartOptions,
    onChampion?: ChampionCallback,
    onKeptWeights?: KeptWeightsCallback,
    approve?: ApprovalCallback,
  ): Promise<RunLog> {
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
        resumeWeights: options.resumeWeights,
        resumeStates: options.resumeStates,
        unattended: options.unattended === true,
        onKeptWeights: onKeptWeights
          ? (g, weights, states) => void onKeptWeights(g, new Map(weights), new Map(states))
          : undefined,
        // Comlink posts the arguments, so the page gets copies and the loop keeps its arrays.
        onChampion: onChampion ? (id, weights) => void onChampion(id, weights) : undefined,
        // Approval gates wait on the page's Approve / Reject.
        approve: approve ? (req) => approve(req) : undefined,
        runtime: {
          userAgent: navigator.userAgent,
          platform: (navigator as { platform?: string }).platform ?? 'unknown',
        },
        loadAsset: assetLoader(options.assetBase),
        codeVersion: typeof __CODE_VERSION__ === 'string' ? __CODE_VERSION__ : undefined,
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
  /**
   * What a model learned: a 2-D decision boundary or digit predictions on the
   * test split, from a genome and its weights. It runs on this worker's current
   * backend; the page calls it on a worker of its own that never trains, so
   * that is the CPU and predictions never compete with training for the GPU.
   * The arrays come back transferred.
   */
  async inspect(req: InspectRequest, options: { assetBase: string }): Promise<Inspection> {
    const out = await inspectModel(req, assetLoader(options.assetBase));
    const buffers =
      out.kind === 'boundary'
        ? [out.probs, out.points, out.labels, out.predicted]
        : [out.pixels, out.labels, out.predicted, out.confidence];
    return Comlink.transfer(
      out,
      buffers.map((a) => a.buffer as ArrayBuffer),
    );
  },
  /** Holds a Web Lock for this worker's life, so the page learns of its death (life-lock.ts). */
  holdLifeLock,
  /** Which backends this browser can start, and why the others cannot. */
  backends: () => probeBackends(backendOptions),
};

/** The worker's whole API, for `Comlink.wrap<LabApi>` on the main thread. */
export type LabApi = typeof api;
/** What the page receives through LabApi, for `import type` on the main thread (which never imports the engine). */
export type { LoopEvent } from '../engine/events';
export type { OptimizerState } from '../engine/optimizer';
export type { BoundaryInspection, DigitsInspection, Inspection } from '../engine/inspect';

Comlink.expose(api);
