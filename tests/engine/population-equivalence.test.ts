/**
 * Batched training (src/engine/population) against alone training
 * (trainCandidate) on tfjs's CPU backend: the same children, seeds and data
 * order, trained each alone and as one batched group.
 *
 * Tolerance: weights, losses and loss curves within 1e-5, accuracies equal.
 * In practice the CPU backend gives identical bits with `native`
 * broadcasting, and differences of a few 1e-7 with `expanded` (its default)
 * where a batch exceeds 48 rows (bias gradients then sum in 48-row blocks).
 * Dropout masks are reproduced too (each model's noise from tf.dropout's own
 * generator and seed), so the mixed group includes dropout.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation, Genome } from '../../src/core/genome';
import { RunControl, StopSignal } from '../../src/engine/control';
import { loadTask, type TaskTensors } from '../../src/engine/data';
import { nodeAssetLoader } from '../../src/engine/node-host';
import {
  checkEquivalence,
  compareResults,
  withValidationSubset,
  type Equivalence,
} from '../../src/engine/population/check';
import { trainGroup } from '../../src/engine/population/train-group';
import { trainCandidate } from '../../src/engine/train';
import { setupCpu } from './helpers';

const TOL = 1e-5;
let spirals: TaskTensors;

beforeAll(async () => {
  await setupCpu();
  spirals = await loadTask('spirals', 3, nodeAssetLoader());
});
afterAll(() => spirals?.dispose());

const mlp = (layers: [number, Activation][], hyper: Partial<Genome['hyper']> = {}): Genome => ({
  hyper: { optimizer: 'adam', learningRate: 0.02, batchSize: 32, weightDecay: 0, dropout: 0, ...hyper },
  arch: { family: 'mlp', layers: layers.map(([units, activation]) => ({ units, activation })) },
});

/** Children that differ in everything a group allows: widths, activations, optimizer, lr, batch, weight decay, dropout. */
const MIXED: Genome[] = [
  mlp([
    [8, 'tanh'],
    [8, 'tanh'],
  ]),
  mlp(
    [
      [16, 'relu'],
      [4, 'sigmoid'],
    ],
    { optimizer: 'sgd', learningRate: 0.3, batchSize: 64 },
  ),
  mlp(
    [
      [5, 'elu'],
      [12, 'tanh'],
    ],
    { optimizer: 'momentum', learningRate: 0.05, batchSize: 16, weightDecay: 0.003 },
  ),
  mlp(
    [
      [10, 'tanh'],
      [6, 'relu'],
    ],
    { dropout: 0.3, learningRate: 0.01 },
  ),
];

function expectClose(d: Equivalence, label: string): void {
  expect(d.maxWeightDiff, `${label}: weights`).toBeLessThanOrEqual(TOL);
  expect(d.maxValLossDiff, `${label}: validation loss`).toBeLessThanOrEqual(TOL);
  expect(d.maxTrainLossDiff, `${label}: train loss`).toBeLessThanOrEqual(TOL);
  expect(d.maxCurveDiff, `${label}: loss curve`).toBeLessThanOrEqual(TOL);
  expect(d.maxValAccuracyDiff, `${label}: validation accuracy`).toBe(0);
  expect(d.curveLengthsMatch, `${label}: loss curve lengths`).toBe(true);
  for (const s of d.stepsDone) expect(s.batched, `${label}: steps done`).toBe(s.alone);
  for (const s of d.status) expect(s.batched, `${label}: status`).toBe(s.alone);
}

describe('a batched group trains each child as it would train alone', () => {
  for (const broadcast of ['expanded', 'native'] as const) {
    it(`mixed widths, activations, optimizers, batch sizes, weight decay and dropout (${broadcast} broadcasting)`, async () => {
      const before = tf.memory().numTensors;
      const children = MIXED.map((genome, i) => ({ genome, seed: 11 + i }));
      const alone = [];
      for (const c of children)
        alone.push(
          await trainCandidate(spirals, { genome: c.genome, steps: 40, seed: c.seed, progressEvery: 10, init: null }),
        );
      const { results, groupError } = await trainGroup(spirals, {
        members: children.map((c) => ({ ...c, init: null })),
        steps: 40,
        progressEvery: 10,
        broadcast,
      });
      expect(groupError).toBeUndefined();
      expect(tf.memory().numTensors).toBe(before);
      expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
      const diff = compareResults(alone, results);
      expectClose(diff, broadcast);
      if (broadcast === 'native') expect(diff.maxWeightDiff).toBe(0);
    });
  }

  it('children starting from inherited weights, and a linear model', async () => {
    const parent = await trainCandidate(spirals, {
      genome: MIXED[0],
      steps: 20,
      seed: 5,
      progressEvery: 10,
      init: null,
    });
    const r = await checkEquivalence(
      spirals,
      [
        { genome: { ...MIXED[0], hyper: { ...MIXED[0].hyper, learningRate: 0.005 } }, seed: 21, init: parent.weights },
        { genome: MIXED[0], seed: 22 },
        {
          genome: mlp(
            [
              [8, 'relu'],
              [8, 'tanh'],
            ],
            { optimizer: 'momentum' },
          ),
          seed: 23,
          init: parent.weights,
        },
      ],
      30,
      10,
    );
    expectClose(r.diff, 'inherited');
    const linear = await checkEquivalence(
      spirals,
      [
        { genome: mlp([]), seed: 1 },
        { genome: mlp([], { optimizer: 'sgd', learningRate: 0.1 }), seed: 2 },
      ],
      30,
      10,
    );
    expectClose(linear.diff, 'linear');
  });

  it('reports progress for every child at every read-back, as alone', async () => {
    const seen: [number, number, number][] = [];
    const { results } = await trainGroup(spirals, {
      members: MIXED.slice(0, 2).map((genome, i) => ({ genome, seed: i, init: null })),
      steps: 25,
      progressEvery: 10,
      onProgress: (m, step, loss) => seen.push([m, step, loss]),
    });
    expect(seen.map(([m, s]) => `${m}@${s}`)).toEqual(['0@10', '1@10', '0@20', '1@20', '0@25', '1@25']);
    expect(seen.filter(([m]) => m === 1).map(([, , l]) => l)).toEqual(results[1].lossCurve);
  });
});

