import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genomeCost } from '../../src/core/cost';
import { OPTIMIZERS } from '../../src/core/genome';
import { RunControl, StopSignal } from '../../src/engine/control';
import { loadTask, type TaskTensors } from '../../src/engine/data';
import { nodeAssetLoader } from '../../src/engine/node-host';
import { evaluate, evaluateWeights, trainCandidate, type TrainRequest } from '../../src/engine/train';
import { buildNet } from '../../models/net';
import { createRng } from '../../src/core/rng';
import { setupCpu, tinyMlp } from './helpers';

let moons: TaskTensors;
let xor: TaskTensors;

beforeAll(async () => {
  await setupCpu();
  moons = await loadTask('moons', 1, nodeAssetLoader());
  xor = await loadTask('xor', 1, nodeAssetLoader());
});

afterAll(() => {
  moons?.dispose();
  xor?.dispose();
});

const request = (over: Partial<TrainRequest>): TrainRequest => ({
  genome: tinyMlp(),
  steps: 200,
  seed: 1,
  progressEvery: 25,
  init: null,
  ...over,
});

/** Runs fn and checks it leaves tfjs's live tensor count where it found it. */
async function noLeak<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('trainCandidate learns', () => {
  it('moons: adam lr 0.03, 8-8 tanh, 200 steps reaches well above chance', async () => {
    const untrained = await noLeak(async () => {
      const net = buildNet(tinyMlp(), [2], 2, createRng(1));
      try {
        return await evaluate(net, moons.validation);
      } finally {
        net.dispose();
      }
    });
    const r = await noLeak(() => trainCandidate(moons, request({})));
    expect(r.status).toBe('ok');
    expect(r.error).toBeUndefined();
    expect(r.stepsDone).toBe(200);
    expect(r.valAccuracy).toBeGreaterThan(0.8);
    expect(r.valAccuracy!).toBeGreaterThan(untrained.accuracy);
    expect(r.valLoss!).toBeLessThan(untrained.loss);
    // One loss sample per 25 steps, falling from the first to the last.
    expect(r.lossCurve).toHaveLength(200 / 25);
    expect(r.lossCurve.every(Number.isFinite)).toBe(true);
    expect(r.lossCurve[r.lossCurve.length - 1]).toBeLessThan(r.lossCurve[0]);
    expect(r.trainLoss).toBe(r.lossCurve[r.lossCurve.length - 1]);
    // Weights: kernel and bias of three dense layers, sized as the cost model says.
    expect(r.weights).toHaveLength(6);
    expect(r.weights!.reduce((s, w) => s + w.length, 0)).toBe(genomeCost(tinyMlp(), [2], 2).params);
    expect(r.trainMs).toBeGreaterThan(0);
  });

  it('xor: the same genome reaches well above chance', async () => {
    const r = await noLeak(() => trainCandidate(xor, request({})));
    expect(r.status).toBe('ok');
    expect(r.valAccuracy).toBeGreaterThan(0.8);
  });

  it('returned weights reproduce the reported validation scores', async () => {
    const r = await trainCandidate(moons, request({ steps: 50, progressEvery: 10 }));
    const again = await noLeak(() => evaluateWeights(tinyMlp(), r.weights!, moons, moons.validation));
    expect(again.accuracy).toBe(r.valAccuracy);
    expect(again.loss).toBeCloseTo(r.valLoss!, 5);
  });

  it('starting from given weights continues from them', async () => {
    const first = await trainCandidate(moons, request({ steps: 150 }));
    // One tiny SGD step from the trained weights keeps the trained accuracy; from scratch it would not.
    const genome = tinyMlp([8, 8], { optimizer: 'sgd', learningRate: 1e-6 });
    const cont = await noLeak(() =>
      trainCandidate(moons, request({ genome, steps: 1, progressEvery: 1, init: first.weights })),
    );
    const fresh = await trainCandidate(moons, request({ genome, steps: 1, progressEvery: 1, init: null }));
    expect(cont.status).toBe('ok');
    expect(Math.abs(cont.valAccuracy! - first.valAccuracy!)).toBeLessThanOrEqual(0.01);
    expect(cont.valLoss!).toBeLessThan(fresh.valLoss!);
  });

  it('is deterministic given the seed, and the seed matters', async () => {
    const genome = tinyMlp([8], { dropout: 0.2 });
    const a = await trainCandidate(moons, request({ genome, steps: 40, progressEvery: 10, seed: 3 }));
    const b = await trainCandidate(moons, request({ genome, steps: 40, progressEvery: 10, seed: 3 }));
    const c = await trainCandidate(moons, request({ genome, steps: 40, progressEvery: 10, seed: 4 }));
    expect(b.lossCurve).toEqual(a.lossCurve);
    expect(b.valLoss).toBe(a.valLoss);
    expect(b.weights).toEqual(a.weights);
    expect(c.lossCurve).not.toEqual(a.lossCurve);
  });

  it('reports progress every progressEvery steps and at the last step', async () => {
    const seen: number[] = [];
    const r = await trainCandidate(
      moons,
      request({
        steps: 25,
        progressEvery: 10,
        onProgress: (step, loss) => {
          expect(Number.isFinite(loss)).toBe(true);
          seen.push(step);
        },
      }),
    );
    expect(seen).toEqual([10, 20, 25]);
    expect(r.lossCurve).toHaveLength(3);
  });

  it('every optimizer, with weight decay and dropout, trains without leaking tensors', async () => {
    for (const optimizer of OPTIMIZERS) {
      for (const [weightDecay, dropout] of [
        [0, 0],
        [1e-3, 0.2],
      ]) {
        const r = await noLeak(() =>
          trainCandidate(
            xor,
            request({
              genome: tinyMlp([4], { optimizer, weightDecay, dropout, learningRate: 0.01 }),
              steps: 10,
              progressEvery: 5,
            }),
          ),
        );
        expect(r.status, `${optimizer} wd=${weightDecay} dropout=${dropout}`).toBe('ok');
      }
    }
  });
});

