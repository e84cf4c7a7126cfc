/**
 * The `population` suite of the benchmark: aggregate training samples/s of
 * populations of K models trained one at a time against batched into one
 * computation (plain tfjs ops, and fused WGSL kernels on WebGPU), on the
 * same backend in one run, with the ratios printed and in the JSON. Unlike
 * the scored suites (./suites.ts), which compare backends, its figures
 * are ratios between training modes on one backend, so it has its own
 * result format (`suite: "population"`). Pure (no tfjs): the workload is
 * src/engine/bench/workloads/population.ts, the CLI benchmarks/cli/population-main.ts,
 * the printed table ./population-table.ts.
 */

import { summarise, type Stat } from './stats';

export const SUITE = 'population';
export const VERSION = 1;

export const POPULATION_MODES = [
  'alone',
  'batched',
  'fused',
  'alone-stock',
  'batched-stock',
  'fused-untiled',
  'fused-dropout',
  'fused-tiled',
] as const;
/**
 * How K models are trained: one after another (`alone`), as one batched
 * model with plain tfjs ops (`batched`), or batched with the fused WGSL
 * kernels (`fused`, WebGPU only). On wasm, `alone-stock` and
 * `batched-stock` are `alone` and `batched` on today's path: tfjs-backend-wasm's
 * own `BatchMatMul` and tfjs's slice-and-concat im2col (see withWasmMatMul), for `--vs-stock`. On WebGPU,
 * `fused-untiled` is `fused` with the untiled product kernels the tiled ones replaced, for `--vs-untiled`;
 * `fused-dropout` is `fused` with every model's dropout at DROPOUT_RATE (noise drawn on the device), for
 * `--vs-dropout`: other work than the other modes, so it stays out of their Δloss. `fused-tiled` is `fused`
 * with the tiled products at every size (`fused` takes the untiled ones for small groups), for `--vs-tiled`.
 */
export type PopulationMode = (typeof POPULATION_MODES)[number];

/** The dropout rate of every model in the `fused-dropout` mode. */
export const DROPOUT_RATE = 0.2;

/** The modes every run measures unless `--modes` picks among them. */
export const BASE_MODES = ['alone', 'batched', 'fused'] as const;

/** One timed figure. */
export interface PopulationFigure {
  model: string;
  k: number;
  mode: PopulationMode;
  /** Models actually timed (alone: at most `aloneModels`). */
  modelsTimed: number;
  /** Steps of the long and the short run. */
  steps: number;
  shortSteps: number;
  /** Timed repeats of each length, every mode alike; the figures are their medians. */
  repeats: number;
  /** Runs of each length per timed region, calibrated so a region lasts at least the minimum region duration (absent in older results: 1). */
  runsPerRegion?: number;
  /** Wall time of one long and one short run, ms (medians over the repeats). */
  ms: number;
  shortMs: number;
  /** Training samples per second, aggregate over the models: models × batch × (steps − shortSteps) / (ms − shortMs); the median of the repeats' rates. */
  samplesPerSec: number;
  /** The repeats' rates with the 95 % interval of their median (absent in older results; older ones recorded the t-interval of the mean, recomputed on reading). */
  samplesPerSecStat?: Stat;
  /** The same over the long run end to end (with building, validation pass and read-back). */
  endToEndSamplesPerSec: number;
  /**
   * Mean validation loss, after the long run, of the first `checkedModels`
   * models (seeds 1…): every mode trains them from the same seeds and data
   * order, so this agrees across modes up to float rounding — evidence that
   * each mode did the same work.
   */
  meanValLoss: number;
  checkedModels: number;
}

/** A repeat's short and long region, ms, each `runs` runs of `shortSteps` and `steps` steps of `samples` samples. */
export interface RepeatTimes {
  samples: number;
  steps: number;
  shortSteps: number;
  runs: number;
  shorts: number[];
  longs: number[];
}

/**
 * Each repeat's training rate, the same way in every mode: samples × (steps −
 * shortSteps) × runs over its long region minus its short one (building,
 * validation and read-back cancel). If any repeat's difference is not positive
 * (one step, or noise swallowed it), every repeat is taken end to end instead,
 * so one figure never mixes the two.
 */
