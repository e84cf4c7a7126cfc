/**
 * The improver's comparisons across a sweep, paired by seed: does a
 * second-order proposer beat `evolution`, and does self-adaptation beat its
 * own ablations? Measures per run: the final champion's test accuracy
 * (held out: selection never saw it), the area under the best-so-far
 * validation curve, the proposal success rate and its slope over
 * generations. Each comparison is the mean paired difference (A − B) with a
 * Student-t interval, a sign-flip permutation p, Holm-adjusted over the
 * comparisons of one measure, and P(A > B). For `learned`, its prediction
 * quality: the rank correlation per generation across seeds, and its slope.
 */
import { areaUnderBestSoFar, finalTestAccuracy } from './curves';
import { controlOutcome, type ControlOutcome } from './policy-stats';
import { carriesPolicy } from './proposers';
import { rngFor } from './rng';
import type { RunLog } from './runlog';
import { slope, successByGeneration, successSlope } from './success';
import type { Estimate } from './stats';
import { holm, pairBySeed, pairedPermutationTest, probabilityOfSuperiority, tInterval } from './stats';

/** A per-run measure the comparisons use. */
export type ImproverMeasure = 'finalTest' | 'auc' | 'successRate' | 'successSlope';

const MEASURES: Record<ImproverMeasure, (l: RunLog) => number | null> = {
  finalTest: finalTestAccuracy,
  auc: areaUnderBestSoFar,
  successRate: (l) => {
    const rows = successByGeneration(l);
    const n = rows.reduce((s, r) => s + r.children, 0);
    return n ? rows.reduce((s, r) => s + r.successes, 0) / n : null;
  },
  successSlope: (l) => successSlope(l),
};

/** One paired comparison A − B on one measure. */
export interface PairedComparison {
  a: string;
  b: string;
  measure: ImproverMeasure;
  seeds: number;
  difference: Estimate;
  p: number;
  pHolm: number;
  pSuperiority: number;
}

function perSeed(logs: readonly RunLog[], proposer: string, m: ImproverMeasure): Map<number, number> {
  const out = new Map<number, number>();
  for (const l of logs) {
    if (l.config.proposer !== proposer) continue;
    const v = MEASURES[m](l);
    if (v !== null) out.set(l.config.seed, v);
  }
  return out;
}

/** Paired comparisons for each measure, Holm-adjusted within the measure. Pairs with fewer than 2 common seeds are left out. */
export function pairedComparisons(
  logs: readonly RunLog[],
  pairs: readonly [string, string][],
  measures: readonly ImproverMeasure[],
): PairedComparison[] {
  const out: PairedComparison[] = [];
  for (const measure of measures) {
    const rows: Omit<PairedComparison, 'pHolm'>[] = [];
    for (const [a, b] of pairs) {
      const p = pairBySeed(perSeed(logs, a, measure), perSeed(logs, b, measure));
      if (p.seeds.length < 2) continue;
      const diffs = p.a.map((x, i) => x - p.b[i]);
      rows.push({
        a,
        b,
        measure,
        seeds: p.seeds.length,
        difference: tInterval(diffs),
        p: pairedPermutationTest(diffs, rngFor(0, 'improver', a, b, measure)),
        pSuperiority: probabilityOfSuperiority(diffs),
      });
    }
    const adjusted = holm(rows.map((r) => r.p));
    rows.forEach((r, i) => out.push({ ...r, pHolm: adjusted[i] }));
  }
  return out;
}

/** One `learned` run's prediction quality: its (generation, rank correlation) points, their mean, and their least-squares slope (null below two points). */
export interface LearnedRunQuality {
  codeVersion: string | undefined;
  points: (readonly [number, number])[];
  mean: number | null;
  slope: number | null;
}

/** A run's ρ per generation summarised: its mean, and its least-squares slope where two or more exist. */
export function runQuality(codeVersion: string | undefined, points: LearnedRunQuality['points']): LearnedRunQuality {
  const mean = points.length ? points.reduce((s, p) => s + p[1], 0) / points.length : null;
  const fit =
    points.length >= 2
      ? slope(
          points.map((p) => p[0]),
          points.map((p) => p[1]),
        )
      : null;
  return { codeVersion, points, mean, slope: fit };
}

