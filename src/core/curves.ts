/**
 * Per-run outcome measures used by sweep reports: the best-so-far curve,
 * the area under it, generations to a target, final test accuracy, cost.
 */
import type { RunLog } from './runlog';

/** Champion validation accuracy after each generation (monotone under `best` acceptance). */
export const bestSoFar = (log: RunLog): number[] => log.generations.map((g) => g.championValAccuracy);

/**
 * Area under the best-so-far curve, normalised to [0, 1]: the mean of the
 * curve over generations. It rewards reaching good accuracy early, not
 * only ending there.
 */
export function areaUnderBestSoFar(log: RunLog): number {
  const curve = bestSoFar(log);
  return curve.reduce((a, b) => a + b, 0) / curve.length;
}

/** First generation whose champion reaches `target` validation accuracy, or null if none does. */
export function generationsToTarget(log: RunLog, target: number): number | null {
  const g = log.generations.find((s) => s.championValAccuracy >= target);
  return g ? g.index : null;
}

/** The final champion's test accuracy. */
export const finalTestAccuracy = (log: RunLog): number => log.generations[log.generations.length - 1]?.championTestAccuracy ?? 0;

/** FLOPs of every candidate and replicate: training and evaluation passes (inherited training is counted once, in the ancestor). */
export const totalFlops = (log: RunLog): number =>
  log.candidates.reduce((s, c) => s + c.flops + (c.evalFlops ?? 0), 0) + log.generations.reduce((s, g) => s + (g.replicateFlops ?? 0), 0);

/** Training wall time of every candidate and replicate, ms. */
export const totalTrainMs = (log: RunLog): number =>
  log.candidates.reduce((s, c) => s + c.trainMs, 0) + log.generations.reduce((s, g) => s + (g.replicateMs ?? 0), 0);
