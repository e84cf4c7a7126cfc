/**
 * Is the run's last gain real? A new champion is the best of many noisy
 * validation scores, so a validation gain can be selection on noise; the
 * champion's held-out (test) accuracy, which selection never saw, says
 * whether the gain held. The page puts this one line under its improvement
 * chart.
 */
import type { GenerationSummary } from './runlog';

/** Split sizes a run's accuracies were measured on (for their binomial noise). */
export interface SplitSizes {
  validation: number;
  test: number;
}

/**
 * A one-line warning when the run's last gain is not shown beyond noise on held-out
 * data: the latest new champion raised validation accuracy, but its test
 * accuracy rose by no more than two binomial standard errors of the
 * difference (or fell). Null when there is nothing to warn about. Two
 * champions scored on the same test split are positively correlated, so
 * the independent-sample SE used here errs toward warning.
 */
export function lastGainNote(generations: readonly GenerationSummary[], sizes: SplitSizes): string | null {
  let g = generations.length - 1;
  while (g > 0 && generations[g].championId === generations[g - 1].championId) g--;
  if (g <= 0) return null;
  const [before, after] = [generations[g - 1], generations[g]];
  const valGain = after.championValAccuracy - before.championValAccuracy;
  if (valGain <= 0) return null;
  const p1 = before.championTestAccuracy;
  const p2 = after.championTestAccuracy;
  const se = Math.sqrt((p1 * (1 - p1)) / sizes.test + (p2 * (1 - p2)) / sizes.test);
  const testGain = p2 - p1;
  if (testGain > 2 * se) return null;
  const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
  const head = `The last gain (generation ${g}: validation ${pts(valGain)} points)`;
  const band = `two standard errors are ±${(200 * se).toFixed(1)}`;
  // A fall is not "noise" to a reader: the gain did not carry over. A rise
  // under two standard errors may be real, so say only that it is not shown.
  if (testGain < 0)
    return `${head} did not hold on held-out data: test accuracy fell ${pts(testGain)} points, and ${band}.`;
  return `${head} is not beyond noise: test accuracy moved ${pts(testGain)} points, and ${band}.`;
}
