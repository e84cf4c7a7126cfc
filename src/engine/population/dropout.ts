/**
 * A batched group's dropout noise, drawn exactly as each child draws it
 * alone: hidden layer l of model m at step s takes the Philox draw
 * (src/core/philox.ts) keyed by deriveSeed(child seed, 'dropout', s) + l
 * over the model's own [batch, width] — what models/layers.ts `dropout`
 * draws in `trainCandidate`. The plain step draws it here on the host; the
 * fused step draws the same bits on the device from the same seeds.
 */
import type { BatchedNet } from '../../../models/batched';
import { uniformNoise } from '../../core/philox';
import { deriveSeed } from '../../core/rng';

/** Host-side uniform noise for one hidden layer's dropout, [K, B, width]. */
export interface Noise {
  values: Float32Array;
  shape: [number, number, number];
}

/** Each model's dropout seed at `step` (u32): what alone training passes its net for that step (train.ts). */
export function stepSeeds(seeds: readonly number[], step: number): Uint32Array {
  return Uint32Array.from(seeds, (s) => deriveSeed(s, 'dropout', step));
}

/**
 * Each hidden layer's noise for the group, placed into the padded stack
 * (model-major, [K, batch, width]); models without dropout and padded
 * entries get zeros, which a keep rate of 1 turns into a mask of ones.
 */
export function dropoutNoise(
  net: BatchedNet,
  rates: readonly number[],
  seeds: Uint32Array,
  batches: readonly number[],
  batch: number,
): Noise[] {
  const out: Noise[] = [];
  for (let l = 0; l < net.dims.length - 2; l++) {
    const width = net.dims[l + 1];
    const values = new Float32Array(net.k * batch * width);
    for (let m = 0; m < net.k; m++)
      if (rates[m] > 0)
        uniformNoise(seeds[m] + l, batches[m], net.modelDims[m][l + 1], values, m * batch * width, width);
    out.push({ values, shape: [net.k, batch, width] });
  }
  return out;
}
