/**
 * Paired comparisons of proposers in a sweep: per measure, the per-seed
 * differences A − B over the seeds both ran (same data, generation 0 and
 * training seeds), a t interval, a paired permutation p, Holm's adjustment
 * over every test the report makes, P(A > B), and the smallest difference
 * the sweep could have detected — so "no difference" is stated as a bound.
 */
import { areaUnder, finalAccuracy, timeToTarget } from './curves';
import { rngFor } from './rng';
import type { RunLog } from './runlog';
import type { Estimate } from './stats';
import { holm } from './stats/holm';
import {
  pairBySeed,
  pairedPermutationTest,
  probabilityOfSuperiority,
  smallestDetectableDifference,
  tInterval,
} from './stats/paired';
import { restrictedTime } from './stats/survival';

/** What a comparison measures; `…HeldOut` read the champion's test accuracy, which selection never saw. */
export const MEASURES = ['aucHeldOut', 'finalHeldOut', 'timeToTargetHeldOut', 'aucVal', 'finalVal'] as const;
/** A compared measure. */
export type Measure = (typeof MEASURES)[number];

/** Whether a lower value of the measure is better (time to target). */
export const lowerIsBetter = (m: Measure): boolean => m === 'timeToTargetHeldOut';

/** One run's value of a measure. Time to target is restricted to the run's generations (never-reached counts as that). */
export function measureOf(log: RunLog, m: Measure, target: number): number {
  switch (m) {
    case 'aucHeldOut':
      return areaUnder(log, 'heldOut');
    case 'aucVal':
      return areaUnder(log, 'val');
    case 'finalHeldOut':
      return finalAccuracy(log, 'heldOut');
    case 'finalVal':
      return finalAccuracy(log, 'val');
    case 'timeToTargetHeldOut':
      return restrictedTime(timeToTarget(log, target, 'heldOut'), log.generations.length);
  }
}

/** What a comparison concludes, after Holm's adjustment at α = 0.05. */
export type Verdict = 'better' | 'worse' | 'no difference shown';

/** A proposer against the baseline on one measure, paired by seed. */
export interface Comparison {
  proposer: string;
  baseline: string;
  measure: Measure;
  /** Seeds both ran; the tests use only these. */
  seeds: number[];
  /** Seeds only one side ran (left out of the tests). */
  unpaired: { proposer: number[]; baseline: number[] };
  /** Mean per-seed difference proposer − baseline, with a 95% t interval (null bounds below 2 pairs). */
  difference: Estimate;
  /** Two-sided paired permutation (sign-flip) p, before adjustment. */
  pValue: number;
  /** Holm-adjusted p over every comparison in the report. */
  pHolm: number;
  /** P(proposer > baseline) over seeds, ties half. */
  pSuperior: number;
  /** Smallest true difference a paired t test at α = 0.05 detects with 80% power, given the observed spread (null below 2 pairs). */
  detectable: number | null;
  verdict: Verdict;
}

/** Paired comparisons of every proposer against `baseline`, on every measure, Holm-adjusted together. */
export function compareProposers(
  byProposer: ReadonlyMap<string, readonly RunLog[]>,
  baseline: string,
  target: number,
): Comparison[] {
  const base = byProposer.get(baseline);
  if (!base) return [];
  const raw: Omit<Comparison, 'pHolm' | 'verdict'>[] = [];
  for (const [proposer, runs] of [...byProposer].sort(([a], [b]) => a.localeCompare(b))) {
    if (proposer === baseline) continue;
    for (const measure of MEASURES) {
      const values = (rs: readonly RunLog[]) => new Map(rs.map((r) => [r.config.seed, measureOf(r, measure, target)]));
      const pairing = pairBySeed(values(runs), values(base));
      const diffs = pairing.a.map((a, i) => a - pairing.b[i]);
      const n = diffs.length;
      const m = n ? diffs.reduce((s, d) => s + d, 0) / n : NaN;
      raw.push({
        proposer,
        baseline,
        measure,
        seeds: pairing.seeds,
        unpaired: { proposer: pairing.onlyA, baseline: pairing.onlyB },
        difference: n >= 2 ? tInterval(diffs) : { mean: m, lo: NaN, hi: NaN, n },
        pValue: n ? pairedPermutationTest(diffs, rngFor(0, 'compare', proposer, measure)) : 1,
        pSuperior: n ? probabilityOfSuperiority(diffs) : NaN,
        detectable: n >= 2 ? smallestDetectableDifference(diffs) : null,
      });
    }
  }
  const adjusted = holm(raw.map((c) => c.pValue));
  return raw.map((c, i) => {
    const significant = adjusted[i] < 0.05;
    const higher = c.difference.mean > 0;
    const verdict: Verdict = !significant
      ? 'no difference shown'
      : higher !== lowerIsBetter(c.measure)
        ? 'better'
        : 'worse';
    return { ...c, pHolm: adjusted[i], verdict };
  });
}
