/**
 * A search space says which genomes a task allows: families, ranges and
 * choices. Operators clamp into it and the random proposer samples from it,
 * so no proposer can wander into a model the task cannot train.
 */
import type { Activation, CnnArch, Family, Genome, MlpArch, OptimizerName } from './genome';
import { ACTIVATIONS, OPTIMIZERS } from './genome';
import type { Rng } from './rng';

/** The allowed genomes of one task. */
export interface SearchSpace {
  families: Family[];
  optimizers: readonly OptimizerName[];
  activations: readonly Activation[];
  learningRate: { min: number; max: number };
  batchSizes: number[];
  weightDecay: { min: number; max: number };
  dropout: { max: number };
  /** Hidden dense layers (mlp) or head layers (cnn). */
  layers: { min: number; max: number };
  units: { min: number; max: number };
  conv: { minBlocks: number; maxBlocks: number; filtersMin: number; filtersMax: number; kernels: number[] };
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Log-uniform draw in [min, max]. */
export function logUniform(rng: Rng, min: number, max: number): number {
  return Math.exp(rng.uniform(Math.log(min), Math.log(max)));
}

/** The nearest allowed batch size. */
export function nearestBatchSize(space: SearchSpace, b: number): number {
  let best = space.batchSizes[0];
  for (const s of space.batchSizes) if (Math.abs(Math.log(s / b)) < Math.abs(Math.log(best / b))) best = s;
  return best;
}

function randomUnits(space: SearchSpace, rng: Rng): number {
  return Math.round(logUniform(rng, space.units.min, space.units.max));
}

/** A genome drawn uniformly (log-uniformly for scales) from the space. */
export function sampleGenome(space: SearchSpace, rng: Rng): Genome {
  const family = rng.pick(space.families);
  const depth = space.layers.min + rng.int(space.layers.max - space.layers.min + 1);
  const activation = rng.pick(space.activations);
  const dense = Array.from({ length: depth }, () => ({ units: randomUnits(space, rng), activation }));
  let arch: MlpArch | CnnArch;
  if (family === 'mlp') {
    arch = { family, layers: dense };
  } else {
    const { minBlocks, maxBlocks, filtersMin, filtersMax, kernels } = space.conv;
    const n = minBlocks + rng.int(maxBlocks - minBlocks + 1);
    arch = {
      family,
      blocks: Array.from({ length: n }, () => ({
        filters: Math.round(logUniform(rng, filtersMin, filtersMax)),
        kernel: rng.pick(kernels),
        pool: rng.next() < 0.7,
      })),
      activation,
      head: dense.slice(0, Math.min(dense.length, 1)),
    };
  }
  return {
    hyper: {
      optimizer: rng.pick(space.optimizers),
      learningRate: logUniform(rng, space.learningRate.min, space.learningRate.max),
      batchSize: rng.pick(space.batchSizes),
      weightDecay: rng.next() < 0.5 ? 0 : logUniform(rng, Math.max(space.weightDecay.min, 1e-6), space.weightDecay.max),
      dropout: rng.next() < 0.5 ? 0 : rng.uniform(0, space.dropout.max),
    },
    arch,
  };
}

/** Space for the 2-D playground tasks: small MLPs only. */
export const SPACE_2D: SearchSpace = {
  families: ['mlp'],
  optimizers: OPTIMIZERS,
  activations: ACTIVATIONS,
  learningRate: { min: 1e-4, max: 1 },
  batchSizes: [8, 16, 32, 64, 128],
  weightDecay: { min: 0, max: 1e-2 },
  dropout: { max: 0.5 },
  layers: { min: 0, max: 4 },
  units: { min: 2, max: 64 },
  conv: { minBlocks: 0, maxBlocks: 0, filtersMin: 1, filtersMax: 1, kernels: [3] },
};

/** Space for digits: MLPs and small convnets. */
export const SPACE_DIGITS: SearchSpace = {
  families: ['mlp', 'cnn'],
  optimizers: OPTIMIZERS,
  activations: ACTIVATIONS,
  learningRate: { min: 1e-4, max: 0.5 },
  batchSizes: [16, 32, 64, 128, 256],
  weightDecay: { min: 0, max: 1e-2 },
  dropout: { max: 0.5 },
  layers: { min: 0, max: 3 },
  units: { min: 8, max: 256 },
  conv: { minBlocks: 1, maxBlocks: 3, filtersMin: 4, filtersMax: 32, kernels: [3, 5] },
};
