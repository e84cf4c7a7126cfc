/**
 * Summaries of repeated timings. Every benchmark figure is the median of its
 * timed repeats (warm-up runs excluded), reported with its range and a
 * distribution-free confidence interval *for that median*, so the figure a
 * reader quotes always lies inside the interval quoted with it (a t-interval
 * of the mean did not: timings are skewed, and "645 [597, 641]" was printed).
 */
import { median } from '../stats/descriptive';
import { tQuantile } from '../stats/distributions';

/** Confidence level every interval the benchmark reports aims at. */
export const INTERVAL_LEVEL = 0.95;
/** How figures' intervals are computed, in words (the results' `flags.statistic`, the tables' notes). */
export const INTERVAL_METHOD = 'order-statistic 95% interval of the median';

/** A measured figure: the median of `samples`, with their range. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  /** Every timed repeat, in run order. */
  samples: number[];
  /**
   * Order-statistic confidence interval of the median, [lo, hi] (see medianInterval). Results of
   * schemaVersion 1 recorded the t-interval of the mean here, without `coverage`: it is recomputed from `samples`.
   */
  interval?: [number, number];
  /** The interval's exact coverage (0.9375 for [min, max] of 5 repeats); absent on schemaVersion 1 intervals. */
  coverage?: number;
}

export { median };

/** P(Binomial(n, ½) = i) for i = 0…k, in log space so that n in the thousands does not underflow. */
function binomialHalfPmf(n: number, k: number): number[] {
  const out: number[] = [];
  let logP = -n * Math.LN2;
  for (let i = 0; i <= k; i++) {
    out.push(Math.exp(logP));
    logP += Math.log((n - i) / (i + 1));
  }
  return out;
}

/**
 * Coverage of [x₍ⱼ₎, x₍ₙ₊₁₋ⱼ₎], the j-th smallest to the j-th largest of n samples, as an interval
 * for the population median: 1 − 2·P(Binomial(n, ½) ≤ j − 1), for any continuous distribution
 * (with ties, at least that).
 */
export function orderStatisticCoverage(n: number, j: number): number {
  if (!(Number.isInteger(n) && Number.isInteger(j) && n >= 1 && j >= 1 && 2 * j <= n + 1))
    throw new RangeError(`no order-statistic interval of rank ${j} among ${n}`);
  const tail = binomialHalfPmf(n, j - 1).reduce((a, b) => a + b, 0);
  return Math.max(0, 1 - 2 * tail);
}

/**
 * The distribution-free confidence interval of the median of `xs`: the narrowest symmetric pair of
 * order statistics [x₍ⱼ₎, x₍ₙ₊₁₋ⱼ₎] whose coverage reaches `level`. It always contains the
 * sample median (j ≤ the median's rank ≤ n + 1 − j), makes no assumption about the distribution's
 * shape, and maps through any monotone change of unit (ms → samples/s) without changing which
 * repeats bound it. With 95 %: 6 to 8 repeats give [min, max] (96.9–99.2 %), 9 drop one repeat
 * from each end, 12 two… With 5 or fewer repeats no interval reaches 95 %: it is [min, max], whose
 * coverage is only 93.75 % (5), 87.5 % (4), 75 % (3), 50 % (2), and a single repeat gives [x, x]
 * with coverage 0 (unknown, not exact). The coverage achieved is returned beside it.
 */
export function medianInterval(
  xs: readonly number[],
  level = INTERVAL_LEVEL,
): { interval: [number, number]; coverage: number } {
  if (xs.length === 0) throw new RangeError('interval of an empty list');
  const s = xs.slice().sort((a, b) => a - b);
  const n = s.length;
  // Coverage falls as j rises: keep the largest j whose coverage still reaches the level (at least j = 1).
  const pmf = binomialHalfPmf(n, (n + 1) >> 1);
  let j = 1;
  let tail = pmf[0];
  while (2 * (j + 1) <= n + 1 && 1 - 2 * (tail + pmf[j]) >= level) tail += pmf[j++];
  return { interval: [s[j - 1], s[n - j]], coverage: Math.max(0, 1 - 2 * tail) };
}

/** Summarises repeated measurements. */
export function summarise(samples: readonly number[]): Stat {
  const { interval, coverage } = medianInterval(samples);
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples: samples.slice(),
    interval,
    coverage,
  };
}

/**
 * A Stat's interval: the recorded one, or computed from its samples where there is none or it is a
 * schemaVersion 1 t-interval of the mean (no `coverage`), so every view shows one convention.
 */
export function intervalOf(s: Stat): [number, number] {
  return s.interval && s.coverage !== undefined ? s.interval : medianInterval(s.samples).interval;
}

/** The coverage of intervalOf(s). */
export function coverageOf(s: Stat): number {
  return s.interval && s.coverage !== undefined ? s.coverage : medianInterval(s.samples).coverage;
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
 * is known, not the reference. It is centred on the score in log space, so
 * it always contains it; it is not built from the figures' intervals (a
 * product of k order-statistic intervals would only bound the worst case).
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