describe('trainCandidate fails cleanly', () => {
  // SGD with weight decay wd multiplies the weights by (1 - lr·wd) each step on top of the
  // data gradient: at lr 10, wd 1 that is ×(−9) per step, so they overflow float32 in a few
  // dozen steps whatever the data. (A huge lr alone does not blow up: the softmax
  // cross-entropy gradient is bounded.)
  const exploding = (units: number[]) => tinyMlp(units, { optimizer: 'sgd', learningRate: 10, weightDecay: 1 });

  for (const units of [[], [8]]) {
    it(`a runaway learning rate gives status diverged with an error (${units.length} hidden layers)`, async () => {
      const r = await noLeak(() =>
        trainCandidate(moons, request({ genome: exploding(units), steps: 100, progressEvery: 10 })),
      );
      expect(r.status).toBe('diverged');
      expect(r.error).toMatch(/loss (became|is) (NaN|-?Infinity)/);
      expect(r.stepsDone).toBeLessThan(100);
      expect(r.stepsDone % 10).toBe(0);
      expect(r.valAccuracy).toBeNull();
      expect(r.valLoss).toBeNull();
      expect(r.weights).toBeNull();
    });
  }

  it('initial weights of the wrong shapes give status failed', async () => {
    const wrong = [new Float32Array(3), new Float32Array(8)];
    const r = await noLeak(() => trainCandidate(moons, request({ init: wrong, steps: 10 })));
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/inherited weight 0 has 3 values, expected 16/);
    expect(r.weights).toBeNull();
    expect(r.stepsDone).toBe(0);
  });

  it('initial weights of the right sizes but too few tensors give status failed', async () => {
    const sizes = [2 * 8, 8, 8 * 8, 8];
    const r = await noLeak(() =>
      trainCandidate(moons, request({ init: sizes.map((n) => new Float32Array(n)), steps: 10 })),
    );
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/inherited weight 4/);
  });

  it('a cnn on a 2-D task gives status failed', async () => {
    const genome = {
      ...tinyMlp(),
      arch: {
        family: 'cnn' as const,
        blocks: [{ filters: 2, kernel: 3, pool: false }],
        activation: 'relu' as const,
        head: [],
      },
    };
    const r = await noLeak(() => trainCandidate(moons, request({ genome, steps: 5 })));
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/cnn needs an image input/);
  });

  it('a stopped run throws StopSignal and still frees everything', async () => {
    const control = new RunControl();
    let calls = 0;
    await noLeak(async () => {
      await expect(
        trainCandidate(
          moons,
          request({
            steps: 100,
            progressEvery: 5,
            control,
            onProgress: () => {
              calls++;
              if (calls === 2) control.stop();
            },
          }),
        ),
      ).rejects.toBeInstanceOf(StopSignal);
    });
    expect(calls).toBe(2);
  });
});
