/**
 * Resampling for comparing proposers across seeds: means with percentile
 * bootstrap confidence intervals, differences of means with their interval,
 * and a two-sided permutation test of unpaired groups. Resampling draws from
 * the seeded RNG, so a report is reproducible to the last digit.
 */
import type { Rng } from '../rng';
import { mean, quantile, type Estimate } from './descriptive';

function needValues(xs: readonly number[], what: string): void {
  if (xs.length === 0) throw new RangeError(`${what}: no values`);
  if (xs.some((x) => !Number.isFinite(x))) throw new RangeError(`${what}: values must be finite`);
}

/** Mean and percentile-bootstrap interval (default 95%, 10,000 resamples). */
export function bootstrapMean(xs: readonly number[], rng: Rng, level = 0.95, resamples = 10_000): Estimate {
  needValues(xs, 'bootstrapMean');
  const n = xs.length;
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[rng.int(n)];
    means[r] = s / n;
  }
  const sorted = Array.from(means).sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { mean: mean(xs), lo: quantile(sorted, alpha), hi: quantile(sorted, 1 - alpha), n };
}

/** Difference of means (a − b) with a bootstrap interval, resampling each group apart. */
export function bootstrapDifference(
  a: readonly number[],
  b: readonly number[],
  rng: Rng,
  level = 0.95,
  resamples = 10_000,
): Estimate {
  needValues(a, 'bootstrapDifference a');
  needValues(b, 'bootstrapDifference b');
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < a.length; i++) sa += a[rng.int(a.length)];
    for (let i = 0; i < b.length; i++) sb += b[rng.int(b.length)];
    diffs[r] = sa / a.length - sb / b.length;
  }
  const sorted = Array.from(diffs).sort((x, y) => x - y);
  const alpha = (1 - level) / 2;
  return {
    mean: mean(a) - mean(b),
    lo: quantile(sorted, alpha),
    hi: quantile(sorted, 1 - alpha),
    n: a.length + b.length,
  };
}

/**
 * Two-sided permutation test of a difference in means: the share of random
 * relabellings whose |difference| is at least the observed one, with the
 * +1 correction so p is never exactly 0.
 */
export function permutationTest(a: readonly number[], b: readonly number[], rng: Rng, permutations = 10_000): number {
  needValues(a, 'permutationTest a');
  needValues(b, 'permutationTest b');
  const all = [...a, ...b];
  const observed = Math.abs(mean(a) - mean(b));
  const total = all.reduce((s, x) => s + x, 0);
  let extreme = 0;
  const pool = all.slice();
  for (let r = 0; r < permutations; r++) {
    // Partial Fisher–Yates: only the first |a| slots need shuffling.
    let sa = 0;
    for (let i = 0; i < a.length; i++) {
      const j = i + rng.int(pool.length - i);
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
      sa += pool[i];
    }
    const diff = Math.abs(sa / a.length - (total - sa) / b.length);
    // A small tolerance keeps ties (common with accuracies) counted as extreme.
    if (diff >= observed - 1e-12) extreme++;
  }
  return (extreme + 1) / (permutations + 1);
}
