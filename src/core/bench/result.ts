/**
 * The benchmark result: Successor's publishable JSON (schemaVersion 2; 1 is
 * still read, see upgrade.ts).
 * It records what ran (suite name and version), where (adapter, limits, user
 * agent, OS, tfjs, flags), whether each backend's outputs matched the CPU,
 * every figure as a median with its repeats, and the score.
 */
import type { AdapterInfo } from '../runlog';
import type { MatmulPeak } from './peak';
import type { Stat } from './stats';
import type { SustainedFigures } from './sustained';

/** 2: every figure's interval is the order-statistic interval of its median, with its coverage (1: the t-interval of the mean). */
export const BENCH_SCHEMA_VERSION = 2;
export const BENCH_KIND = 'successor-bench';

/** Whether a backend's figures can be trusted, and why not. */
export interface Reliability {
  /** False when the host was loaded or some scored figure's interval is wider than `threshold`. */
  reliable: boolean;
  /** One sentence per problem; empty exactly when reliable. */
  reasons: string[];
  /** Largest allowed relative half-width of a scored figure's 95 % interval (0.1 = ±10 %). */
  threshold: number;
  /** The scored figure known least precisely, by relative half-width; null when there is none. */
  widest: { key: string; halfWidth: number } | null;
}

/** The host's load averages (1, 5, 15 min) around the run; null where the platform does not expose them (browsers). */
export interface HostLoad {
  before: number[] | null;
  after: number[] | null;
  cores: number | null;
  /** CPU that processes outside the benchmark used during the run (Linux hosts; absent elsewhere and in older results). */
  others?: OthersCpu;
  /** Why there are no load figures, where there are none. */
  note?: string;
}

/** Average cores that other processes used while the benchmark ran, and the busiest of them by name. */
export interface OthersCpu {
  cores: number;
  top: { name: string; cores: number }[];
}

/** One training case's figures. */
export interface TrainFigures {
  id: string;
  task: string;
  /** Architecture summary, e.g. `mlp 256r-256r`. */
  model: string;
  batch: number;
  steps: number;
  /** Analytic FLOPs of one training step (3 × forward × batch). */
  flopsPerStep: number;
  /** Build + first optimizer step + read-back on a fresh backend (in the check, before any timing): includes shader compilation. */
  firstStepMs: number;
  /** Times the region ran per timed repeat, to last at least the minimum region duration (absent in older results: 1). */
  runsPerRegion?: number;
  stepsPerSec: Stat;
  samplesPerSec: Stat;
  gflops: Stat;
  /** Most bytes of live tensors at the end of a step (activations and gradients still held), above the data set's. */
  peakBytes: number;
}

/** One inference case's figures. */
export interface InferFigures {
  id: string;
  task: string;
  model: string;
  samples: number;
  batch: number;
  /** See TrainFigures.runsPerRegion. */
  runsPerRegion?: number;
  samplesPerSec: Stat;
  gflops: Stat;
}

/** One matmul shape's figures. */
export interface MatmulFigures {
  id: string;
  m: number;
  k: number;
  n: number;
  iters: number;
  /** A population product (see MatmulCase): the models multiplied at once, and which product; absent for a plain one. */
  models?: number;
  product?: string;
  /** What computed it, for a population product: the fused step's tiled WGSL kernel and its tiles, or batched tf.matMul. */
  kernel?: string;
  /** See TrainFigures.runsPerRegion. */
  runsPerRegion?: number;
  gflops: Stat;
  /** Median GFLOP/s ÷ the backend's `matmulPeak` (0…1); absent without one. */
  peakShare?: number;
}

/** One conv2d shape's figures. */
export interface ConvFigures {
  id: string;
  batch: number;
  size: number;
  cin: number;
  cout: number;
  kernel: number;
  iters: number;
  /** See TrainFigures.runsPerRegion. */
  runsPerRegion?: number;
  gflops: Stat;
}

/** Per-dispatch overhead of a chain of small element-wise ops. */
export interface DispatchFigures {
  id: string;
  ops: number;
  size: number;
  /** See TrainFigures.runsPerRegion. */
  runsPerRegion?: number;
  usPerOp: Stat;
}

/** The fixed-seed RSI loop's figures. */
export interface LoopFigures {
  id: string;
  task: string;
  proposer: string;
  generations: number;
  population: number;
  steps: number;
  seed: number;
  /** Whether same-shaped children trained as one batch (absent in results made before suites pinned it). */
  batchPopulation?: boolean;
  /** One sample per timed run of the whole loop (v3 on); results of earlier suites hold one per generation after generation 0. */
  generationsPerMin: Stat;
  /** Median duration of a timed run (a single run's before v3). */
  totalMs: number;
  targetAccuracy: number;
  /** From the loop's start to the first generation whose champion reached the target; null if none did. */
  timeToTargetMs: number | null;
  finalValAccuracy: number;
}

