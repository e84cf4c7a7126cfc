/**
 * What a run of the population suite measures: its models, population
 * sizes, steps and optional comparisons, and the two shipped plans
 * (`--sizes quick|full`). Pure.
 */
import type { BASE_MODES } from './population';

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

/** The suite's models: a small MLP, the digits MLP of the GPU measurements, a small CNN. */
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