/** The prediction quality of every `learned` run among `logs`, in order. */
export function learnedRunQuality(logs: readonly RunLog[]): LearnedRunQuality[] {
  return logs
    .filter((l) => l.config.proposer === 'learned')
    .map((l) =>
      runQuality(
        l.codeVersion,
        l.generations
          .filter((g) => typeof g.predictionRankCorrelation === 'number')
          .map((g) => [g.index, g.predictionRankCorrelation as number] as const),
      ),
    );
}

/** Generations first..last, inclusive. */
export type GenerationWindow = readonly [first: number, last: number];

/**
 * One run's mean rank correlation over the generations of `late` minus its
 * mean over those of `early`, each over the generations that have one; null
 * when either window has none. A rise that levels off (a learning curve)
 * shows here where a straight-line slope can miss it.
 */
export function lateMinusEarly(q: LearnedRunQuality, early: GenerationWindow, late: GenerationWindow): number | null {
  const meanIn = ([first, last]: GenerationWindow): number | null => {
    const rs = q.points.filter(([g]) => g >= first && g <= last).map(([, r]) => r);
    return rs.length ? rs.reduce((s, r) => s + r, 0) / rs.length : null;
  };
  const a = meanIn(early);
  const b = meanIn(late);
  return a === null || b === null ? null : b - a;
}

/** The learned proposer's rank correlation: per generation across runs, and the mean per-run slope. */
export function predictionQuality(logs: readonly RunLog[]): {
  perGeneration: { generation: number; rho: Estimate }[];
  slope: Estimate | null;
  mean: Estimate | null;
} {
  const byGen = new Map<number, number[]>();
  const slopes: number[] = [];
  const means: number[] = [];
  for (const q of learnedRunQuality(logs)) {
    for (const [g, r] of q.points) byGen.set(g, [...(byGen.get(g) ?? []), r]);
    if (q.slope !== null) slopes.push(q.slope);
    if (q.mean !== null) means.push(q.mean);
  }
  const perGeneration = [...byGen]
    .filter(([, rs]) => rs.length >= 2)
    .sort((x, y) => x[0] - y[0])
    .map(([generation, rs]) => ({ generation, rho: tInterval(rs) }));
  return {
    perGeneration,
    slope: slopes.length >= 2 ? tInterval(slopes) : null,
    mean: means.length >= 2 ? tInterval(means) : null,
  };
}

/** The positive control across a sweep, per control seed genome, proposer and task: in how many seeds `lr-scale` reached 0.30 within 15 generations. */
export interface ControlRow {
  /** `control` (the default net, lr/100) or `lr-control` (built so that only the learning rate matters). */
  seedGenome: string;
  proposer: string;
  task: string;
  seeds: number;
  reached: number;
  /** The median over seeds of the highest generation mean of lr-scale's probability. */
  medianPeak: number;
}

/** The seed genomes that are positive controls for `lr-scale`. */
const CONTROL_SEEDS: readonly unknown[] = ['control', 'lr-control'];

/** Rows for the runs that started from a control seed genome with a proposer that carries a policy. */
export function positiveControl(logs: readonly RunLog[]): ControlRow[] {
  const groups = new Map<string, ControlOutcome[]>();
  for (const l of logs) {
    if (!CONTROL_SEEDS.includes(l.config.seedGenome) || !carriesPolicy(l.config.proposer)) continue;
    const key = `${String(l.config.seedGenome)}\t${l.config.proposer}\t${l.config.task}`;
    groups.set(key, [...(groups.get(key) ?? []), controlOutcome(l, 'lr-scale')]);
  }
  return [...groups].map(([key, outs]) => {
    const [seedGenome, proposer, task] = key.split('\t');
    const peaks = outs.map((o) => o.peak ?? 0).sort((a, b) => a - b);
    const mid = peaks.length >> 1;
    return {
      seedGenome,
      proposer,
      task,
      seeds: outs.length,
      reached: outs.filter((o) => o.reachedAt !== null).length,
      medianPeak: peaks.length % 2 ? peaks[mid] : (peaks[mid - 1] + peaks[mid]) / 2,
    };
  });
}
