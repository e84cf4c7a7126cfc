import { describe, expect, it } from 'vitest';
import { genomeCost, layerCosts } from '../../src/core/cost';
import type { Genome } from '../../src/core/genome';
import { cnnGenome, mlpGenome } from './fixtures';

describe('genomeCost: mlp', () => {
  it('counts a 2-8-8-2 mlp by hand', () => {
    const g = mlpGenome([8, 8], { batchSize: 32 });
    const c = genomeCost(g, [2], 2);
    // Weights plus biases of each dense layer.
    expect(c.params).toBe(2 * 8 + 8 + (8 * 8 + 8) + (8 * 2 + 2));
    // One multiply-add = 2 FLOPs per weight.
    const forward = 2 * (2 * 8 + 8 * 8 + 8 * 2);
    expect(c.forwardFlops).toBe(forward);
    // Forward, weight gradients, and input gradients for every layer but the first.
    expect(c.flopsPerStep).toBe((3 * forward - 2 * 2 * 8) * 32);
  });

  it('counts a linear model (no hidden layers)', () => {
    const c = genomeCost(mlpGenome([], { batchSize: 8 }), [2], 2);
    expect(c.params).toBe(2 * 2 + 2);
    expect(c.forwardFlops).toBe(2 * 2 * 2);
    // One layer: it needs no input gradient, so a step is 2× its forward pass.
    expect(c.flopsPerStep).toBe(2 * 8 * 8);
  });

  it('flattens an image input for an mlp', () => {
    const c = genomeCost(mlpGenome([16]), [28, 28, 1], 10);
    expect(c.params).toBe(784 * 16 + 16 + (16 * 10 + 10));
  });

  it('scales flopsPerStep linearly with the batch size and not params', () => {
    const a = genomeCost(mlpGenome([8, 8], { batchSize: 16 }), [2], 2);
    const b = genomeCost(mlpGenome([8, 8], { batchSize: 64 }), [2], 2);
    expect(b.flopsPerStep).toBe(4 * a.flopsPerStep);
    expect(b.params).toBe(a.params);
  });
});

describe('genomeCost: cnn', () => {
  it('counts a small cnn by hand on 28×28×1 digits', () => {
    // conv 3×3 1→4 + pool (28→14), conv 5×5 4→8 no pool (14×14), dense 16, out 10.
    const g = cnnGenome();
    const c = genomeCost(g, [28, 28, 1], 10);
    const conv1 = { params: 3 * 3 * 1 * 4 + 4, flops: 2 * 3 * 3 * 1 * 4 * 28 * 28 };
    const conv2 = { params: 5 * 5 * 4 * 8 + 8, flops: 2 * 5 * 5 * 4 * 8 * 14 * 14 };
    const flat = 14 * 14 * 8;
    const head = { params: flat * 16 + 16, flops: 2 * flat * 16 };
    const out = { params: 16 * 10 + 10, flops: 2 * 16 * 10 };
    expect(c.params).toBe(conv1.params + conv2.params + head.params + out.params);
    expect(c.params).toBe(26122);
    expect(c.forwardFlops).toBe(conv1.flops + conv2.flops + head.flops + out.flops);
    expect(c.flopsPerStep).toBe((3 * c.forwardFlops - conv1.flops) * g.hyper.batchSize);
  });

  it('floors odd feature maps when pooling (28 → 14 → 7 → 3)', () => {
    const g: Genome = {
      hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, weightDecay: 0, dropout: 0 },
      arch: {
        family: 'cnn',
        blocks: [
          { filters: 2, kernel: 3, pool: true },
          { filters: 2, kernel: 3, pool: true },
          { filters: 2, kernel: 3, pool: true },
        ],
        activation: 'relu',
        head: [],
      },
    };
    const layers = layerCosts(g.arch, [28, 28, 1], 10);
    expect(layers.map((l) => l.outShape)).toEqual([[14, 14, 2], [7, 7, 2], [3, 3, 2], [10]]);
    expect(layers[3].kernelShape).toEqual([3 * 3 * 2, 10]);
    // Conv FLOPs are at the pre-pool resolution.
    expect(layers[1].forwardFlops).toBe(2 * 9 * 2 * 2 * 14 * 14);
    expect(layers[2].forwardFlops).toBe(2 * 9 * 2 * 2 * 7 * 7);
  });

  it('reports kernel shapes in variable order', () => {
    const layers = layerCosts(cnnGenome().arch, [28, 28, 1], 10);
    expect(layers.map((l) => l.kind)).toEqual(['conv', 'conv', 'dense', 'dense']);
    expect(layers.map((l) => l.kernelShape)).toEqual([
      [3, 3, 1, 4],
      [5, 5, 4, 8],
      [1568, 16],
      [16, 10],
    ]);
  });
});
