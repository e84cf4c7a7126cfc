/**
 * The statistics of a sweep report, per proposer and against a baseline.
 * Pure: runs in, numbers out; the CLI writes them as Markdown, JSON, CSV
 * and plots.
 */
import { areaUnderBestSoFar, bestSoFar, finalTestAccuracy, generationsToTarget, totalFlops, totalTrainMs } from './curves';
import { rngFor } from './rng';
import type { RunLog } from './runlog';
import { bootstrapDifference, bootstrapMean, permutationTest, type Estimate } from './stats';

/** One proposer's results across seeds. */
export interface ProposerSummary {
  proposer: string;
  seeds: number[];
  finalTest: Estimate;
  auc: Estimate;
  /** Runs whose champion reached the target validation accuracy. */
  reachedTarget: number;
  /** Generations to the target among runs that reached it (null if none did). */
  generationsToTarget: Estimate | null;
  totalFlops: number;
  totalTrainMs: number;
  /** Mean best-so-far validation accuracy per generation, with its 95% band. */
  curve: Estimate[];
}

/** A proposer against the baseline, on the same task and budget. */
export interface Comparison {
  proposer: string;
  baseline: string;
  measure: 'finalTest' | 'auc';
  difference: Estimate;
  pValue: number;
}

/** The whole report. */
export interface SweepSummary {
  task: string;
  target: number;
  baseline: string;
  runs: number;
  proposers: ProposerSummary[];
  comparisons: Comparison[];
}

/** Summarises merged runs (already checked comparable). Resampling is seeded, so output is reproducible. */
export function summariseSweep(logs: readonly RunLog[], target: number, baseline = 'random'): SweepSummary {
  const byProposer = new Map<string, RunLog[]>();
  for (const l of logs) byProposer.set(l.config.proposer, [...(byProposer.get(l.config.proposer) ?? []), l]);
  const proposers: ProposerSummary[] = [];
  for (const [proposer, runs] of [...byProposer].sort(([a], [b]) => a.localeCompare(b))) {
    const rng = rngFor(0, 'report', proposer);
    const reached = runs.map((r) => generationsToTarget(r, target)).filter((g): g is number => g !== null);
    const generations = Math.max(...runs.map((r) => r.generations.length));
    const curves = runs.map(bestSoFar);
    proposers.push({
      proposer,
      seeds: runs.map((r) => r.config.seed).sort((a, b) => a - b),
      finalTest: bootstrapMean(runs.map(finalTestAccuracy), rng),
      auc: bootstrapMean(runs.map(areaUnderBestSoFar), rng),
      reachedTarget: reached.length,
      generationsToTarget: reached.length ? bootstrapMean(reached, rng) : null,
      totalFlops: runs.reduce((s, r) => s + totalFlops(r), 0),
      totalTrainMs: runs.reduce((s, r) => s + totalTrainMs(r), 0),
      curve: Array.from({ length: generations }, (_, g) => bootstrapMean(curves.map((c) => c[Math.min(g, c.length - 1)]), rng, 0.95, 2000)),
    });
  }
  const comparisons: Comparison[] = [];
  const base = byProposer.get(baseline);
  if (base) {
    for (const [proposer, runs] of byProposer) {
      if (proposer === baseline) continue;
      for (const measure of ['finalTest', 'auc'] as const) {
        const f = measure === 'finalTest' ? finalTestAccuracy : areaUnderBestSoFar;
        const a = runs.map(f);
        const b = base.map(f);
        const rng = rngFor(0, 'compare', proposer, measure);
        comparisons.push({ proposer, baseline, measure, difference: bootstrapDifference(a, b, rng), pValue: permutationTest(a, b, rng) });
      }
    }
  }
  return { task: logs[0]?.config.task ?? '', target, baseline, runs: logs.length, proposers, comparisons };
}