export function repeatRates(t: RepeatTimes): { rates: number[]; differential: boolean } {
  const differential = t.steps > t.shortSteps && t.longs.every((l, i) => l > t.shorts[i]);
  const rates = t.longs.map((l, i) =>
    differential
      ? (t.samples * (t.steps - t.shortSteps) * t.runs) / ((l - t.shorts[i]) / 1000)
      : (t.samples * t.steps * t.runs) / (l / 1000),
  );
  return { rates, differential };
}

/** The repeats' rates as a Stat (median, range, the median's 95 % interval). */
export const rateStat = (t: RepeatTimes): Stat => summarise(repeatRates(t).rates);

/** The RSI loop the benchmark times with population batching off and on. */
export const LOOP_CONFIG = {
  task: 'spirals',
  proposer: 'evolution',
  generations: 5,
  population: 8,
  steps: 100,
  seed: 1,
  seedGenome: 'default',
  progressEvery: 25,
} as const;

/** Generations per minute of one loop run (generation 0, the seed alone, excluded). */
export interface LoopFigure {
  batchPopulation: boolean;
  /** On wasm with `--vs-stock`: the `BatchMatMul` kernel of this run. */
  matMul?: 'xnnpack' | 'stock';
  /** The final champion's id (runs of one config that computed the same crown the same one). */
  championId?: number;
  /** Wall time of generations 1… (ms), and of the whole run. */
  ms: number;
  totalMs: number;
  generationsPerMinute: number;
  /** Children trained in batched groups (of them, with the fused kernels), and the groups' sizes. */
  batchedChildren: number;
  fusedChildren: number;
  candidates: number;
  groupSizes: number[];
  championValAccuracy: number;
}

/** What one run measures. */
export interface PopulationPlan {
  models: string[];
  ks: number[];
  /** Steps per timed region, per model. */
  steps: Record<string, number>;
  /** Ks above this are skipped for a model (memory and time on a software adapter). */
  maxK: Record<string, number>;
  /** Short and long runs per figure (medians); default 3. */
  repeats?: number;
  /** Time the RSI loop with batching off and on (config overrides of LOOP_CONFIG), or not at all. */
  loop?: Record<string, unknown> | null;
  /**
   * On wasm: also measure every figure (and the loop, batching on) with
   * tfjs-backend-wasm's stock `BatchMatMul`, alternating with the XNNPACK kernel.
   */
  vsStock?: boolean;
  /** Also run the PyTorch reference on the CPU with this many threads, after each model and K's figures. */
  torchThreads?: number;
  /** On WebGPU: also measure every MLP figure with the untiled fused kernels (`fused-untiled`). */
  vsUntiled?: boolean;
  /** On WebGPU: also measure every MLP figure fused with dropout on every model (`fused-dropout`). */
  vsDropout?: boolean;
  /** On WebGPU: also measure every MLP figure fused with the tiled products forced (`fused-tiled`). */
  vsTiled?: boolean;
  /** Which of BASE_MODES to measure (default all). */
  modes?: (typeof BASE_MODES)[number][];
}

/** One figure of the PyTorch reference (benchmarks/reference/population_torch.py). */
export interface TorchFigure {
  model: string;
  k: number;
  samplesPerSec: number;
  /** The order-statistic 95 % interval of the median (older outputs: the t-interval of the mean). */
  interval: number[];
  /** The interval's coverage (absent in older outputs). */
  coverage?: number;
  threads: number;
  torch: string;
  device: string;
}

export const MODEL_IDS = ['mlp-2-32-2', 'mlp-784-256-10', 'cnn-c8-c16'];
/** More MLP sizes, only with `--models`: the table the fused step's size rule was measured from (docs/population.md). */
export const EXTRA_MODEL_IDS = [
  'mlp-784-64-10',
  'mlp-784-128-10',
  'mlp-784-256-256-10',
  'mlp-784-256-256-256-10',
  'mlp-2-256-2',
  'mlp-784-16-10',
];

/**
 * Quick: K up to 32 for the small MLP, 8 for the others (under a minute on wasm in Node, minutes on the
 * tfjs CPU backend or a software adapter; CI runs its small-MLP part). Full: the sizes, for a GPU.
 */
