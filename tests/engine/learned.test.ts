/**
 * The learned proposer end to end on the CPU backend: its ensemble learns a
 * simple relation, and a short loop logs predictions and their rank
 * correlation, proposes valid genomes and is reproducible from its seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_EXAMPLES, spearman } from '../../src/core/learned';
import { createRng } from '../../src/core/rng';
import { validateRunLog } from '../../src/core/runlog';
import { TASKS } from '../../src/core/tasks';
import { ensemblePredict } from '../../src/engine/learned';
import { OPERATOR_NAMES } from '../../src/core/operators';
import { transferFrom } from '../../src/core/transfer';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig, withoutTimes } from './helpers';

beforeAll(setupCpu);

describe('learned proposer', () => {
  it('its ensemble learns a relation and ranks unseen queries by it, leaving no tensors', async () => {
    const rng = createRng(4);
    const row = () => [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)];
    const examples = Array.from({ length: 60 }, () => {
      const x = row();
      return { x, y: 0.1 * x[0] - 0.05 * x[1] };
    });
    const queries = Array.from({ length: 30 }, row);
    const before = tf.memory().numTensors;
    const preds = await ensemblePredict(examples, queries, createRng(1));
    expect(tf.memory().numTensors).toBe(before);
    expect(preds).toHaveLength(5);
    const mean = queries.map((_, i) => preds.reduce((s, m) => s + m[i], 0) / preds.length);
    expect(
      spearman(
        mean,
        queries.map((q) => 0.1 * q[0] - 0.05 * q[1]),
      )!,
    ).toBeGreaterThan(0.9);
    // Members differ (bootstrap resamples and their own initial weights): that is the exploration.
    expect(preds[0]).not.toEqual(preds[1]);
    expect(await ensemblePredict(examples, queries, createRng(1))).toEqual(preds);
  });

  it('logs predicted gains and their rank correlation, proposes valid genomes, and is reproducible', async () => {
    const config = tinyConfig({ proposer: 'learned', generations: 4, population: 4, steps: 20 });
    const a = await runLoop(config, host());
    expect(a.status).toBe('done');
    expect(() => validateRunLog(JSON.parse(JSON.stringify(a)))).not.toThrow();
    const space = TASKS.spirals.space;
    for (const c of a.candidates.filter((c) => c.generation > 0)) {
      expect(c.operators).toHaveLength(1);
      expect(c.genome.hyper.learningRate).toBeGreaterThanOrEqual(space.learningRate.min);
      // Generation 1 has no examples yet; from the generation with MIN_EXAMPLES on, every child carries a prediction.
      const examples = a.candidates.filter((x) => x.generation > 0 && x.generation < c.generation).length;
      expect(c.predictedGain !== undefined).toBe(examples >= MIN_EXAMPLES);
    }
    expect(a.generations[3].predictionRankCorrelation).not.toBeUndefined();
    // Generation 3's children carry predictions (checked above), so it has a correlation, and it is one.
    const r = a.generations[3].predictionRankCorrelation;
    expect(typeof r).toBe('number');
    expect(Math.abs(r as number)).toBeLessThanOrEqual(1);
    const b = await runLoop(config, host());
    expect(withoutTimes(b)).toEqual(withoutTimes(a));
  }, 120_000);
});

describe('--policy-from transfer', () => {
  it('a self-adaptive run starts from the transferred policy; learned predicts from its first generation with transferred examples', async () => {
    const source = await runLoop(tinyConfig({ proposer: 'learned', generations: 4, population: 4, steps: 20 }), host());
    const t = transferFrom(source, 'source.json');
    expect(t.examples.length).toBeGreaterThanOrEqual(MIN_EXAMPLES);
    const learned = await runLoop(
      tinyConfig({ proposer: 'learned', generations: 2, population: 3, steps: 20, seed: 8, policyFrom: t }),
      host(),
    );
    for (const c of learned.candidates.filter((c) => c.generation === 1)) expect(c.predictedGain).toBeTypeOf('number');
    const cold = await runLoop(
      tinyConfig({ proposer: 'learned', generations: 2, population: 3, steps: 20, seed: 8 }),
      host(),
    );
    for (const c of cold.candidates.filter((c) => c.generation === 1)) expect(c.predictedGain).toBeUndefined();

    const policy = {
      operatorWeights: Object.fromEntries(OPERATOR_NAMES.map((n) => [n, n === 'widen' ? 1000 : 0.001])),
      stepScale: 0.5,
    };
    const sa = await runLoop(
      tinyConfig({
        proposer: 'self-adaptive-frozen',
        generations: 2,
        population: 3,
        steps: 20,
        policyFrom: { from: 'hand', examples: [], policy },
      }),
      host(),
    );
    expect(sa.candidates[0].genome.policy).toEqual(policy);
    for (const c of sa.candidates.filter((c) => c.generation === 1)) expect(c.operators).toEqual(['widen']);
  }, 120_000);
});
