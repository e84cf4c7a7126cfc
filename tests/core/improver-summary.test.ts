import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import {
  lateMinusEarly,
  learnedRunQuality,
  pairedComparisons,
  predictionQuality,
} from '../../src/core/improver-summary';
import type { RunLog } from '../../src/core/runlog';
import { SCHEMA_VERSION } from '../../src/core/runlog';
import { candidate } from './fixtures';

/** A run whose final champion has test accuracy `test`, with rank correlations per generation. */
function run(proposer: string, seed: number, test: number, rhos: (number | null)[] = []): RunLog {
  const c0 = candidate(0, { valAccuracy: 0.6 });
  const c1 = candidate(1, { parentId: 0, generation: 1, valAccuracy: 0.7 });
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: 'test',
    createdAt: '2026-01-01T00:00:00Z',
    status: 'done',
    config: parseConfig({ task: 'spirals', proposer, seed, generations: 2 + rhos.length, population: 1 }),
    environment: {
      requestedBackend: 'cpu',
      backend: 'cpu',
      fallbacks: [],
      adapter: null,
      tfjsVersion: 'x',
      platform: 'test',
    },
    candidates: [c0, c1],
    generations: [0, 1, ...rhos.map((_, i) => i + 2)].map((index) => ({
      index,
      championId: index === 0 ? 0 : 1,
      championValAccuracy: index === 0 ? 0.6 : 0.7,
      championTestAccuracy: test,
      bestValAccuracy: null,
      candidateIds: [],
      ms: 1,
      ...(index >= 2 ? { predictionRankCorrelation: rhos[index - 2] } : {}),
    })),
  };
}

describe('improver comparisons', () => {
  it('pairs by seed, adjusts p within a measure by Holm, and reports P(A>B)', () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const logs = [
      ...seeds.map((s) => run('evolution', s, 0.8 + s * 0.001)),
      ...seeds.map((s) => run('learned', s, 0.85 + s * 0.001)),
      ...seeds.map((s) => run('self-adaptive', s, 0.8 + s * 0.001 + (s % 2 ? 0.002 : -0.002))),
      run('self-adaptive', 99, 1),
    ];
    const rows = pairedComparisons(
      logs,
      [
        ['learned', 'evolution'],
        ['self-adaptive', 'evolution'],
      ],
      ['finalTest'],
    );
    expect(rows).toHaveLength(2);
    const [l, s] = rows;
    expect(l.seeds).toBe(8);
    expect(l.difference.mean).toBeCloseTo(0.05, 12);
    expect(l.pSuperiority).toBe(1);
    // Exact sign-flip test over 2^8 patterns: only the all-positive and all-negative are as extreme.
    expect(l.p).toBeCloseTo(2 / 256, 12);
    expect(l.pHolm).toBeCloseTo(Math.min(1, 2 * l.p), 12);
    // Seed 99 has no evolution partner: not used.
    expect(s.seeds).toBe(8);
    expect(s.difference.mean).toBeCloseTo(0, 12);
    expect(s.pHolm).toBeGreaterThanOrEqual(s.p);
  });

  it("summarises learned's rank correlation per generation and its trend", () => {
    const logs = [
      run('learned', 1, 0.8, [0.1, 0.3, 0.5]),
      run('learned', 2, 0.8, [0.2, 0.4, null]),
      run('learned', 3, 0.8, [0, 0.2, 0.4]),
    ];
    const q = predictionQuality(logs);
    expect(q.perGeneration.map((g) => [g.generation, g.rho.n])).toEqual([
      [2, 3],
      [3, 3],
      [4, 2],
    ]);
    expect(q.perGeneration[0].rho.mean).toBeCloseTo(0.1, 12);
    expect(q.slope!.mean).toBeCloseTo(0.2, 12);
    expect(q.slope!.lo).toBeGreaterThan(0.1);
  });

  it('takes late minus early over the generations of each window that have a rank correlation', () => {
    // Generations 2..8: early (2-3) mean 0.2; late (4-8) has no value at 6, mean (0.5 + 0.5 + 0.2 + 0.4) / 4 = 0.4.
    const [full, earlyOnly, lateOnly, evolution] = learnedRunQuality([
      run('learned', 1, 0.8, [0.1, 0.3, 0.5, 0.5, null, 0.2, 0.4]),
      run('learned', 2, 0.8, [0.1, 0.3]),
      run('learned', 3, 0.8, [null, null, 0.5]),
      run('evolution', 1, 0.8),
    ]);
    expect(evolution).toBeUndefined();
    expect(lateMinusEarly(full, [2, 3], [4, 8])).toBeCloseTo(0.2, 12);
    // A falling run gives a negative contrast; windows are inclusive at both ends.
    expect(lateMinusEarly(full, [4, 5], [7, 8])).toBeCloseTo(-0.2, 12);
    expect(lateMinusEarly(earlyOnly, [2, 3], [4, 8])).toBeNull();
    expect(lateMinusEarly(lateOnly, [2, 3], [4, 8])).toBeNull();
  });
});
