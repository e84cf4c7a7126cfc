/**
 * The statistics of a sweep report, per proposer and against a baseline.
 * Pure: runs in, numbers out; the CLI writes them as Markdown, JSON, CSV
 * and plots.
 */
import { areaUnderBestSoFar, bestSoFar, finalTestAccuracy, generationsToTarget, totalFlops, totalTrainMs } from './curves';
import { rngFor } from './rng';
import type { RunLog } from './runlog';
import { bootstrapDifference, bootstrapMean, permutationTest, type Estimate } from './stats';
import { slope, successByGeneration } from './success';

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

function summariseSuccess(all: readonly RunLog[], generations: number, rng: ReturnType<typeof rngFor>): SuccessSummary | null {
  const runs = all.filter((r) => successByGeneration(r).length > 0);
  if (runs.length === 0) return null;
  const rows = runs.map((r) => successByGeneration(r));
  const overall = rows.map((rs) => rs.reduce((s, r) => s + r.successes, 0) / Math.max(1, rs.reduce((s, r) => s + r.children, 0)));
  const perGeneration: Estimate[] = [];
  for (let g = 1; g < generations; g++) {
    const rates = rows.map((rs) => rs.find((r) => r.generation === g)?.rate).filter((x): x is number => x !== undefined);
    if (rates.length) perGeneration.push(bootstrapMean(rates, rng, 0.95, 2000));
  }
  const slopes = rows.filter((rs) => rs.length >= 2).map((rs) => slope(rs.map((r) => r.generation), rs.map((r) => r.rate)));
  return { overall: bootstrapMean(overall, rng), slope: slopes.length ? bootstrapMean(slopes, rng) : null, perGeneration };
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
      success: summariseSuccess(runs, generations, rng),
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
