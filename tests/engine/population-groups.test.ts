/** The grouping rule: which children of a generation train together (src/engine/population/groups.ts). */
import { describe, expect, it } from 'vitest';
import type { Genome } from '../../src/core/genome';
import { DEFAULT_LIMITS, limitsFor, planGroups, type GroupCandidate } from '../../src/engine/population/groups';

const mlp = (units: number[], hyper: Partial<Genome['hyper']> = {}, activation: 'relu' | 'tanh' = 'relu'): Genome => ({
  hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0, dropout: 0, ...hyper },
  arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation })) },
});
const cnn: Genome = {
  hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0, dropout: 0 },
  arch: { family: 'cnn', blocks: [{ filters: 4, kernel: 3, pool: true }], activation: 'relu', head: [] },
};
const at = (genome: Genome, steps = 100): GroupCandidate => ({ genome, steps });
const plan2d = (c: GroupCandidate[], limits = DEFAULT_LIMITS) => planGroups(c, [2], 2, 600, limits);
const planDigits = (c: GroupCandidate[], limits = DEFAULT_LIMITS) => planGroups(c, [28, 28, 1], 10, 7000, limits);

describe('planGroups', () => {
  it('groups MLPs of one depth whatever their widths, activations and hyperparameters', () => {
    const children = [
      at(mlp([8, 8])),
      at(mlp([10, 8], { optimizer: 'sgd', learningRate: 0.1 }, 'tanh')),
      at(mlp([8, 8], { batchSize: 16, dropout: 0.2, weightDecay: 1e-3 })),
      at(mlp([8, 8], { optimizer: 'momentum' })),
    ];
    expect(plan2d(children)).toEqual([[0, 1, 2, 3]]);
  });

  it('keeps depths, step budgets and families apart', () => {
    const children = [
      at(mlp([8])),
      at(mlp([8, 8])),
      at(cnn),
      at(mlp([16])),
      at(mlp([8, 8]), 50),
      at(mlp([])),
      at(cnn),
      at(mlp([4, 4])),
    ];
    expect(planDigits(children)).toEqual([[0, 3], [1, 7], [2, 6], [4], [5]]);
    // A CNN cannot train on 2-D points: it is left alone (to fail as it would).
    expect(plan2d([at(cnn), at(cnn)])).toEqual([[0], [1]]);
  });

  it('groups CNNs only with the identical architecture, batch size and budget', () => {
    const other = { ...cnn, arch: { ...cnn.arch, blocks: [{ filters: 5, kernel: 3, pool: true }] } } as Genome;
    const sgd = { ...cnn, hyper: { ...cnn.hyper, optimizer: 'sgd' as const, learningRate: 0.1, dropout: 0.2 } };
    const bigBatch = { ...cnn, hyper: { ...cnn.hyper, batchSize: 64 } };
    expect(planDigits([at(cnn), at(other), at(sgd), at(bigBatch), at(cnn, 7)])).toEqual([[0, 2], [1], [3], [4]]);
  });

  it('returns every child exactly once, groups ascending and ordered by their first child', () => {
    const children = Array.from({ length: 20 }, (_, i) =>
      at(mlp(i % 3 === 0 ? [8] : [8, 4 + i], { batchSize: [16, 32, 64][i % 3] })),
    );
    const groups = plan2d(children);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(children.map((_, i) => i));
    for (const g of groups) expect(g).toEqual(g.slice().sort((a, b) => a - b));
    expect(groups.map((g) => g[0])).toEqual(groups.map((g) => g[0]).sort((a, b) => a - b));
  });

  it('does not pad a small model into a much larger one (padded work at most maxWaste × own work)', () => {
    expect(DEFAULT_LIMITS.maxWaste).toBe(1.5);
    // 2-8-2 at batch 32 next to 2-512-2 at batch 128: the group would do twice the work of the two alone.
    expect(plan2d([at(mlp([8])), at(mlp([512], { batchSize: 128 }))])).toEqual([[0], [1]]);
    // Similar sizes pad cheaply and group.
    expect(plan2d([at(mlp([30])), at(mlp([32])), at(mlp([28]))])).toEqual([[0, 1, 2]]);
    expect(plan2d([at(mlp([8])), at(mlp([512], { batchSize: 128 }))], { ...DEFAULT_LIMITS, maxWaste: 1000 })).toEqual([
      [0, 1],
    ]);
  });

  it('splits groups at maxSize and at the largest tensor a group may hold', () => {
    const many = Array.from({ length: 10 }, () => at(mlp([8])));
    expect(plan2d(many, { ...DEFAULT_LIMITS, maxSize: 4 }).map((g) => g.length)).toEqual([4, 4, 2]);
    // digits-sized inputs: K × batch × 784 floats per gathered batch.
    const digits = Array.from({ length: 6 }, () => at(mlp([64], { batchSize: 256 })));
    const groups = planDigits(digits, { ...DEFAULT_LIMITS, maxTensorFloats: 3 * 256 * 784 });
    expect(groups.map((g) => g.length)).toEqual([3, 3]);
  });

  it('on the tfjs CPU backend leaves MLPs alone whose step is too large to gain from batching', () => {
    // 784-16-10 at batch 16: 0.2 M multiply-adds per step; 784-64-10 at batch 64: 3.3 M; 784-256-10 at batch 256: 52 M.
    const children = [
      at(mlp([16], { batchSize: 16 })),
      at(mlp([16], { batchSize: 16 })),
      at(mlp([64])),
      at(mlp([64])),
      at(mlp([256], { batchSize: 256 })),
      at(mlp([256], { batchSize: 256 })),
    ];
    expect(planDigits(children, limitsFor('webgpu'))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    // On wasm every product goes through XNNPACK, one per model, and batching large MLPs no longer loses.
    expect(planDigits(children, limitsFor('wasm'))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(planDigits(children, limitsFor('cpu'))).toEqual([[0, 1], [2, 3], [4], [5]]);
    // CNNs are not capped: on wasm the batched path is the only one that trains them.
    expect(limitsFor('webgl')).toEqual(DEFAULT_LIMITS);
  });

  it('batch sizes above the training set are clamped as training clamps them', () => {
    expect(planGroups([at(mlp([8], { batchSize: 4096 })), at(mlp([8], { batchSize: 1024 }))], [2], 2, 600)).toEqual([
      [0, 1],
    ]);
  });
});