export const PLANS: Record<'quick' | 'full', PopulationPlan> = {
  quick: {
    models: MODEL_IDS,
    ks: [1, 8, 32],
    // The extra sizes (only with --models) at steps that keep a figure's region above the fixed costs on a software adapter.
    steps: {
      'mlp-2-32-2': 40,
      'mlp-784-256-10': 5,
      'cnn-c8-c16': 5,
      'mlp-2-256-2': 40,
      'mlp-784-16-10': 10,
      'mlp-784-64-10': 5,
      'mlp-784-128-10': 5,
    },
    maxK: { 'mlp-2-32-2': 32, 'mlp-784-256-10': 8, 'cnn-c8-c16': 8 },
  },
  full: {
    models: MODEL_IDS,
    ks: [1, 8, 32, 128],
    steps: { 'mlp-2-32-2': 100, 'mlp-784-256-10': 10, 'cnn-c8-c16': 5 },
    maxK: { 'mlp-2-32-2': 128, 'mlp-784-256-10': 128, 'cnn-c8-c16': 128 },
    loop: {},
  },
};

/** The result file. */
export interface PopulationResult {
  suite: typeof SUITE;
  version: number;
  /** A name for this device / browser in comparisons (`--label`). */
  label: string;
  createdAt: string;
  driver: string;
  backend: string;
  adapter: unknown;
  tfjsVersion: string;
  runtime: string;
  /** Whether tfjs-webgpu's small-op CPU forwarding was off (it is: see backend.ts). */
  notes: string[];
  figures: PopulationFigure[];
  /** Per model and K: aggregate samples/s per mode and the ratios. */
  comparisons: Comparison[];
  /** Flat: `<model>/batched-vs-alone/speedup-k<K>` → ratio (and `loop/batched-vs-alone/speedup-generations-per-minute`). */
  speedups: Record<string, number>;
  /**
   * The RSI loop timed in this run, alternating: with population batching off
   * and on (`alone`, `batched`), or with `--vs-stock` batched with the stock
   * and the XNNPACK kernel (`stock`, `batched`; `speedup` is then batched ÷ stock).
   */
  loop?: {
    config: Record<string, unknown>;
    runs: LoopFigure[];
    generationsPerMinute: { alone?: number; batched: number; stock?: number };
    speedup: number;
    /** With `--vs-stock`: whether every run crowned the same final champion. */
    sameChampions?: boolean;
  };
  /** The PyTorch reference's figures, when `--torch-threads` ran it. */
  torch?: TorchFigure[];
  /** On WebGPU: the fused step's tile sizes on this device, and each candidate's time on the tuning product. */
  fusedTiles?: FusedTiles;
}

/** Tile sizes of the fused step's products (threads wx × wy, outputs per thread tm × tn, reduction step bk). */
export interface TileSizes {
  wx: number;
  wy: number;
  tm: number;
  tn: number;
  bk: number;
}

/** What the fused step's autotune chose on a device, from which timings (ms per tuning product). */
export interface FusedTiles {
  tiles: TileSizes;
  timings: { tiles: TileSizes; ms: number }[];
}

/** A tiling as text: `16×16 threads × 4×4, bk 16`. */
export const formatTiles = (t: TileSizes) => `${t.wx}×${t.wy} threads × ${t.tm}×${t.tn}, bk ${t.bk}`;

export interface Comparison {
  model: string;
  k: number;
  samplesPerSec: Partial<Record<PopulationMode, number>>;
  /** batched (plain tfjs ops) ÷ one-at-a-time aggregate training samples/s at this population size. */
  speedupBatchedVsAlone: number | null;
  /** fused (WGSL kernels) ÷ one-at-a-time, and fused ÷ batched. */
  speedupFusedVsAlone: number | null;
  speedupFusedVsBatched: number | null;
  /** On wasm with `--vs-stock`: alone ÷ alone-stock and batched ÷ batched-stock (the XNNPACK kernel against tfjs's own). */
  speedupAloneVsStock?: number | null;
  speedupBatchedVsStock?: number | null;
  /** On WebGPU with `--vs-untiled`: fused (tiled products) ÷ fused-untiled. */
  speedupFusedVsUntiled?: number | null;
  /** On WebGPU with `--vs-tiled` and `--vs-untiled`: fused-tiled ÷ fused-untiled, and fused-tiled ÷ batched. */
  speedupTiledVsUntiled?: number | null;
  speedupTiledVsBatched?: number | null;
  /** On WebGPU with `--vs-dropout`: fused-dropout ÷ fused (the cost of drawing and applying the masks). */
  speedupDropoutVsFused?: number | null;
  /** The best of this backend's modes (stock ones excepted) ÷ the PyTorch reference at this K, when it ran. */
  ratioVsTorch?: number | null;
  /** Mean validation loss of the first models (same seeds in every mode) per mode. */
  meanValLoss: Partial<Record<PopulationMode, number>>;
  /**
   * Largest relative difference of those losses between modes: near zero
   * (float rounding) when every mode trained the same models the same way,
   * which is what makes the speedups comparable.
   */
  valLossMaxRelDiff: number | null;
}

