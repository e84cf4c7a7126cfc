/**
 * What a benchmark suite is: a fixed, versioned list of workloads. Plain
 * data (no tfjs), so the page, the CLI and the report can read it. A suite's
 * workload never changes without a new `version`: results of different
 * versions are not comparable and are never scored against each other.
 */
import type { Genome } from '../genome';
import type { ProposerName } from '../config';
import type { TaskName } from '../tasks';

export const SUITE_NAMES = ['standard', 'micro', 'quick'] as const;
/** Name of a shipped suite. */
export type SuiteName = (typeof SUITE_NAMES)[number];

export const BENCH_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** A backend a suite can run on. */
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

/**
 * What one run of a case cost on this project's 2-core VM, in seconds (at least the default 100 ms
 * timed region), on WebGPU there (SwiftShader: `gpu`, also used for WebGL) and the tfjs CPU backend
 * (`cpu`, also used for wasm), from its reference runs. Only ratios within a suite are used: the time
 * estimate scales this device's first case by them (estimate.ts). Not workload: the fingerprint leaves
 * it out, so a cost can be corrected without a new version.
 */
export interface CaseCost {
  gpu: number;
  cpu: number;
}

/** A case's cost hint for the time estimate (see CaseCost); without one the suite's estimate is naive. */
interface Costed {
  cost?: CaseCost;
}

/** Train one genome for fixed step counts: throughput and time to the first step. */
export interface TrainCase extends Costed {
  id: string;
  task: TaskName;
  genome: Genome;
  /** Optimizer steps per timed region. */
  steps: number;
  /** Steps the correctness check trains before comparing with the CPU. */
  checkSteps: number;
  /** Largest allowed absolute difference from the CPU on the check's outputs. */
  tolerance: number;
}

/** Forward passes of a freshly initialised genome over `samples` examples, `batch` at a time. */
export interface InferCase extends Costed {
  id: string;
  task: TaskName;
  genome: Genome;
  samples: number;
  batch: number;
  tolerance: number;
}

/** Which product of a population training step a batched case is (see MatmulCase.product). */
export type PopulationProduct = 'forward' | 'weight-gradient';

/**
 * `iters` products of an [m, k] by a [k, n] float32 matrix per timed region. With `models`, a
 * population product: `models` independent products at once, as the population trainer batches K
 * models — `forward` X·W of a layer (m = batch, k = inputs, n = outputs; X gathered from a data set
 * by each model's batch indices) or `weight-gradient` Xᵀ·δ (m = inputs, k = batch, n = outputs). On
 * WebGPU those are timed on the fused step's own tiled kernels, elsewhere as batched tf.matMul.
 */
export interface MatmulCase extends Costed {
  id: string;
  m: number;
  k: number;
  n: number;
  iters: number;
  tolerance: number;
  /** Models multiplied at once (a population product); absent: one plain product. */
  models?: number;
  /** Which population product (with `models`). */
  product?: PopulationProduct;
}

/** `iters` same-padded, stride-1 conv2d of [batch, size, size, cin] by a [kernel, kernel, cin, cout] filter. */
export interface ConvCase extends Costed {
  id: string;
  batch: number;
  size: number;
  cin: number;
  cout: number;
  kernel: number;
  iters: number;
  tolerance: number;
}

/** A chain of `ops` small element-wise ops on `size` floats: one dispatch each on a GPU. */
export interface DispatchCase extends Costed {
  id: string;
  ops: number;
  size: number;
  tolerance: number;
}

/** A fixed-seed RSI loop (the product's real workload), timed per generation. */
export interface LoopCase extends Costed {
  id: string;
  task: TaskName;
  proposer: ProposerName;
  generations: number;
  population: number;
  steps: number;
  seed: number;
  /** Children of one generation that share a shape train as one batched computation (fused kernels on WebGPU). */
  batchPopulation: boolean;
  /** Validation accuracy whose first reach is timed (time to target). */
  targetAccuracy: number;
}

/** A versioned benchmark suite. */
export interface Suite {
  name: string;
  version: number;
  title: string;
  /** Timed repeats per figure (the median is reported). */
  repeats: number;
  /** Untimed runs before the repeats (shader compilation, buffer pools). */
  warmup: number;
  /** Seed for data sets, initial weights, inputs and batch order. */
  seed: number;
  train: TrainCase[];
  infer: InferCase[];
  matmul: MatmulCase[];
  conv: ConvCase[];
  dispatch: DispatchCase[];
  loop: LoopCase[];
}

/** Whether a string names a shipped suite. */
export const isSuiteName = (s: string): s is SuiteName => (SUITE_NAMES as readonly string[]).includes(s);
/** Whether a string names a backend a suite can run on. */
export const isBenchBackend = (s: string): s is BenchBackend => (BENCH_BACKENDS as readonly string[]).includes(s);

/**
 * A fingerprint of everything a suite runs (FNV-1a over its JSON). Results
 * record it; a test pins each shipped suite's fingerprint to its version, so
 * the workload cannot change without a version bump.
 */
export function suiteFingerprint(s: Suite): string {
  // The title is a caption and a case's cost a hint for the time estimate, not workload: changing
  // either must not unmatch a reference.
  const text = JSON.stringify({ ...s, title: undefined }, (key, v: unknown) => (key === 'cost' ? undefined : v));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
