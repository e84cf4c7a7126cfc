/**
 * The shipped suites. Changing anything a suite runs — a shape, a step
 * count, a genome, a seed, repeats — needs a new `version`, and a new
 * reference result in benchmarks/results/ for scores to be computed.
 * `standard` and `quick` v3: the loop case is timed as whole runs repeated
 * (v2 took one sample per generation of one run); the workload is as in v2.
 * `micro` v2: v1's kernels and the population products. v3: v2 without the
 * 4096 square product, which was most of the suite's time on a software or CPU
 * adapter (about 100 minutes for `webgpu,cpu` on a 2-core VM, too long to make
 * a reference); 2048 (a 4 M-value output, enough workgroups to fill large GPUs)
 * is now the largest square product.
 */
import type { Activation, Genome, OptimizerName } from '../genome';
import type { CaseCost, Suite, SuiteName } from './suite';

/**
 * A case's cost for the time estimate: seconds per run on this project's 2-core VM (WebGPU on
 * SwiftShader, the tfjs CPU backend; at least 0.1, the default timed region), from the reference
 * results — `standard` and `quick` v3 (2026-12-02), `micro` v1 for the kernels micro keeps, the
 * measured population products (docs/benchmark.md). Only their ratios within a suite matter.
 */
const cost = (gpu: number, cpu: number): CaseCost => ({ gpu, cpu });

const mlp = (
  units: number[],
  activation: Activation,
  optimizer: OptimizerName,
  learningRate: number,
  batchSize: number,
): Genome => ({
  hyper: { optimizer, learningRate, batchSize, weightDecay: 0, dropout: 0 },
  arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation })) },
});

const cnn = (blocks: [number, boolean][], head: number[], learningRate: number, batchSize: number): Genome => ({
  hyper: { optimizer: 'adam', learningRate, batchSize, weightDecay: 0, dropout: 0 },
  arch: {
    family: 'cnn',
    blocks: blocks.map(([filters, pool]) => ({ filters, kernel: 3, pool })),
    activation: 'relu',
    head: head.map((u) => ({ units: u, activation: 'relu' })),
  },
});

/** The digits MLP of shared/gpu/README.md: 784-256-256-10, batch 256, Adam. */
const DIGITS_MLP = mlp([256, 256], 'relu', 'adam', 0.001, 256);
const DIGITS_CNN = cnn(
  [
    [16, true],
    [32, true],
  ],
  [64],
  0.001,
  64,
);

/** The reference workload: the models the lab trains, and a short RSI loop. */
const standard: Suite = {
  name: 'standard',
  version: 3,
  title: 'Reference workload: genomes on digits and spirals, and a fixed-seed RSI loop',
  repeats: 5,
  warmup: 1,
  seed: 1,
  train: [
    {
      id: 'spirals-mlp-8-8',
      cost: cost(7.9, 0.11),
      task: 'spirals',
      genome: mlp([8, 8], 'tanh', 'adam', 0.03, 32),
      steps: 100,
      checkSteps: 5,
      tolerance: 1e-3,
    },
    {
      id: 'spirals-mlp-64-64',
      cost: cost(17, 1.4),
      task: 'spirals',
      genome: mlp([64, 64], 'relu', 'adam', 0.01, 128),
      steps: 100,
      checkSteps: 5,
      tolerance: 1e-3,
    },
    {
      id: 'digits-mlp-256-256',
      cost: cost(15, 11),
      task: 'digits',
      genome: DIGITS_MLP,
      steps: 20,
      checkSteps: 3,
      tolerance: 1e-3,
    },
    {
      id: 'digits-cnn-16-32',
      cost: cost(38, 33),
      task: 'digits',
      genome: DIGITS_CNN,
      steps: 10,
      checkSteps: 3,
      tolerance: 1e-3,
    },
  ],
  infer: [
    {
      id: 'digits-mlp-256-256',
      cost: cost(1.5, 1.5),
      task: 'digits',
      genome: DIGITS_MLP,
      samples: 1500,
      batch: 500,
      tolerance: 1e-3,
    },
    {
      id: 'digits-cnn-16-32',
      cost: cost(65, 8.7),
      task: 'digits',
      genome: DIGITS_CNN,
      samples: 1500,
      batch: 250,
      tolerance: 1e-3,
    },
  ],
  matmul: [],
  conv: [],
  dispatch: [],
  loop: [
    {
      id: 'spirals-evolution',
      cost: cost(2.3, 2.8),
      task: 'spirals',
      proposer: 'evolution',
      generations: 5,
      population: 4,
      steps: 150,
      seed: 1,
      batchPopulation: true,
      targetAccuracy: 0.9,
    },
  ],
};

