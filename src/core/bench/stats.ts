/**
 * Summaries of repeated timings. Every benchmark figure is the median of its
 * timed repeats (warm-up runs excluded), reported with its range so a reader
 * can see how noisy it was.
 */

/** A measured figure: the median of `samples`, with their range. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  /** Every timed repeat, in run order. */
  samples: number[];
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty list');
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Summarises repeated measurements. */
export function summarise(samples: readonly number[]): Stat {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples: samples.slice() };
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
