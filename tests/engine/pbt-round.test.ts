/**
 * One PBT round batched equals the same round alone: members that continue
 * earlier training — their parent's weights AND optimizer state (momentum's
 * accumulations, Adam's moments and step count) — trained as one batched
 * group give what each gives trained alone (tfjs CPU backend, tolerance
 * 1e-5 as in population-equivalence.test.ts). Then the same through the loop:
 * a `pbt` run batched and with batching off agree candidate by candidate.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation, Genome } from '../../src/core/genome';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { loadTask, type TaskTensors } from '../../src/engine/data';
import { runLoop } from '../../src/engine/loop';
import { nodeAssetLoader } from '../../src/engine/node-host';
import type { OptimizerState } from '../../src/engine/optimizer';
import { trainGroup } from '../../src/engine/population/train-group';
import { trainCandidate, type TrainResult } from '../../src/engine/train';
import { host, setupCpu, tinyConfig } from './helpers';

const TOL = 1e-5;
let spirals: TaskTensors;

beforeAll(async () => {
  await setupCpu();
  spirals = await loadTask('spirals', 3, nodeAssetLoader());
});
afterAll(() => spirals?.dispose());

const mlp = (layers: [number, Activation][], hyper: Partial<Genome['hyper']>): Genome => ({
  hyper: { optimizer: 'adam', learningRate: 0.02, batchSize: 32, weightDecay: 0, dropout: 0, ...hyper },
  arch: { family: 'mlp', layers: layers.map(([units, activation]) => ({ units, activation })) },
});

// One depth, different widths (padded in the group), every optimizer.
const MEMBERS: Genome[] = [
  mlp(
    [
      [8, 'tanh'],
      [8, 'tanh'],
    ],
    { optimizer: 'adam' },
  ),
  mlp(
    [
      [12, 'relu'],
      [6, 'tanh'],
    ],
    { optimizer: 'momentum', learningRate: 0.05, batchSize: 16 },
  ),
  mlp(
    [
      [6, 'tanh'],
      [10, 'relu'],
    ],
    { optimizer: 'sgd', learningRate: 0.2, weightDecay: 1e-3 },
  ),
  mlp(
    [
      [8, 'tanh'],
      [8, 'tanh'],
    ],
    { optimizer: 'adam', learningRate: 0.005, dropout: 0.1 },
  ),
];

const close = (a: readonly number[] | Float32Array, b: readonly number[] | Float32Array) => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThanOrEqual(TOL);
};

describe('a PBT round: continuing members batched equal them alone', () => {
  let round1: TrainResult[];

  beforeAll(async () => {
    round1 = [];
    for (const [i, genome] of MEMBERS.entries())
      round1.push(
        await trainCandidate(spirals, {
          genome,
          steps: 20,
          seed: 100 + i,
          progressEvery: 10,
          init: null,
          keepState: true,
        }),
      );
  });

  it('keeps each optimizer’s state after a round', () => {
    const states = round1.map((r) => r.optimizerState!);
    expect(states.map((s) => [s.optimizer, s.iterations, s.slots.length])).toEqual([
      ['adam', 20, 2],
      ['momentum', 20, 1],
      ['sgd', 20, 0],
      ['adam', 20, 2],
    ]);
    // One array per variable, shaped like the weights, and not all zero: the moments moved.
    states.forEach((s, m) => {
      for (const slot of s.slots) {
        expect(slot.map((a) => a.length)).toEqual(round1[m].weights!.map((w) => w.length));
        expect(slot.some((a) => a.some((x) => x !== 0))).toBe(true);
      }
    });
  });

  it('trains the next round batched as alone, from the carried weights and state', async () => {
    const before = tf.memory().numTensors;
    const members = MEMBERS.map((genome, i) => ({
      genome,
      seed: 200 + i,
      init: round1[i].weights,
      initState: round1[i].optimizerState,
    }));
    const alone: TrainResult[] = [];
    for (const m of members)
      alone.push(await trainCandidate(spirals, { ...m, steps: 30, progressEvery: 10, keepState: true }));
    const group = await trainGroup(spirals, { members, steps: 30, progressEvery: 10, keepState: true });
    expect(group.groupError).toBeUndefined();
    expect(group.kernels).toBe('tfjs');
    group.results.forEach((b, m) => {
      const a = alone[m];
      expect(b.status).toBe('ok');
      expect(b.valAccuracy).toBe(a.valAccuracy);
      close([b.valLoss!], [a.valLoss!]);
      close(b.lossCurve, a.lossCurve);
      b.weights!.forEach((w, i) => close(w, a.weights![i]));
      const sa = a.optimizerState as OptimizerState;
      const sb = b.optimizerState as OptimizerState;
      expect([sb.optimizer, sb.iterations]).toEqual([sa.optimizer, 50]);
      sb.slots.forEach((slot, s) => slot.forEach((x, i) => close(x, sa.slots[s][i])));
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is not the same as starting the optimizer afresh (the state matters)', async () => {
    const m = { genome: MEMBERS[0], seed: 200, init: round1[0].weights, steps: 30, progressEvery: 10 };
    const carried = await trainCandidate(spirals, { ...m, initState: round1[0].optimizerState });
    const fresh = await trainCandidate(spirals, m);
    const diff = Math.max(...carried.weights![0].map((x, i) => Math.abs(x - fresh.weights![0][i])));
    expect(diff).toBeGreaterThan(1e-4);
  });
});

describe('the pbt proposer in the loop', () => {
  const config = tinyConfig({ proposer: 'pbt', generations: 4, population: 4, steps: 20, seed: 5 });
  let batched: RunLog;
  let alone: RunLog;

  beforeAll(async () => {
    batched = await runLoop(config, host());
    alone = await runLoop({ ...config, batchPopulation: false }, host());
  });

  it('runs rounds as generations: members continue or copy a top member, on one architecture', () => {
    expect(() => validateRunLog(JSON.parse(JSON.stringify(batched)))).not.toThrow();
    const arch = JSON.stringify(batched.candidates[0].genome.arch);
    for (let g = 1; g < config.generations; g++) {
      const round = batched.candidates.filter((c) => c.generation === g);
      expect(round.map((c) => c.member)).toEqual([0, 1, 2, 3]);
      for (const c of round) {
        expect(JSON.stringify(c.genome.arch)).toBe(arch);
        expect(c.inherited).toBe(true);
        expect(c.steps).toBe(20);
      }
      if (g === 1) continue;
      const prev = batched.candidates.filter((c) => c.generation === g - 1);
      const ranked = prev.slice().sort((a, b) => b.metrics.valAccuracy! - a.metrics.valAccuracy! || a.id - b.id);
      const exploits = round.filter((c) => c.operators[0] === 'exploit');
      // Bottom quarter of four: one member copies the top one.
      expect(exploits).toHaveLength(1);
      expect(exploits[0].parentId).toBe(ranked[0].id);
      expect(exploits[0].member).toBe(ranked[3].member);
      for (const c of round.filter((x) => x.operators[0] === 'continue'))
        expect(prev.find((p) => p.id === c.parentId)!.member).toBe(c.member);
    }
    // Some round trained batched (the members share a clock and a shape).
    expect(batched.candidates.some((c) => c.generation > 1 && c.training?.mode === 'batched')).toBe(true);
  });

  it('records the champion’s learning-rate schedule', () => {
    const last = batched.generations[batched.generations.length - 1];
    const schedule = last.championSchedule!;
    expect(schedule[0]).toEqual({ step: 0, learningRate: batched.candidates[0].genome.hyper.learningRate });
    const champion = batched.candidates[last.championId];
    expect(schedule[schedule.length - 1].learningRate).toBe(champion.genome.hyper.learningRate);
  });

  it('gives the same candidates batched and alone (weights and optimizer state carried both ways)', () => {
    expect(alone.candidates.every((c) => c.training?.mode === 'alone')).toBe(true);
    expect(alone.candidates.map((c) => [c.parentId, c.operators, c.genome])).toEqual(
      batched.candidates.map((c) => [c.parentId, c.operators, c.genome]),
    );
    alone.candidates.forEach((a, i) => {
      const b = batched.candidates[i];
      expect(b.metrics.valAccuracy).toBe(a.metrics.valAccuracy);
      close([b.metrics.valLoss!], [a.metrics.valLoss!]);
      close(b.lossCurve, a.lossCurve);
    });
  });
});
