import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { genomeCost } from '../../src/core/cost';
import { best } from '../../src/core/proposers';
import { runLogToCsv, validateRunLog, type RunLog } from '../../src/core/runlog';
import { TASKS } from '../../src/core/tasks';
import type { LoopEvent } from '../../src/engine/events';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig, withoutTimes } from './helpers';

beforeAll(setupCpu);

const config = tinyConfig({ task: 'spirals', proposer: 'self-adaptive', generations: 4, population: 3, steps: 30 });
let first: RunLog;
let events: LoopEvent[];
let tensorsAtGenerationEnd: number[];
let tensorsBefore: number;
let tensorsAfter: number;

describe('runLoop over several generations', () => {
  beforeAll(async () => {
    events = [];
    tensorsAtGenerationEnd = [];
    tensorsBefore = tf.memory().numTensors;
    first = await runLoop(
      config,
      host({
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'generation-done') tensorsAtGenerationEnd.push(tf.memory().numTensors);
        },
      }),
    );
    tensorsAfter = tf.memory().numTensors;
  });

  it('holds the same number of tensors after every generation, and none after the run', () => {
    expect(tensorsAtGenerationEnd).toHaveLength(config.generations);
    expect(new Set(tensorsAtGenerationEnd).size).toBe(1);
    expect(tensorsAfter).toBe(tensorsBefore);
  });

  it('writes a complete, valid log', () => {
    expect(first.status).toBe('done');
    expect(() => validateRunLog(JSON.parse(JSON.stringify(first)))).not.toThrow();
    expect(first.config).toEqual(config);
    expect(first.environment.backend).toBe('cpu');
    expect(first.environment.requestedBackend).toBe('cpu');
    expect(first.environment.nodeVersion).toBe(process.version);
    expect(first.generations.map((g) => g.index)).toEqual([0, 1, 2, 3]);
    expect(first.candidates).toHaveLength(1 + config.population * (config.generations - 1));
    expect(first.candidates.map((c) => c.id)).toEqual(first.candidates.map((_, i) => i));
    const csvLines = runLogToCsv(first).trim().split('\n');
    expect(csvLines).toHaveLength(1 + first.candidates.length);
  });

  it('starts from the seed genome alone and builds every child from an earlier generation', () => {
    const [seed, ...children] = first.candidates;
    expect(seed.generation).toBe(0);
    expect(seed.parentId).toBeNull();
    expect(seed.genome.arch).toEqual(TASKS.spirals.seedGenomes.default.arch);
    expect(seed.genome.policy).toBeDefined();
    for (const c of children) {
      expect(c.generation).toBeGreaterThan(0);
      const parent = first.candidates[c.parentId as number];
      expect(parent.generation).toBeLessThan(c.generation);
      expect(c.operators.length).toBeGreaterThan(0);
      expect(c.genome).not.toEqual(parent.genome);
    }
  });

  it('records analytic cost and the step budget on every candidate', () => {
    for (const c of first.candidates) {
      const cost = genomeCost(c.genome, [2], 2);
      expect(c.params).toBe(cost.params);
      expect(c.flops).toBe(cost.flopsPerStep * c.steps);
      if (c.status === 'ok') {
        expect(c.steps).toBe(config.steps);
        expect(c.lossCurve).toHaveLength(config.steps / config.progressEvery);
        expect(c.metrics.valAccuracy).toBeGreaterThanOrEqual(0);
        expect(c.metrics.valAccuracy).toBeLessThanOrEqual(1);
      }
    }
  });

  it('names the best-so-far champion each generation, scored on test once', () => {
    let previous = -Infinity;
    for (const g of first.generations) {
      const soFar = first.candidates.filter((c) => c.generation <= g.index);
      const champ = best(soFar)!;
      expect(g.championId).toBe(champ.id);
      expect(g.championValAccuracy).toBe(champ.metrics.valAccuracy);
      expect(g.championTestAccuracy).toBe(champ.metrics.testAccuracy);
      expect(g.championValAccuracy).toBeGreaterThanOrEqual(previous);
      previous = g.championValAccuracy;
      const own = first.candidates.filter((c) => c.generation === g.index);
      expect(g.candidateIds).toEqual(own.map((c) => c.id));
      expect(g.bestValAccuracy).toBe(best(own)?.metrics.valAccuracy ?? null);
    }
    const champions = new Set(first.generations.map((g) => g.championId));
    for (const c of first.candidates) expect(c.metrics.testAccuracy !== undefined).toBe(champions.has(c.id));
  });

  it('emits events in order', () => {
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run-start');
    expect(types[types.length - 1]).toBe('run-done');
    expect(types.filter((t) => t === 'generation-start')).toHaveLength(config.generations);
    expect(types.filter((t) => t === 'child-done')).toHaveLength(first.candidates.length);
    expect(types.filter((t) => t === 'child-start')).toHaveLength(first.candidates.length);
    expect(types).not.toContain('error');
    // Each child's events sit between its start and done.
    let open: number | null = null;
    for (const e of events) {
      if (e.type === 'child-start') {
        expect(open).toBeNull();
        open = e.candidateId;
      } else if (e.type === 'child-progress') {
        expect(e.candidateId).toBe(open);
      } else if (e.type === 'child-done') {
        expect(e.candidate.id).toBe(open);
        open = null;
      } else if (e.type === 'generation-done') {
        expect(open).toBeNull();
      }
    }
  });

  it('is reproducible: the same seed on cpu gives identical candidates and metrics', async () => {
    const second = await runLoop(config, host());
    expect(withoutTimes(second)).toEqual(withoutTimes(first));
  });

  it('a different seed gives a different run', async () => {
    const other = await runLoop({ ...config, seed: config.seed + 1, generations: 2 }, host());
    const firstTwo = withoutTimes({ ...first, candidates: first.candidates.filter((c) => c.generation < 2) });
    expect(withoutTimes(other).candidates).not.toEqual(firstTwo.candidates);
  });
});
