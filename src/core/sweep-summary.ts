/**
 * The statistics of a sweep report, per proposer and against a baseline.
 * Pure: runs in, numbers out; the CLI writes them as Markdown, JSON, CSV
 * and plots.
 */
import {
  areaUnder,
  championCurve,
  finalAccuracy,
  optimismCurve,
  timeToTarget,
  totalFlops,
  totalTrainMs,
  type Split,
} from './curves';
import { rngFor } from './rng';
import type { RunLog } from './runlog';
import { bootstrapMean, type Estimate } from './stats';
import { tInterval } from './stats/paired';
import { kmMedian, restrictedTime } from './stats/survival';
import { compareProposers, type Comparison } from './sweep-compare';
import { slope, successByGeneration } from './success';

export type { Comparison } from './sweep-compare';

/** Time to the target on one split, censored runs included. */
export interface TimeSummary {
  /** Runs whose champion reached the target. */
  reached: number;
  /** Kaplan–Meier median generation (null when fewer than half reached it). */
  median: number | null;
  /** Mean of min(T, generations), a run that never reached it counting as `generations`; 95% t interval. */
  restrictedMean: Estimate;
}

/** Mean selection optimism of the proposer's champions at one generation, with the binomial SE of that mean. */
export interface OptimismPoint {
  mean: number;
  se: number;
}

/** One proposer's results across seeds. Intervals are 95% t intervals across seeds (NaN bounds with one run). */
export interface ProposerSummary {
  proposer: string;
  seeds: number[];
  /** Final champion's held-out (test) accuracy — the headline. */
  finalTest: Estimate;
  /** Final champion's validation accuracy (inflated by selection). */
  finalVal: Estimate;
  /** Area under the champion's held-out accuracy curve — the headline path measure. */
  aucHeldOut: Estimate;
  /** Area under the best-so-far validation curve. */
  auc: Estimate;
  /** Runs whose champion reached the target validation accuracy. */
  reachedTarget: number;
  /** Time to target on held-out and on validation accuracy. */
  timeToTarget: Record<Split, TimeSummary>;
  /** Selection optimism (champion validation − held-out accuracy) per generation, and at the last. */
  optimism: { perGeneration: OptimismPoint[]; final: Estimate };
  totalFlops: number;
  totalTrainMs: number;
  /** Mean best-so-far validation accuracy per generation, with its 95% band. */
  curve: Estimate[];
  /** Mean held-out accuracy of the champion per generation, with its 95% band. */
  heldOutCurve: Estimate[];
  /** Proposal success (children beating their parent beyond noise, see success.ts); null when no run has children. */
  success: SuccessSummary | null;
}

/** A proposer's proposal success rate across seeds. */
export interface SuccessSummary {
  /** Mean over runs of each run's success rate over all its children. */
  overall: Estimate;
  /** Mean over runs of each run's least-squares slope of the rate per generation (null with fewer than 2 generations of children). */
  slope: Estimate | null;
  /** Mean success rate per generation (index 0 is generation 1). */
  perGeneration: Estimate[];
}

/** The whole report. */
export interface SweepSummary {
  task: string;
  target: number;
  baseline: string;
  runs: number;
  proposers: ProposerSummary[];
  /** Every proposer against the baseline, paired by seed, Holm-adjusted together. */
  comparisons: Comparison[];
  /** Whether every proposer ran exactly the same seeds (else comparisons use the shared ones and say which were left out). */
  seedsShared: boolean;
}

/** Mean with a 95% t interval; a single value gets NaN bounds rather than a false certainty. */
function interval(xs: readonly number[]): Estimate {
  if (xs.length >= 2) return tInterval(xs);
  return { mean: xs.length ? xs[0] : NaN, lo: NaN, hi: NaN, n: xs.length };
}

function timeSummary(runs: readonly RunLog[], target: number, split: Split): TimeSummary {
  const times = runs.map((r) => timeToTarget(r, target, split));
  return {
    reached: times.filter((t) => t.reached).length,
    median: kmMedian(times),
    restrictedMean: interval(times.map((t, i) => restrictedTime(t, runs[i].generations.length))),
  };
}

