/**
 * Summaries of repeated timings. Every benchmark figure is the median of its
 * timed repeats (warm-up runs excluded), reported with its range and a 95 %
 * interval so a reader can see how far to trust it.
 */
import { tQuantile } from '../stats/distributions';

/** Confidence level of every interval the benchmark reports. */
export const INTERVAL_LEVEL = 0.95;

/** A measured figure: the median of `samples`, with their range. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  /** Every timed repeat, in run order. */
  samples: number[];
  /** 95 % Student-t interval of the repeats' mean, [lo, hi]; absent in results made before intervals (computed from `samples` on load). */
  interval?: [number, number];
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty list');
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The 95 % Student-t interval of the mean of `xs`: mean ± t(0.975, n−1)·s/√n.
 * One sample has no spread to estimate, so its interval is the point itself
 * (and reliability checks treat n = 1 as unknown, not as exact).
 */
export function tInterval(xs: readonly number[], level = INTERVAL_LEVEL): [number, number] {
  if (xs.length === 0) throw new RangeError('interval of an empty list');
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return [mean, mean];
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return [mean - half, mean + half];
}

/** Summarises repeated measurements. */
export function summarise(samples: readonly number[]): Stat {
  const [lo, hi] = tInterval(samples);
  // Throughputs and times are positive: a symmetric interval reaching below zero is clipped at 0.
  const interval: [number, number] = [samples.every((x) => x > 0) ? Math.max(lo, 0) : lo, hi];
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples: samples.slice(),
    interval,
  };
}

/** A Stat's interval: the recorded one, or computed from its samples (results made before intervals). */
export function intervalOf(s: Stat): [number, number] {
  return s.interval ?? summarise(s.samples).interval!;
}

/** Half the interval's width relative to the median (0.05 = ±5 %): how precisely the figure is known. */
export function relativeHalfWidth(s: Stat): number {
  const [lo, hi] = intervalOf(s);
  return s.median === 0 ? 0 : (hi - lo) / 2 / Math.abs(s.median);
}

/**
 * An interval for a geometric mean of ratios vᵢ / rᵢ (the score), by the
 * delta method in log space: each figure's log-mean has standard error
 * sd(log samples)/√nᵢ, the log of the geometric mean has √Σseᵢ² / k, and
 * the t quantile uses the smallest nᵢ − 1 (conservative). The references
 * rᵢ are treated as constants: the interval says how precisely *this* run
 * is known, not the reference.
 */
export function geomeanInterval(
  point: number,
  sampleSets: readonly (readonly number[])[],
  level = INTERVAL_LEVEL,
): [number, number] | null {
  const sets = sampleSets.filter((xs) => xs.length > 1 && xs.every((x) => x > 0));
  if (sets.length === 0 || sets.length < sampleSets.length || !(point > 0)) return null;
  let variance = 0;
  for (const xs of sets) {
    const logs = xs.map(Math.log);
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    variance += logs.reduce((a, x) => a + (x - m) ** 2, 0) / (logs.length - 1) / logs.length;
  }
  const se = Math.sqrt(variance) / sets.length;
  const df = Math.min(...sets.map((xs) => xs.length)) - 1;
  const f = Math.exp(tQuantile(1 - (1 - level) / 2, df) * se);
  return [point / f, point * f];
}

/** Applies `f` to every sample (e.g. ms → samples/s); order-reversing maps keep min ≤ max. */
export function mapStat(s: Stat, f: (x: number) => number): Stat {
  return summarise(s.samples.map(f));
}

/** Spread as ± half the range, relative to the median (0.03 = ±3%). */
export function relativeSpread(s: Stat): number {
  return s.median === 0 ? 0 : (s.max - s.min) / 2 / Math.abs(s.median);
}

/** Geometric mean of positive numbers. */
export function geomean(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('geometric mean of an empty list');
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}
