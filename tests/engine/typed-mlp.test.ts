/**
 * The typed-array training step for small MLPs (src/engine/typed-mlp/)
 * against the tfjs step it stands in for, on tfjs's CPU backend and the real
 * wasm backend in Node: the same children, seeds and data order trained with
 * tfjs ops (`useTypedStep([])`) and with typed arrays, alone and as a
 * group, with every activation, optimizer, weight decay, dropout, inherited
 * weights and optimizer state, and a diverging child. On cpu the typed step
 * rounds as tfjs-backend-cpu does, so the two are equal to the bit; tfjs-wasm
 * sums products in float32 in its own order and has its own exp and tanh,
 * so there weights and losses agree to float rounding grown over the steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Activation, Genome, OptimizerName } from '../../src/core/genome';
import { selectBackend } from '../../src/engine/backend';
import { RunControl, StopSignal } from '../../src/engine/control';
import { loadTask, type TaskTensors } from '../../src/engine/data';
import { nodeAssetLoader, prepareNode } from '../../src/engine/node-host';
import { compareResults, type Equivalence } from '../../src/engine/population/check';
import { trainGroup } from '../../src/engine/population/train-group';
import { trainCandidate, type TrainRequest, type TrainResult } from '../../src/engine/train';
import { TYPED_BACKENDS, TYPED_MAX_WORK, typedStepCovers, useTypedStep } from '../../src/engine/typed-mlp/train';

let spirals: TaskTensors;
/** How far the paths may differ: nothing on cpu, float rounding grown over the steps on wasm. */
let tol = 0;

beforeAll(async () => {
  await prepareNode();
  useTypedStep(['cpu', 'wasm']);
});
afterAll(() => useTypedStep(TYPED_BACKENDS));
// cpu too: it is not a default there (see TYPED_BACKENDS), but the step is the same.
afterEach(() => useTypedStep(['cpu', 'wasm']));

const mlp = (layers: [number, Activation][], hyper: Partial<Genome['hyper']> = {}): Genome => ({
  hyper: { optimizer: 'adam', learningRate: 0.02, batchSize: 32, weightDecay: 0, dropout: 0, ...hyper },
  arch: { family: 'mlp', layers: layers.map(([units, activation]) => ({ units, activation })) },
});

/** Every activation and optimizer, weight decay and dropout, one to three hidden layers and none. */
const CHILDREN: Genome[] = [
  mlp([[32, 'relu']], { optimizer: 'sgd', learningRate: 0.3, batchSize: 64 }),
  mlp([
    [16, 'tanh'],
    [8, 'tanh'],
  ]),
  mlp(
    [
      [12, 'sigmoid'],
      [6, 'elu'],
    ],
    { optimizer: 'momentum', learningRate: 0.05, batchSize: 16, weightDecay: 0.003 },
  ),
  mlp(
    [
      [10, 'elu'],
      [10, 'relu'],
      [6, 'sigmoid'],
    ],
    { dropout: 0.3, learningRate: 0.01, weightDecay: 1e-4 },
  ),
  mlp([[24, 'tanh']], { optimizer: 'momentum', dropout: 0.5, batchSize: 48 }),
  mlp([], { optimizer: 'sgd', learningRate: 0.1 }),
];

/** Trains each request alone, with tfjs ops and with typed arrays. */
async function bothPaths(reqs: TrainRequest[]): Promise<{ tfjs: TrainResult[]; typed: TrainResult[] }> {
  const run = async (typed: boolean) => {
    useTypedStep(typed ? ['cpu', 'wasm'] : []);
    const out: TrainResult[] = [];
    for (const r of reqs) out.push(await trainCandidate(spirals, r));
    return out;
  };
  return { tfjs: await run(false), typed: await run(true) };
}

