/**
 * The learning curve's pure half: which examples a snapshot trains on, which
 * children are the run's last generation, and the pre-registered tests.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { MIN_EXAMPLES } from '../../src/core/learned';
import {
  curveTests,
  lastGenerationExamples,
  runExamples,
  snapshotInputs,
  type RunCurve,
} from '../../src/core/learning-curve';
import type { Candidate, RunLog } from '../../src/core/runlog';
import { candidate, minimalLog, mlpGenome } from './fixtures';

/** A learned run of `perGen` children of the seed per generation; the child with id i gains i/1000. */
function run(generations: number, perGen: number): RunLog {
  const candidates: Candidate[] = [candidate(0, { valAccuracy: 0.6 })];
  for (let g = 1; g < generations; g++)
    for (let k = 0; k < perGen; k++) {
      const id = candidates.length;
      candidates.push({
        ...candidate(id, {
          parentId: 0,
          generation: g,
          genome: mlpGenome([8, 8], { learningRate: 0.001 * id }),
          valAccuracy: 0.6 + id / 1000,
        }),
        operators: ['lr-scale'],
      });
    }
  const base = minimalLog();
  return {
    ...base,
    config: parseConfig({ task: 'spirals', proposer: 'learned', generations, population: perGen, seed: 3 }),
    candidates,
    generations: Array.from({ length: generations }, (_, g) => ({ ...base.generations[0], index: g })),
  };
}

describe('snapshot inputs', () => {
  it('train on the generations before g only, from the first generation with enough examples', () => {
    const log = run(5, 4);
    expect(snapshotInputs(log, 1)).toBeNull();
    expect(snapshotInputs(log, 2)).toBeNull();
    const s3 = snapshotInputs(log, 3)!;
    expect(s3.examples).toHaveLength(MIN_EXAMPLES);
    expect(s3.examples.map((e) => e.y)).toEqual(
      runExamples(log)
        .slice(0, 8)
        .map((e) => e.y),
    );
    expect(snapshotInputs(log, 4)!.examples).toHaveLength(12);
    // The run's pool size (96 by default) is drawn, whatever the population.
    expect(s3.pool.proposals).toHaveLength(96);
    expect(() => snapshotInputs({ ...log, config: { ...log.config, proposer: 'evolution' } }, 3)).toThrow(/evolution/);
    expect(() => snapshotInputs(log, 5)).toThrow(/generation 5/);
  });

  it('the last generation is the tail of the examples', () => {
    const log = run(5, 4);
    expect(lastGenerationExamples(log).map((e) => Math.round(e.y * 1000))).toEqual([13, 14, 15, 16]);
  });
});

const curve = (rhos: Record<number, number>, own: Record<number, number> = {}): RunCurve => ({
  seed: 1,
  codeVersion: 'x',
  evalSize: 10,
  snapshots: Object.entries(rhos).map(([g, rho]) => ({
    generation: Number(g),
    examples: 8 * (Number(g) - 1),
    rho,
    rhoOwnLast: own[Number(g)] ?? null,
  })),
  faithfulness: { compared: 8, unmatched: 0, maxAbsDiff: 0 },
});

describe('the pre-registered tests', () => {
  it('late − early is the mean of snapshots 6–8 minus that of 2–3, per run', () => {
    const a = curve({ 2: 0.1, 3: 0.3, 4: 0.9, 5: 0.9, 6: 0.4, 7: 0.5, 8: 0.6 }, { 2: 0.2, 3: 0.2, 6: 0.5, 7: 0.7 });
    const b = curve({ 2: 0.5, 3: 0.5, 4: 0, 5: 0, 6: 0.3, 7: 0.3, 8: 0.3 }, { 2: 0.4, 3: 0.4, 6: 0.1, 7: 0.1 });
    const t = curveTests([a, b]);
    expect(t.primary.values[0]).toBeCloseTo(0.5 - 0.2, 12);
    expect(t.primary.values[1]).toBeCloseTo(0.3 - 0.5, 12);
    expect(t.primary.estimate!.mean).toBeCloseTo(0.05, 12);
    const own = t.secondary.find((s) => s.name.startsWith('own'))!;
    expect(own.values[0]).toBeCloseTo(0.4, 12);
    expect(own.values[1]).toBeCloseTo(-0.3, 12);
    for (const s of t.secondary) expect(s.pHolm).toBeGreaterThanOrEqual(s.p!);
    expect(t.perSnapshot.map((s) => s.generation)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(t.perSnapshot[0].rho.mean).toBeCloseTo(0.3, 12);
  });
});