/** Everything measured on one backend. */
export interface Measures {
  train: TrainFigures[];
  infer: InferFigures[];
  matmul: MatmulFigures[];
  conv: ConvFigures[];
  dispatch: DispatchFigures[];
  loop: LoopFigures[];
}

/** One output compared with the CPU backend. */
export interface CheckItem {
  id: string;
  /** Null when an output was NaN or infinite where the CPU's was not (or the reverse). */
  maxAbsError: number | null;
  tolerance: number;
  passed: boolean;
}

/** The correctness check of one backend against the CPU backend. */
export interface CheckResult {
  passed: boolean;
  /** The largest item error; null if any was not finite. */
  maxAbsError: number | null;
  items: CheckItem[];
}

/** One sub-score: a figure normalised to the reference (100 = the reference). */
export interface SubScore {
  /** `<kind>/<case id>`, e.g. `matmul/square-1024`. */
  id: string;
  value: number;
  reference: number;
  /** 100 × value / reference, or 100 × reference / value where lower is better. */
  score: number;
  /** The sub-score over the figure's 95 % interval (absent in older results). */
  interval?: [number, number];
}

/** `ok`: ran and matched the CPU; `wrong`: ran but disagreed with the CPU (flagged, no score); `unavailable`: could not start; `failed`: errored mid-run. */
export type BackendStatus = 'ok' | 'wrong' | 'unavailable' | 'failed';

/** One backend's part of a result. */
export interface BackendResult {
  backend: string;
  status: BackendStatus;
  /** Why it is unavailable, failed or wrong. */
  reason?: string;
  adapter: AdapterInfo | null;
  adapterLimits: Record<string, number> | null;
  /** True for a software (fallback) adapter such as SwiftShader: not a GPU timing. */
  softwareAdapter: boolean;
  /** tfjs environment flags in force on this backend. */
  flags: Record<string, string | number | boolean>;
  /** Time to start the backend (adapter, device, module loading), ms. */
  initMs: number | null;
  check: CheckResult | null;
  measures: Measures | null;
  /** Bytes the backend's GPU buffer pool holds after the run (the pool only grows); null off the GPU. */
  gpuPoolBytes: number | null;
  score: number | null;
  /**
   * 95 % interval of the score from the repeats (delta method in log space; see stats.ts); null when unscored
   * or with single samples; absent in older results.
   */
  scoreInterval?: [number, number] | null;
  subscores: SubScore[];
  /** Why there is no score, when there is none. */
  scoreNote?: string;
  /** The highest matmul throughput measured on this backend in this run (see peak.ts); absent with fewer than two matmul cases. */
  matmulPeak?: MatmulPeak;
  /** The sustained run (`--sustained MINUTES`), when one was asked for. */
  sustained?: SustainedFigures;
  /** Noise verdict (absent in results made before it was recorded). */
  reliability?: Reliability;
  durationMs: number;
}

/** Which result scores were normalised to. */
export interface ReferenceInfo {
  suite: string;
  version: number;
  backend: string;
  createdAt: string;
  label: string;
  /** Adapter or CPU description of the reference device. */
  device: string;
}

/** Where the suite ran. */
export interface BenchEnvironment {
  /** `chromium` (the CLI's headless Chromium), `node`, or `page` (a browser tab). */
  driver: string;
  userAgent?: string;
  nodeVersion?: string;
  /** Runtime platform (navigator.platform or node's platform-arch). */
  platform: string;
  /** Operating system and CPU, where the host knows them. */
  os?: string;
  cpu?: string;
  hardwareConcurrency: number | null;
  tfjsVersion: string;
}

/** A complete benchmark result. */
export interface BenchResult {
  schemaVersion: typeof BENCH_SCHEMA_VERSION;
  kind: typeof BENCH_KIND;
  generator: string;
  createdAt: string;
  /** A free label for comparisons (device name, browser…). */
  label: string;
  /** The suite that ran; `fingerprint` hashes its whole workload (see suiteFingerprint). */
  suite: { name: string; version: number; fingerprint: string; title: string; repeats: number; warmup: number };
  environment: BenchEnvironment;
  /** Run-wide settings that affect timings (e.g. WEBGPU_CPU_FORWARD false, read-back policy). */
  flags: Record<string, string | number | boolean>;
  reference: ReferenceInfo | null;
  backends: BackendResult[];
  /** Host load before and after the run (absent in older results). */
  hostLoad?: HostLoad;
  durationMs: number;
}

/** A one-line device description: adapter for GPUs, else backend and platform. */
export function deviceOf(r: BenchResult, b: BackendResult): string {
  if (b.adapter) {
    const a = b.adapter;
    const name = [a.vendor, a.architecture, a.device, a.description].filter((s) => s).join(' ');
    return `${name || 'unknown adapter'}${b.softwareAdapter ? ' (software adapter)' : ''}`;
  }
  return `${b.backend} on ${r.environment.cpu ?? r.environment.platform}`;
}
