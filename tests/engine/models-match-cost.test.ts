import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { genomeCost } from '../../src/core/cost';
import type { Genome } from '../../src/core/genome';
import { createRng } from '../../src/core/rng';
import { sampleGenome, SPACE_DIGITS } from '../../src/core/space';
import { buildNet, readWeights } from '../../models/net';
import { setupCpu } from './helpers';

beforeAll(setupCpu);

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Builds, runs a forward pass on a small batch, and frees a net; returns its variable sizes. */
function probe(genome: Genome, inputShape: number[], classes: number, batch = 3) {
  const before = tf.memory().numTensors;
  const net = buildNet(genome, inputShape, classes, createRng(1));
  const params = net.variables.reduce((s, v) => s + v.size, 0);
  const shapes = net.variables.map((v) => v.shape);
  const x = tf.zeros([batch, sizeOf(inputShape)]);
  const out = tf.tidy(() => net.apply(x, true, 1));
  const outShape = out.shape;
  tf.dispose([x, out]);
  net.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return { params, shapes, outShape };
}

describe('built networks match the analytic cost model', () => {
  it('mlp 2-8-8-2', () => {
    const g: Genome = {
      hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 8, weightDecay: 0, dropout: 0.1 },
      arch: {
        family: 'mlp',
        layers: [
          { units: 8, activation: 'relu' },
          { units: 8, activation: 'elu' },
        ],
      },
    };
    const p = probe(g, [2], 2);
    expect(p.params).toBe(2 * 8 + 8 + (8 * 8 + 8) + (8 * 2 + 2));
    expect(genomeCost(g, [2], 2).params).toBe(114);
    expect(p.shapes).toEqual([[2, 8], [8], [8, 8], [8], [8, 2], [2]]);
    expect(p.outShape).toEqual([3, 2]);
  });

  it('cnn with three pooled blocks (28 → 14 → 7 → 3) and a head', () => {
    const g: Genome = {
      hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 8, weightDecay: 0, dropout: 0.2 },
      arch: {
        family: 'cnn',
        blocks: [
          { filters: 2, kernel: 3, pool: true },
          { filters: 3, kernel: 5, pool: true },
          { filters: 4, kernel: 3, pool: true },
        ],
        activation: 'sigmoid',
        head: [{ units: 5, activation: 'tanh' }],
      },
    };
    const p = probe(g, [28, 28, 1], 10);
    // Written out by hand, not from the code the nets are built from: 'same' convolutions
    // ([k, k, in, out] kernels), each pool halving the side (28 → 14 → 7 → 3), then the head.
    const shapes = [[3, 3, 1, 2], [2], [5, 5, 2, 3], [3], [3, 3, 3, 4], [4], [3 * 3 * 4, 5], [5], [5, 10], [10]];
    expect(p.shapes).toEqual(shapes);
    expect(p.params).toBe(18 + 2 + (150 + 3) + (108 + 4) + (180 + 5) + (50 + 10));
    expect(genomeCost(g, [28, 28, 1], 10).params).toBe(530);
    expect(p.outShape).toEqual([3, 10]);
  });

  it('random digits-space genomes all build, run and match their cost', () => {
    for (let s = 0; s < 12; s++) {
      const g = sampleGenome(SPACE_DIGITS, createRng(100 + s));
      const p = probe(g, [28, 28, 1], 10, 2);
      expect(p.params, JSON.stringify(g.arch)).toBe(genomeCost(g, [28, 28, 1], 10).params);
      expect(p.outShape).toEqual([2, 10]);
    }
  });

  it('initialisation is seeded: same rng, same weights; biases start at zero', async () => {
    const g: Genome = {
      hyper: { optimizer: 'sgd', learningRate: 0.01, batchSize: 8, weightDecay: 0, dropout: 0 },
      arch: { family: 'mlp', layers: [{ units: 4, activation: 'relu' }] },
    };
    const a = buildNet(g, [2], 2, createRng(5));
    const b = buildNet(g, [2], 2, createRng(5));
    const c = buildNet(g, [2], 2, createRng(6));
    const [wa, wb, wc] = [await readWeights(a), await readWeights(b), await readWeights(c)];
    [a, b, c].forEach((n) => n.dispose());
    expect(wb).toEqual(wa);
    expect(wc[0]).not.toEqual(wa[0]);
    expect(Array.from(wa[1])).toEqual([0, 0, 0, 0]);
    // Glorot uniform limit sqrt(6 / (fanIn + fanOut)) = sqrt(6 / 6) = 1 for the first kernel.
    for (const v of wa[0]) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });
});