/** Pairs each model and K's figures into ratios. */
export function compare(
  figures: PopulationFigure[],
  torch: readonly TorchFigure[] = [],
): { comparisons: Comparison[]; speedups: Record<string, number> } {
  const comparisons: Comparison[] = [];
  const speedups: Record<string, number> = {};
  for (const f of figures) {
    let c = comparisons.find((x) => x.model === f.model && x.k === f.k);
    if (!c)
      comparisons.push(
        (c = {
          model: f.model,
          k: f.k,
          samplesPerSec: {},
          speedupBatchedVsAlone: null,
          speedupFusedVsAlone: null,
          speedupFusedVsBatched: null,
          meanValLoss: {},
          valLossMaxRelDiff: null,
        }),
      );
    c.samplesPerSec[f.mode] = f.samplesPerSec;
    // Dropout trains other models: its loss is not evidence of equal work.
    if (f.mode !== 'fused-dropout') c.meanValLoss[f.mode] = f.meanValLoss;
  }
  for (const c of comparisons) {
    const losses = Object.values(c.meanValLoss);
    if (losses.length > 1) {
      const lo = Math.min(...losses);
      c.valLossMaxRelDiff = (Math.max(...losses) - lo) / Math.abs(lo);
    }
    const { alone, batched, fused } = c.samplesPerSec;
    if (alone && batched)
      speedups[`${c.model}/batched-vs-alone/speedup-k${c.k}`] = c.speedupBatchedVsAlone = batched / alone;
    if (alone && fused) speedups[`${c.model}/fused-vs-alone/speedup-k${c.k}`] = c.speedupFusedVsAlone = fused / alone;
    if (batched && fused)
      speedups[`${c.model}/fused-vs-batched/speedup-k${c.k}`] = c.speedupFusedVsBatched = fused / batched;
    const stockAlone = c.samplesPerSec['alone-stock'];
    const stockBatched = c.samplesPerSec['batched-stock'];
    if (alone && stockAlone)
      speedups[`${c.model}/alone-vs-stock/speedup-k${c.k}`] = c.speedupAloneVsStock = alone / stockAlone;
    if (batched && stockBatched)
      speedups[`${c.model}/batched-vs-stock/speedup-k${c.k}`] = c.speedupBatchedVsStock = batched / stockBatched;
    const untiled = c.samplesPerSec['fused-untiled'];
    if (fused && untiled)
      speedups[`${c.model}/fused-vs-untiled/speedup-k${c.k}`] = c.speedupFusedVsUntiled = fused / untiled;
    const tiled = c.samplesPerSec['fused-tiled'];
    if (tiled && untiled)
      speedups[`${c.model}/tiled-vs-untiled/speedup-k${c.k}`] = c.speedupTiledVsUntiled = tiled / untiled;
    if (tiled && batched)
      speedups[`${c.model}/tiled-vs-batched/speedup-k${c.k}`] = c.speedupTiledVsBatched = tiled / batched;
    const dropout = c.samplesPerSec['fused-dropout'];
    if (fused && dropout)
      speedups[`${c.model}/fused-dropout-vs-fused/ratio-k${c.k}`] = c.speedupDropoutVsFused = dropout / fused;
    const ref = torch.find((t) => t.model === c.model && t.k === c.k);
    const best = Math.max(alone ?? 0, batched ?? 0, fused ?? 0);
    if (ref && best > 0) speedups[`${c.model}/vs-torch/ratio-k${c.k}`] = c.ratioVsTorch = best / ref.samplesPerSec;
  }
  return { comparisons, speedups };
}
