/**
 * The population benchmark at CI size on the CPU backend in Node: it
 * measures one-at-a-time and batched throughput on the same backend in one
 * run and reports the ratios, keyed by model and population size.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodePopulationDriver } from '../../benchmarks/drivers/population-node';
import type { PopulationPlan } from '../../src/core/bench/population-plan';
import { table } from '../../src/core/bench/population-table';
import { runPopulation } from '../../benchmarks/cli/population-run';
import { setupCpu } from './helpers';

beforeAll(setupCpu);

describe('the population benchmark', () => {
  it('runs at quick size in Node on the CPU backend and prints its ratios', async () => {
    const plan: PopulationPlan = { models: ['mlp-2-32-2'], ks: [1, 8], steps: { 'mlp-2-32-2': 30 }, maxK: {} };
    const before = tf.memory().numTensors;
    const r = await runPopulation(await nodePopulationDriver(process.cwd(), 'cpu'), plan);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.suite).toBe('population');
    expect(r.backend).toBe('cpu');
    expect(r.figures.map((f) => `${f.k}/${f.mode}`)).toEqual(['1/alone', '1/batched', '8/alone', '8/batched']);
    for (const f of r.figures) {
      expect(f.samplesPerSec).toBeGreaterThan(0);
      expect(f.endToEndSamplesPerSec).toBeGreaterThan(0);
    }
    expect(Object.keys(r.speedups)).toEqual([
      'mlp-2-32-2/batched-vs-alone/speedup-k1',
      'mlp-2-32-2/batched-vs-alone/speedup-k8',
    ]);
    const k8 = r.comparisons.find((c) => c.k === 8)!;
    expect(k8.speedupBatchedVsAlone).toBeCloseTo(k8.samplesPerSec.batched! / k8.samplesPerSec.alone!, 10);
    // Both modes trained the same first models from the same seeds: their losses agree, so the ratio compares equal work.
    expect(k8.meanValLoss.alone).toBeGreaterThan(0);
    expect(k8.valLossMaxRelDiff).toBeLessThan(1e-5);
    const printed = table(r);
    console.log(printed);
    expect(printed).toMatch(/mlp-2-32-2\s+8\s+[\d,]+ ±\d+%\s+[\d,]+ ±\d+%\s+—\s+[\d.]+×\s+—\s+(0e\+0|\de-\d+)$/m);
    for (const f of r.figures) expect(f.samplesPerSecStat?.samples).toHaveLength(3);
    // No speed assertion: CI machines are shared, and the CPU backend is bound by per-element work.
  });
});
