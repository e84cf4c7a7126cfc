/**
 * Per-run outcome measures used by sweep reports: the champion's curve on
 * validation and on held-out data, the area under it, time to a target,
 * final accuracy, selection optimism, cost.
 */
import type { RunLog } from './runlog';
import { selectionOptimism, type Optimism } from './stats/optimism';
import type { TimeToEvent } from './stats/survival';
import { TASKS } from './tasks';

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
export const finalTestAccuracy = (log: RunLog): number =>
  log.generations[log.generations.length - 1]?.championTestAccuracy ?? 0;

/** FLOPs of every candidate and replicate: training and evaluation passes (inherited training is counted once, in the ancestor). */
export const totalFlops = (log: RunLog): number =>
  log.candidates.reduce((s, c) => s + c.flops + (c.evalFlops ?? 0), 0) +
  log.generations.reduce((s, g) => s + (g.replicateFlops ?? 0), 0);

/** Training wall time of every candidate and replicate, ms. */
export const totalTrainMs = (log: RunLog): number =>
  log.candidates.reduce((s, c) => s + c.trainMs, 0) + log.generations.reduce((s, g) => s + (g.replicateMs ?? 0), 0);

/** Which accuracy a path measure reads: the champion's validation accuracy (what selection saw) or its held-out (test) accuracy (what it never saw). */
export type Split = 'val' | 'heldOut';

/**
 * The champion's accuracy after each generation on a split. The held-out line need not be monotone: a new
 * champion can be worse on data selection never saw.
 */
export const championCurve = (log: RunLog, split: Split): number[] =>
  log.generations.map((g) => (split === 'val' ? g.championValAccuracy : g.championTestAccuracy));

/** Area under the champion's curve on a split, normalised to [0, 1] (the curve's mean over generations). */
export function areaUnder(log: RunLog, split: Split): number {
  const curve = championCurve(log, split);
  return curve.reduce((a, b) => a + b, 0) / Math.max(1, curve.length);
}

/** Time to target on a split, censored at the last generation when the run never reached it. */
export function timeToTarget(log: RunLog, target: number, split: Split): TimeToEvent {
  const curve = championCurve(log, split);
  const g = curve.findIndex((v) => v >= target);
  return g >= 0 ? { time: g, reached: true } : { time: Math.max(0, curve.length - 1), reached: false };
}

/** The final champion's accuracy on a split. */
export const finalAccuracy = (log: RunLog, split: Split): number => championCurve(log, split).at(-1) ?? 0;

/**
 * Selection optimism of the champion after each generation: validation minus
 * held-out accuracy, with the binomial SE from the task's split sizes. A
 * generation without a healthy champion (both 0) has optimism 0, SE 0.
 */
export function optimismCurve(log: RunLog): Optimism[] {
  const { validation, test } = TASKS[log.config.task].splits;
  return log.generations.map((g) => selectionOptimism(g.championValAccuracy, g.championTestAccuracy, validation, test));
}
