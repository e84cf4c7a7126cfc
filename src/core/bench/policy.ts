/**
 * The measurement policy a user chooses for a run, apart from the suite: how
 * long each timed region lasts at least, and whether to repeat until the
 * figures are precise. Not part of a suite's fingerprint: it changes how
 * long a case is timed, not what a figure measures (per-run throughput), so
 * results with different policies score against the same reference; every
 * result records its policy in `flags` and each case's `runsPerRegion`.
 */

/** A run's timing options. */
export interface TimingOptions {
  /** Each timed repeat runs its case enough times to last at least this long (ms); 0 runs it once. */
  minRegionMs: number;
  /** Keep repeating until the 95 % interval's half-width is within `halfWidth` of the median, or `maxMs` of timed repeats have passed. */
  untilStable?: { halfWidth: number; maxMs: number };
  /** After the suite, loop its first training case for this many minutes per backend (see sustained.ts). */
  sustainedMinutes?: number;
}

/** Each timed repeat lasts at least this long by default. */
export const DEFAULT_MIN_REGION_MS = 100;

/** Target half-width of `--until-stable`: tighter than the ±10 % at which a result is called unreliable. */
export const STABLE_HALF_WIDTH = 0.05;