function optimismSummary(runs: readonly RunLog[], generations: number): ProposerSummary['optimism'] {
  const curves = runs.map(optimismCurve);
  const perGeneration = Array.from({ length: generations }, (_, g) => {
    const at = curves.map((c) => c[Math.min(g, c.length - 1)]);
    return {
      mean: at.reduce((s, o) => s + o.optimism, 0) / at.length,
      se: Math.sqrt(at.reduce((s, o) => s + o.se ** 2, 0)) / at.length,
    };
  });
  return { perGeneration, final: interval(curves.map((c) => c.at(-1)?.optimism ?? 0)) };
}

function summariseSuccess(
  all: readonly RunLog[],
  generations: number,
  rng: ReturnType<typeof rngFor>,
): SuccessSummary | null {
  const runs = all.filter((r) => successByGeneration(r).length > 0);
  if (runs.length === 0) return null;
  const rows = runs.map((r) => successByGeneration(r));
  const overall = rows.map(
    (rs) =>
      rs.reduce((s, r) => s + r.successes, 0) /
      Math.max(
        1,
        rs.reduce((s, r) => s + r.children, 0),
      ),
  );
  const perGeneration: Estimate[] = [];
  for (let g = 1; g < generations; g++) {
    const rates = rows
      .map((rs) => rs.find((r) => r.generation === g)?.rate)
      .filter((x): x is number => x !== undefined);
    if (rates.length) perGeneration.push(bootstrapMean(rates, rng, 0.95, 2000));
  }
  const slopes = rows
    .filter((rs) => rs.length >= 2)
    .map((rs) =>
      slope(
        rs.map((r) => r.generation),
        rs.map((r) => r.rate),
      ),
    );
  return {
    overall: bootstrapMean(overall, rng),
    slope: slopes.length ? bootstrapMean(slopes, rng) : null,
    perGeneration,
  };
}

/** Summarises merged runs (already checked comparable). Resampling is seeded, so output is reproducible. */
export function summariseSweep(logs: readonly RunLog[], target: number, baseline = 'random'): SweepSummary {
  const byProposer = new Map<string, RunLog[]>();
  for (const l of logs) byProposer.set(l.config.proposer, [...(byProposer.get(l.config.proposer) ?? []), l]);
  const proposers: ProposerSummary[] = [];
  for (const [proposer, runs] of [...byProposer].sort(([a], [b]) => a.localeCompare(b))) {
    const rng = rngFor(0, 'report', proposer);
    const generations = Math.max(...runs.map((r) => r.generations.length));
    const band = (split: Split) => {
      const curves = runs.map((r) => championCurve(r, split));
      return Array.from({ length: generations }, (_, g) => interval(curves.map((c) => c[Math.min(g, c.length - 1)])));
    };
    const time = { val: timeSummary(runs, target, 'val'), heldOut: timeSummary(runs, target, 'heldOut') };
    proposers.push({
      proposer,
      seeds: runs.map((r) => r.config.seed).sort((a, b) => a - b),
      finalTest: interval(runs.map((r) => finalAccuracy(r, 'heldOut'))),
      finalVal: interval(runs.map((r) => finalAccuracy(r, 'val'))),
      aucHeldOut: interval(runs.map((r) => areaUnder(r, 'heldOut'))),
      auc: interval(runs.map((r) => areaUnder(r, 'val'))),
      reachedTarget: time.val.reached,
      timeToTarget: time,
      optimism: optimismSummary(runs, generations),
      totalFlops: runs.reduce((s, r) => s + totalFlops(r), 0),
      totalTrainMs: runs.reduce((s, r) => s + totalTrainMs(r), 0),
      curve: band('val'),
      heldOutCurve: band('heldOut'),
      success: summariseSuccess(runs, generations, rng),
    });
  }
  const seedLists = proposers.map((p) => JSON.stringify(p.seeds));
  return {
    task: logs[0]?.config.task ?? '',
    target,
    baseline,
    runs: logs.length,
    proposers,
    comparisons: compareProposers(byProposer, baseline, target),
    seedsShared: new Set(seedLists).size <= 1,
  };
}
