import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import type { Candidate, RunLog } from '../../src/core/runlog';
import { SCHEMA_VERSION } from '../../src/core/runlog';
import { summariseSweep } from '../../src/core/sweep-summary';
import { childOutcomes, noiseThreshold, slope, successByGeneration, successSlope } from '../../src/core/success';
import { candidate } from './fixtures';

/** A run whose generation g (g ≥ 1) has children of parent 0 with the given validation accuracies. */
function run(
  proposer: string,
  seed: number,
  parentAcc: number,
  children: (number | null)[][],
  parentless = false,
): RunLog {
  const candidates: Candidate[] = [candidate(0, { valAccuracy: parentAcc })];
  children.forEach((accs, i) => {
    for (const a of accs) {
      const id = candidates.length;
      candidates.push(
        a === null
          ? candidate(id, { parentId: parentless ? null : 0, generation: i + 1, status: 'diverged' })
          : candidate(id, { parentId: parentless ? null : 0, generation: i + 1, valAccuracy: a }),
      );
    }
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: 'test',
    createdAt: '2026-01-01T00:00:00Z',
    status: 'done',
    config: parseConfig({ task: 'spirals', proposer, seed, generations: children.length + 1, population: 4 }),
    environment: {
      requestedBackend: 'cpu',
      backend: 'cpu',
      fallbacks: [],
      adapter: null,
      tfjsVersion: 'x',
      platform: 'test',
    },
    candidates,
    // The champion stays candidate 0, so a parentless child is measured against it too.
    generations: [0, ...children.map((_, i) => i + 1)].map((index) => ({
      index,
      championId: 0,
      championValAccuracy: parentAcc,
      championTestAccuracy: parentAcc,
      bestValAccuracy: parentAcc,
      candidateIds: [],
      ms: 1,
    })),
  };
}

describe('noise threshold', () => {
  it('is the binomial SE of a difference of two accuracies on the validation split, with a floor at the ends', () => {
    expect(noiseThreshold(0.5, 200)).toBeCloseTo(Math.sqrt(0.5 / 200), 12);
    expect(noiseThreshold(0.9, 200, 2)).toBeCloseTo(2 * Math.sqrt((2 * 0.9 * 0.1) / 200), 12);
    expect(noiseThreshold(1, 200)).toBeGreaterThan(0);
    expect(noiseThreshold(1, 200)).toBeCloseTo(noiseThreshold(199 / 200, 200), 12);
    expect(() => noiseThreshold(0.5, 0)).toThrow(/examples/);
  });
});

describe('proposal success rate', () => {
  it('counts children that beat their parent by more than the noise; diverged children fail', () => {
    // spirals: 200 validation examples; at p = 0.8 the threshold is √(2·0.16/200) = 0.04.
    const log = run('evolution', 1, 0.8, [
      [0.85, 0.83, 0.79, null],
      [0.9, 0.95, 0.841, 0.7],
    ]);
    const o = childOutcomes(log);
    expect(o.map((x) => x.success)).toEqual([true, false, false, false, true, true, true, false]);
    expect(o[3].gain).toBeCloseTo(0.5 - 0.8, 12);
    expect(successByGeneration(log)).toEqual([
      { generation: 1, children: 4, successes: 1, rate: 0.25 },
      { generation: 2, children: 4, successes: 3, rate: 0.75 },
    ]);
    expect(successSlope(log)).toBeCloseTo(0.5, 12);
    // A stricter z turns marginal successes into failures.
    expect(successByGeneration(log, 2).map((r) => r.successes)).toEqual([0, 2]);
  });

  it('measures parentless children (random) against the champion before them', () => {
    const log = run('random', 1, 0.6, [[0.7, 0.6]], true);
    expect(childOutcomes(log).map((x) => [x.referenceId, x.success])).toEqual([
      [0, true],
      [0, false],
    ]);
    expect(successSlope(log)).toBeNull();
  });

  it('fits a least-squares slope', () => {
    expect(slope([1, 2, 3], [0.1, 0.2, 0.3])).toBeCloseTo(0.1, 12);
    expect(slope([1, 1], [0, 1])).toBe(0);
    expect(() => slope([], [])).toThrow(/equally many/);
  });

  it('is reported per proposer: a rising rate has a slope interval above zero, a flat one does not', () => {
    const rising = [1, 2, 3, 4, 5, 6].map((s) =>
      run('self-adaptive', s, 0.8, [
        [0.81, 0.8, 0.79, 0.9 - s * 0.001],
        [0.9, 0.9, 0.8, 0.8],
        [0.9, 0.9, 0.9, 0.8 + (s % 2) * 0.1],
      ]),
    );
    const flat = [1, 2, 3, 4, 5, 6].map((s) =>
      run('evolution', s, 0.8, [
        [0.9, 0.8, 0.8, 0.8],
        [0.9, 0.8, 0.8, 0.8],
        [0.9, 0.8, 0.8, 0.8],
      ]),
    );
    const s = summariseSweep([...rising, ...flat], 0.9, 'evolution');
    const sa = s.proposers.find((p) => p.proposer === 'self-adaptive')!.success!;
    const ev = s.proposers.find((p) => p.proposer === 'evolution')!.success!;
    expect(sa.perGeneration.map((e) => e.mean)).toEqual([0.25, 0.5, expect.closeTo(0.875, 12)]);
    expect(sa.slope!.lo).toBeGreaterThan(0);
    expect(ev.slope!.mean).toBe(0);
    expect(ev.overall.mean).toBeCloseTo(0.25, 12);
  });
});
