/**
 * The loop with population batching: on by default, recorded per candidate,
 * the same results as training alone (up to float rounding), and the flag,
 * the run log field and older logs all handled.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../../src/core/config';
import { runLogToCsv, validateRunLog, type RunLog } from '../../src/core/runlog';
import { runLoop } from '../../src/engine/loop';
import { parseLoopArgs } from '../../benchmarks/cli/loop';
import { loopArgs, parseSweepArgs } from '../../benchmarks/cli/sweep';
import { UsageError } from '../../benchmarks/cli/args';
import { host, setupCpu, tinyConfig, withoutTimes } from './helpers';

const config = tinyConfig({ task: 'spirals', proposer: 'self-adaptive', generations: 3, population: 6, steps: 30 });
let batched: RunLog;
let alone: RunLog;

beforeAll(async () => {
  await setupCpu();
  batched = await runLoop(config, host());
  alone = await runLoop({ ...config, batchPopulation: false }, host());
});

describe('population batching in the loop', () => {
  it('is on by default and records how each child trained', () => {
    expect(DEFAULT_CONFIG.batchPopulation).toBe(true);
    expect(config.batchPopulation).toBe(true);
    expect(batched.candidates[0].training).toEqual({ mode: 'alone' });
    const children = batched.candidates.filter((c) => c.generation > 0);
    expect(children.some((c) => c.training?.mode === 'batched')).toBe(true);
    for (let g = 1; g < config.generations; g++) {
      const own = batched.candidates.filter((c) => c.generation === g);
      const sizes = own.map((c) => (c.training?.mode === 'batched' ? c.training.groupSize : 1));
      // A group of K contributes K children with groupSize K.
      for (const k of new Set(sizes)) expect(sizes.filter((s) => s === k).length % k).toBe(0);
    }
    expect(() => validateRunLog(JSON.parse(JSON.stringify(batched)))).not.toThrow();
    const csv = runLogToCsv(batched).split('\n');
    expect(csv[0].split(',').pop()).toBe('training');
    expect(csv.some((l) => /,batched:\d+$/.test(l))).toBe(true);
  });

  it('with batchPopulation false every child trains alone, to the same results up to float rounding', () => {
    expect(alone.candidates.every((c) => c.training?.mode === 'alone')).toBe(true);
    // Generation 1's children come from the same seed candidate, so they are the same genomes.
    const g1 = (log: RunLog) => log.candidates.filter((c) => c.generation <= 1);
    expect(g1(alone).map((c) => c.genome)).toEqual(g1(batched).map((c) => c.genome));
    g1(alone).forEach((a, i) => {
      const b = g1(batched)[i];
      expect(b.status).toBe(a.status);
      expect(b.steps).toBe(a.steps);
      expect(b.metrics.valAccuracy).toBe(a.metrics.valAccuracy);
      if (a.metrics.valLoss !== null)
        expect(Math.abs(b.metrics.valLoss! - a.metrics.valLoss)).toBeLessThanOrEqual(1e-5);
      a.lossCurve.forEach((l, j) => expect(Math.abs(b.lossCurve[j] - l)).toBeLessThanOrEqual(1e-5));
    });
  });

  it('is deterministic and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const again = await runLoop(config, host());
    expect(tf.memory().numTensors).toBe(before);
    expect(withoutTimes(again)).toEqual(withoutTimes(batched));
  });
});

describe('the run log and the config', () => {
  it('validates logs without the training field (written before batching) and refuses a bad one', () => {
    const old = JSON.parse(JSON.stringify(batched)) as RunLog;
    for (const c of old.candidates) delete c.training;
    delete (old.config as Partial<typeof old.config>).batchPopulation;
    expect(() => validateRunLog(old)).not.toThrow();
    const bad = JSON.parse(JSON.stringify(batched));
    bad.candidates[1].training = { mode: 'batched', groupSize: 0 };
    expect(() => validateRunLog(bad)).toThrow(/candidates\[1\]\.training/);
    bad.candidates[1].training = { mode: 'together' };
    expect(() => validateRunLog(bad)).toThrow(/candidates\[1\]\.training/);
  });

  it('resumes a log whose config predates batchPopulation', async () => {
    const stopped = JSON.parse(JSON.stringify(batched)) as RunLog;
    delete (stopped.config as Partial<typeof stopped.config>).batchPopulation;
    stopped.status = 'stopped';
    stopped.generations = stopped.generations.slice(0, 2);
    stopped.candidates = stopped.candidates.filter((c) => c.generation < 2);
    const resumed = await runLoop(config, host({ resumeFrom: stopped }));
    expect(withoutTimes(resumed)).toEqual(withoutTimes(batched));
  });

  it('config, CLI and sweep take batchPopulation', () => {
    expect(parseConfig({ batchPopulation: 'false' }).batchPopulation).toBe(false);
    expect(() => parseConfig({ batchPopulation: 'maybe' })).toThrow(/batchPopulation/);
    expect(parseLoopArgs(['--batch-population', 'false']).config.batchPopulation).toBe(false);
    expect(parseLoopArgs(['--batch-population']).config.batchPopulation).toBe(true);
    expect(parseLoopArgs([]).config.batchPopulation).toBe(true);
    expect(() => parseLoopArgs(['--batch-population', 'maybe'])).toThrow(UsageError);
    expect(() => parseLoopArgs(['--batch-population', 'maybe'])).toThrow(/--batch-population/);
    const sweep = parseSweepArgs([
      '--proposers',
      'random',
      '--seeds',
      '1',
      '--out',
      '/tmp/x',
      '--batch-population',
      'false',
    ]);
    if (sweep === 'help') throw new Error('unexpected help');
    expect(sweep.base.batchPopulation).toBe(false);
    const args = loopArgs({ proposer: 'random', seed: 1, file: 'f.json', config: sweep.base }, 'node', 'f.json');
    expect(args.join(' ')).toMatch(/--batch-population false/);
    expect(parseLoopArgs(args.slice(0, args.indexOf('--driver'))).config).toEqual(sweep.base);
  });
});
