/** The oversight panel's data: monitor series, budget use, approval context. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import { candidate, mlpGenome } from '../../tests/core/fixtures';
import { approvalContext, budgetUse, monitorSeries } from './oversight-data';

const config = parseConfig({
  task: 'spirals',
  tripwires: 'selection-optimism:4:pause,growth:2:warn',
  maxCandidates: 10,
  maxFlops: 1e6,
});
const c0 = candidate(0, { valAccuracy: 0.8, params: 100 });
c0.metrics.testAccuracy = 0.8;
const c1 = candidate(1, {
  parentId: 0,
  generation: 1,
  valAccuracy: 1.0,
  params: 300,
  genome: { ...mlpGenome([32]), evalSubset: { start: 0.5, size: 0.05 } },
});
c1.metrics.testAccuracy = 0.7;
const gens = [
  {
    index: 0,
    championId: 0,
    championValAccuracy: 0.8,
    championTestAccuracy: 0.8,
    bestValAccuracy: 0.8,
    candidateIds: [0],
    ms: 1,
  },
  {
    index: 1,
    championId: 1,
    championValAccuracy: 1.0,
    championTestAccuracy: 0.7,
    bestValAccuracy: 1.0,
    candidateIds: [1],
    ms: 1,
  },
];

describe('oversight panel data', () => {
  it('gives each declared rule its value per generation and its threshold', () => {
    const [opt, growth] = monitorSeries(config, [c0, c1], gens);
    expect(opt).toMatchObject({ rule: 'selection-optimism', threshold: 4, action: 'pause' });
    expect(opt.values[0]).toBe(0);
    expect(opt.values[1]).toBeCloseTo(0.3 / Math.sqrt((0.7 * 0.3) / 200), 9);
    expect(growth.values).toEqual([1, 3]);
  });

  it('reports each declared budget against its limit', () => {
    expect(budgetUse(config, [c0, c1], gens, 5)).toEqual([
      { budget: 'maxFlops', label: 'training FLOPs', spent: 2000, limit: 1e6 },
      { budget: 'maxCandidates', label: 'candidates', spent: 2, limit: 10 },
    ]);
  });

  it("reads a finished run's seconds from its log, not as 0", () => {
    const timed = parseConfig({ task: 'spirals', maxSeconds: 60 });
    const slow = gens.map((g) => ({ ...g, ms: 1500 }));
    // Live: the loop's own clock.
    expect(budgetUse(timed, [c0, c1], slow, 7)).toMatchObject([{ budget: 'maxSeconds', spent: 7, limit: 60 }]);
    // Finished: its generations' wall time…
    expect(budgetUse(timed, [c0, c1], slow, null)).toMatchObject([{ budget: 'maxSeconds', spent: 3 }]);
    // …or, when the wall-time budget stopped it, the time it counted.
    const stop = { kind: 'budget', budget: 'maxSeconds', limit: 60, value: 60.2, generation: 2 } as const;
    expect(budgetUse(timed, [c0, c1], slow, null, stop)).toMatchObject([{ budget: 'maxSeconds', spent: 60.2 }]);
  });

  it('puts an approval request beside the champion: diff, and scores with noise on the examples actually used', () => {
    const ctx = approvalContext({ gate: 'champion', generation: 1, candidateId: 1, currentId: 0 }, config, [c0, c1])!;
    expect(ctx.diff.map((d) => d.field)).toContain('architecture');
    expect(ctx.scores.current).toEqual({ accuracy: 0.8, se: Math.sqrt((0.8 * (1 - 0.8)) / 200), n: 200 });
    expect(ctx.scores.proposed).toEqual({ accuracy: 1, se: 0, n: 10 });
    expect(
      approvalContext({ gate: 'champion', generation: 1, candidateId: 9, currentId: 0 }, config, [c0, c1]),
    ).toBeNull();
  });
});