function expectClose(d: Equivalence, label: string): void {
  expect(d.maxWeightDiff, `${label}: weights`).toBeLessThanOrEqual(tol);
  expect(d.maxValLossDiff, `${label}: validation loss`).toBeLessThanOrEqual(tol);
  expect(d.maxCurveDiff, `${label}: loss curve`).toBeLessThanOrEqual(tol);
  expect(d.curveLengthsMatch, `${label}: loss curve lengths`).toBe(true);
  for (const s of d.status) expect(s.batched, `${label}: status`).toBe(s.alone);
  for (const s of d.stepsDone) expect(s.batched, `${label}: steps`).toBe(s.alone);
}

describe('which models the typed-array step trains', () => {
  it('MLPs up to TYPED_MAX_WORK multiply-adds per step, on wasm (and the backends asked for) only', () => {
    expect(TYPED_BACKENDS).toEqual(['wasm']);
    for (const g of CHILDREN) expect(typedStepCovers(g, 'wasm', 2, 2)).toBe(true);
    expect(typedStepCovers(CHILDREN[1], 'cpu', 2, 2)).toBe(false);
    expect(typedStepCovers(CHILDREN[1], 'cpu', 2, 2, ['cpu'])).toBe(true);
    expect(typedStepCovers(CHILDREN[1], 'wasm', 2, 2, [])).toBe(false);
    expect(typedStepCovers(CHILDREN[1], 'webgpu', 2, 2)).toBe(false);
    const cnn: Genome = {
      hyper: CHILDREN[0].hyper,
      arch: { family: 'cnn', blocks: [{ filters: 4, kernel: 3, pool: true }], activation: 'relu', head: [] },
    };
    expect(typedStepCovers(cnn, 'wasm', 64, 10)).toBe(false);
    // 2-256-2 has 1,282 weights: batch 256 is under the limit, batch 512 over it.
    const wide = (batchSize: number) => mlp([[256, 'relu']], { batchSize });
    expect(256 * 1282).toBeLessThanOrEqual(TYPED_MAX_WORK);
    expect(typedStepCovers(wide(256), 'wasm', 2, 2)).toBe(true);
    expect(typedStepCovers(wide(512), 'wasm', 2, 2)).toBe(false);
    expect(typedStepCovers(mlp([[64, 'relu']]), 'wasm', 784, 10)).toBe(false);
  });
});

describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
  beforeAll(async () => {
    expect((await selectBackend(backend)).backend).toBe(backend);
    tol = backend === 'cpu' ? 0 : 1e-4;
    spirals = await loadTask('spirals', 3, nodeAssetLoader());
  });
  afterAll(() => spirals?.dispose());

  describe('the typed-array step computes what the tfjs step does', () => {
    it('alone: every activation, optimizer, weight decay and dropout, leaking nothing', async () => {
      const before = tf.memory().numTensors;
      const reqs = CHILDREN.map((genome, i) => ({ genome, steps: 40, seed: 11 + i, progressEvery: 10, init: null }));
      const { tfjs, typed } = await bothPaths(reqs);
      expect(tf.memory().numTensors).toBe(before);
      for (const r of [...tfjs, ...typed]) expect(r.status, r.error).toBe('ok');
      const d = compareResults(tfjs, typed);
      expectClose(d, 'alone');
      expect(d.maxValAccuracyDiff).toBeLessThanOrEqual(1 / spirals.validation.n);
      // Not a vacuous match: the children learned.
      for (const r of typed) expect(r.lossCurve[r.lossCurve.length - 1]).toBeLessThan(r.lossCurve[0]);
    });

    it('from inherited weights and optimizer state, returning the state tfjs would', async () => {
      const kinds: OptimizerName[] = ['sgd', 'momentum', 'adam'];
      for (const optimizer of kinds) {
        const genome = mlp([[16, 'tanh']], { optimizer, learningRate: 0.03 });
        useTypedStep([]);
        const parent = await trainCandidate(spirals, {
          genome,
          steps: 20,
          seed: 2,
          progressEvery: 10,
          init: null,
          keepState: true,
        });
        const req = {
          genome,
          steps: 20,
          seed: 3,
          progressEvery: 10,
          init: parent.weights,
          initState: parent.optimizerState,
          keepState: true,
        };
        const { tfjs, typed } = await bothPaths([req]);
        expectClose(compareResults(tfjs, typed), optimizer);
        const [a, b] = [tfjs[0].optimizerState!, typed[0].optimizerState!];
        expect(b.iterations).toBe(a.iterations);
        expect(b.iterations).toBe(40);
        expect(b.slots.length).toBe(a.slots.length);
        a.slots.forEach((slot, s) =>
          slot.forEach((arr, v) =>
            arr.forEach((x, i) => expect(Math.abs(x - b.slots[s][v][i])).toBeLessThanOrEqual(tol)),
          ),
        );
        // Training did not touch the parent's arrays.
        expect(parent.weights).not.toBe(typed[0].weights);
      }
    });

    it('a diverging child diverges at the same read-back with the same error', async () => {
      // SGD at lr 10 with weight decay 1 multiplies the weights by −9 per step: it overflows in a few dozen steps.
      const exploding = mlp([[8, 'tanh']], { optimizer: 'sgd', learningRate: 10, weightDecay: 1 });
      const { tfjs, typed } = await bothPaths([
        { genome: exploding, steps: 200, seed: 4, progressEvery: 10, init: null },
      ]);
      expect(tfjs[0].status).toBe('diverged');
      expect(typed[0].status).toBe('diverged');
      expect(typed[0].error).toBe(tfjs[0].error);
      expect(typed[0].stepsDone).toBe(tfjs[0].stepsDone);
      expect(typed[0].stepsDone).toBeLessThan(200);
      expectClose(compareResults(tfjs, typed), 'diverging');
    });
  });

  describe('a typed group trains each child exactly as alone', () => {
    it('bit for bit, with a diverging child among them, and as the tfjs group does', async () => {
      const exploding = mlp([[8, 'tanh']], { optimizer: 'sgd', learningRate: 10, weightDecay: 1 });
      const genomes = [...CHILDREN.slice(0, 4), exploding];
      const members = genomes.map((genome, i) => ({ genome, seed: 30 + i, init: null }));
      const seen: string[] = [];
      const group = await trainGroup(spirals, {
        members,
        steps: 60,
        progressEvery: 20,
        onProgress: (m, step) => seen.push(`${m}@${step}`),
      });
      expect(group.kernels).toBe('fused');
      expect(seen.slice(0, 5)).toEqual(['0@20', '1@20', '2@20', '3@20', '4@20']);
      const alone = [];
      for (const m of members) alone.push(await trainCandidate(spirals, { ...m, steps: 60, progressEvery: 20 }));
      expect(group.results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'diverged']);
      const same = compareResults(alone, group.results);
      expect(same.maxWeightDiff).toBe(0);
      expect(same.maxCurveDiff).toBe(0);
      expect(same.maxValLossDiff).toBe(0);
      // tfjs groups MLPs of one depth: the two with two hidden layers.
      const pair = [1, 2];
      const tfjsGroup = await trainGroup(spirals, {
        members: pair.map((i) => members[i]),
        steps: 60,
        progressEvery: 20,
        kernels: 'tfjs',
      });
      expect(tfjsGroup.kernels).toBe('tfjs');
      const d = compareResults(
        tfjsGroup.results,
        pair.map((i) => group.results[i]),
      );
      // The tfjs group sums padded products in its own order: float rounding, even on cpu.
      expect(d.maxWeightDiff).toBeLessThan(1e-5);
      expect(d.maxCurveDiff).toBeLessThan(1e-5);
    });

    it('a stop mid-group throws StopSignal', async () => {
      const control = new RunControl();
      let calls = 0;
      await expect(
        trainGroup(spirals, {
          members: CHILDREN.slice(0, 3).map((genome, i) => ({ genome, seed: i, init: null })),
          steps: 100,
          progressEvery: 5,
          control,
          onProgress: () => {
            if (++calls === 4) control.stop();
          },
        }),
      ).rejects.toBeInstanceOf(StopSignal);
    });
  });
});