/** Kernels on their own. v2 added the population products; v3 drops the 4096 square product. */
const micro: Suite = {
  name: 'micro',
  version: 3,
  title:
    'Kernels: square and skinny matmul, population products (K = 32 models at once), conv2d, per-dispatch overhead',
  // Three repeats: kernels vary little, and a 2048 product or a population product takes tens of seconds on a software adapter.
  repeats: 3,
  warmup: 1,
  seed: 1,
  train: [],
  infer: [],
  matmul: [
    ...(
      [
        [256, 16, cost(2.3, 1.2)],
        [512, 8, cost(7.6, 4.2)],
        [1024, 2, cost(10.8, 8.0)],
        [2048, 1, cost(38.7, 18.2)],
      ] as const
    ).map(([s, iters, cost]) => ({ id: `square-${s}`, m: s, k: s, n: s, iters, tolerance: 1e-3, cost })),
    // Shapes of the lab's MLPs: spirals input layer, digits layers at batch 256, a digits output layer.
    { id: 'mlp-64x2x32', cost: cost(0.26, 0.1), m: 64, k: 2, n: 32, iters: 100, tolerance: 1e-3 },
    { id: 'mlp-256x784x256', cost: cost(6.2, 2.0), m: 256, k: 784, n: 256, iters: 20, tolerance: 1e-3 },
    { id: 'mlp-256x256x256', cost: cost(5.4, 1.3), m: 256, k: 256, n: 256, iters: 40, tolerance: 1e-3 },
    { id: 'mlp-1500x256x10', cost: cost(6.0, 0.33), m: 1500, k: 256, n: 10, iters: 40, tolerance: 1e-3 },
    // The population trainer's first-layer products of K = 32 MLPs 784-256-10 at batch 256 (on WebGPU the
    // fused step's tiled kernels): one product each per region, as each is seconds on a software adapter.
    {
      id: 'population-k32-forward-256x784x256',
      cost: cost(12, 5),
      m: 256,
      k: 784,
      n: 256,
      iters: 1,
      tolerance: 1e-3,
      models: 32,
      product: 'forward',
    },
    {
      id: 'population-k32-weight-grad-784x256x256',
      cost: cost(14, 5),
      m: 784,
      k: 256,
      n: 256,
      iters: 1,
      tolerance: 1e-3,
      models: 32,
      product: 'weight-gradient',
    },
  ],
  conv: [
    {
      id: 'b64-28x28x1-16',
      cost: cost(43, 0.16),
      batch: 64,
      size: 28,
      cin: 1,
      cout: 16,
      kernel: 3,
      iters: 10,
      tolerance: 1e-3,
    },
    {
      id: 'b64-14x14x16-32',
      cost: cost(4.8, 0.54),
      batch: 64,
      size: 14,
      cin: 16,
      cout: 32,
      kernel: 3,
      iters: 5,
      tolerance: 1e-3,
    },
    {
      id: 'b32-7x7x32-64',
      cost: cost(3.3, 0.43),
      batch: 32,
      size: 7,
      cin: 32,
      cout: 64,
      kernel: 3,
      iters: 10,
      tolerance: 1e-3,
    },
  ],
  dispatch: [{ id: 'chain-1000x1024', cost: cost(0.1, 0.1), ops: 1000, size: 1024, tolerance: 1e-3 }],
  loop: [],
};

/** Every measure, small: a first look, and CI's benchmark run (its time is estimated from the first case, not promised). */
const quick: Suite = {
  name: 'quick',
  version: 3,
  title: 'Every measure, small: a first look (time estimated from the first case on this device)',
  repeats: 3,
  warmup: 1,
  seed: 1,
  train: [
    {
      id: 'spirals-mlp-32-32',
      cost: cost(1.3, 0.1),
      task: 'spirals',
      genome: mlp([32, 32], 'relu', 'adam', 0.01, 64),
      steps: 10,
      checkSteps: 3,
      tolerance: 1e-3,
    },
    {
      id: 'digits-mlp-64',
      cost: cost(0.49, 0.2),
      task: 'digits',
      genome: mlp([64], 'relu', 'adam', 0.003, 64),
      steps: 5,
      checkSteps: 3,
      tolerance: 1e-3,
    },
  ],
  infer: [
    {
      id: 'digits-mlp-64',
      cost: cost(0.28, 0.12),
      task: 'digits',
      genome: mlp([64], 'relu', 'adam', 0.003, 64),
      samples: 1000,
      batch: 500,
      tolerance: 1e-3,
    },
  ],
  matmul: [
    { id: 'square-256', cost: cost(0.31, 0.17), m: 256, k: 256, n: 256, iters: 4, tolerance: 1e-3 },
    { id: 'mlp-64x784x64', cost: cost(0.13, 0.1), m: 64, k: 784, n: 64, iters: 4, tolerance: 1e-3 },
  ],
  conv: [
    {
      id: 'b4-28x28x1-8',
      cost: cost(0.24, 0.1),
      batch: 4,
      size: 28,
      cin: 1,
      cout: 8,
      kernel: 3,
      iters: 2,
      tolerance: 1e-3,
    },
  ],
  dispatch: [{ id: 'chain-200x256', cost: cost(0.1, 0.1), ops: 200, size: 256, tolerance: 1e-3 }],
  loop: [
    {
      id: 'spirals-evolution',
      cost: cost(0.29, 0.14),
      task: 'spirals',
      proposer: 'evolution',
      generations: 3,
      population: 2,
      steps: 20,
      seed: 1,
      batchPopulation: true,
      targetAccuracy: 0.6,
    },
  ],
};

/** The shipped suites by name. */
export const SUITES: Record<SuiteName, Suite> = { standard, micro, quick };
