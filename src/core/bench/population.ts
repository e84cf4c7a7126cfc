/**
 * The `population` suite of the benchmark: aggregate training samples/s of
 * populations of K models trained one at a time against batched into one
 * computation (plain tfjs ops, and fused WGSL kernels on WebGPU), on the
 * same backend in one run, with the ratios printed and in the JSON. Unlike
 * the scored suites (./suites.ts), which compare backends, its figures
 * are ratios between training modes on one backend, so it has its own
 * result format (`suite: "population"`). This module: its modes, figures,
 * repeat rates and result. Pure (no tfjs): what a run measures is
 * ./population-plan.ts, the ratios ./population-compare.ts, the verdict
 * ./population-reliability.ts, the printed table ./population-table.ts; the
 * workload is src/engine/bench/workloads/population.ts, the CLI
 * benchmarks/cli/population-main.ts.
 */

import type { Comparison } from './population-compare';
import type { PopulationReliability } from './population-reliability';
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
  /**
   * The repeats' rates with the 95 % interval of their median (absent in older results; older ones recorded
   * the t-interval of the mean, recomputed on reading).
   */
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
  /** The noise verdict over the figures, by the scored suites' rules on repeats (absent in older results). */
  reliability?: PopulationReliability;
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
  /** Operands read straight from storage, no workgroup-shared tiles (bk is then the unroll step). */
  direct?: boolean;
}

/** What the fused step's autotune chose on a device, from which timings (ms per tuning product). */
export interface FusedTiles {
  tiles: TileSizes;
  timings: { tiles: TileSizes; ms: number }[];
}

/** A tiling as text: `16×16 threads × 4×4, bk 16`, with `, direct` for the candidate without shared tiles. */
export const formatTiles = (t: TileSizes) =>
  `${t.wx}×${t.wy} threads × ${t.tm}×${t.tn}, bk ${t.bk}${t.direct ? ', direct' : ''}`;