describe('CNNs of one architecture train batched as alone', () => {
  it('conv blocks as im2col products, a head with dropout, mixed optimizers', async () => {
    const digits = await loadTask('digits', 1, nodeAssetLoader());
    // A small validation split keeps the test fast; the CPU backend evaluates convnets slowly.
    const data = withValidationSubset(digits, 96);
    try {
      const cnn = (hyper: Partial<Genome['hyper']>): Genome => ({
        hyper: { optimizer: 'adam', learningRate: 0.003, batchSize: 8, weightDecay: 0, dropout: 0, ...hyper },
        arch: {
          family: 'cnn',
          blocks: [
            { filters: 3, kernel: 3, pool: true },
            { filters: 4, kernel: 3, pool: true },
          ],
          activation: 'relu',
          head: [{ units: 6, activation: 'tanh' }],
        },
      });
      const before = tf.memory().numTensors;
      const r = await checkEquivalence(
        data,
        [
          { genome: cnn({}), seed: 1 },
          { genome: cnn({ optimizer: 'sgd', learningRate: 0.05, dropout: 0.3, weightDecay: 1e-3 }), seed: 2 },
        ],
        6,
        3,
      );
      expect(tf.memory().numTensors).toBe(before);
      expect(r.groupError).toBeUndefined();
      expectClose(r.diff, 'cnn');
    } finally {
      data.dispose();
      digits.dispose();
    }
  });
});

describe('one child cannot poison the others', () => {
  // SGD at lr 10 with weight decay 1 multiplies the weights by −9 per step: it overflows in a few dozen steps.
  const exploding = mlp(
    [
      [8, 'tanh'],
      [8, 'tanh'],
    ],
    { optimizer: 'sgd', learningRate: 10, weightDecay: 1 },
  );

  it('a diverging child is marked diverged where it would be alone, and the rest train as alone', async () => {
    const before = tf.memory().numTensors;
    const children = [
      { genome: MIXED[0], seed: 1 },
      { genome: exploding, seed: 2 },
      { genome: MIXED[3], seed: 3 },
      { genome: exploding, seed: 4 },
    ];
    const r = await checkEquivalence(spirals, children, 100, 10);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.batched.map((x) => x.status)).toEqual(['ok', 'diverged', 'ok', 'diverged']);
    expectClose(r.diff, 'with diverging children');
    for (const i of [1, 3]) {
      expect(r.batched[i].error).toBe(r.alone[i].error);
      expect(r.batched[i].stepsDone).toBeLessThan(100);
      expect(r.batched[i].weights).toBeNull();
    }
  });

  it('a group whose children all diverge stops early and frees everything', async () => {
    const before = tf.memory().numTensors;
    const { results } = await trainGroup(spirals, {
      members: [1, 2].map((seed) => ({ genome: exploding, seed, init: null })),
      steps: 1000,
      progressEvery: 10,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.every((x) => x.status === 'diverged' && x.stepsDone < 100)).toBe(true);
  });

  it('a child with initial weights of the wrong shapes fails with the same error as alone; the others train', async () => {
    const wrong = [new Float32Array(3), new Float32Array(8)];
    const r = await checkEquivalence(
      spirals,
      [
        { genome: MIXED[0], seed: 1 },
        { genome: MIXED[0], seed: 2, init: wrong },
      ],
      20,
      10,
    );
    expect(r.batched.map((x) => x.status)).toEqual(['ok', 'failed']);
    expect(r.batched[1].error).toBe(r.alone[1].error);
    expect(r.batched[1].error).toMatch(/inherited weight 0 has 3 values, expected 16/);
    expectClose(r.diff, 'with a failed child');
  });

  it('a stop mid-group throws StopSignal and frees everything', async () => {
    const before = tf.memory().numTensors;
    const control = new RunControl();
    let calls = 0;
    await expect(
      trainGroup(spirals, {
        members: MIXED.map((genome, i) => ({ genome, seed: i, init: null })),
        steps: 100,
        progressEvery: 5,
        control,
        onProgress: () => {
          if (++calls === 6) control.stop();
        },
      }),
    ).rejects.toBeInstanceOf(StopSignal);
    expect(tf.memory().numTensors).toBe(before);
  });
});
