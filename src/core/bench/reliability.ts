/**
 * Noise, detected and said. A backend's figures are *unreliable* when the
 * host was busy (load average above its core count, where the platform
 * exposes it, or other processes took more than a quarter of the cores
 * during the run), when some scored figure's 95 % interval is wider than a
 * threshold, or when a scored figure has too few repeats for its interval to
 * mean 95 % (see MIN_RELIABLE_REPEATS): a reviewer should not publish such a
 * number without rerunning (`--until-stable`) on a quiet machine. The rules
 * on repeats (repeatReasons) hold for the population suite's figures too.
 */
import { figuresOf, formatNumber } from './figures';
import type { BackendResult, BenchResult, HostLoad, Reliability } from './result';
import { coverageOf, relativeHalfWidth, type Stat } from './stats';

const percent = (x: number) => `${+(x * 100).toFixed(2)}%`;

/** Largest relative half-width of a scored figure's interval before a result is called unreliable (±10 %). */
export const SPREAD_THRESHOLD = 0.1;
/**
 * Fewest repeats of a scored figure for a reliable verdict. The median's interval is [min, max]
 * up to 8 repeats; it reaches 95 % coverage at 6, and 93.75 % at 5 (the standard suite's
 * repeats), but only 75 % at 3: three repeats within ±10 % do not pin a median down.
 */
export const MIN_RELIABLE_REPEATS = 5;
/** Load average per core above which the host counts as busy (before the run). */
export const LOAD_PER_CORE_THRESHOLD = 1;
/** Share of the cores that other processes may use during the run before the host counts as busy. */
export const OTHERS_SHARE_THRESHOLD = 0.25;

/** What a browser can say about host load: nothing. */
export const NO_LOAD_NOTE = 'not available: browsers do not expose the host load';

/** A timed figure by name, for the rules on its repeats. */
export interface KeyedStat {
  key: string;
  stat: Stat;
}

/**
 * The rules on a figure's repeats, one for every suite (the scored ones and the population suite):
 * the widest figure's 95 % interval within ±`threshold` of its median, and no figure with fewer than
 * MIN_RELIABLE_REPEATS repeats. `more` names how the suite's CLI takes more repeats.
 */
export function repeatReasons(
  figures: readonly KeyedStat[],
  threshold: number,
  more: string,
): { reasons: string[]; widest: Reliability['widest'] } {
  const reasons: string[] = [];
  let widest: Reliability['widest'] = null;
  let widestCoverage = 0;
  let fewest: KeyedStat | null = null;
  for (const f of figures) {
    const hw = f.stat.samples.length > 1 ? relativeHalfWidth(f.stat) : Infinity;
    if (!widest || hw > widest.halfWidth) {
      widest = { key: f.key, halfWidth: hw };
      widestCoverage = coverageOf(f.stat);
    }
    if (!fewest || f.stat.samples.length < fewest.stat.samples.length) fewest = f;
  }
  if (widest && widest.halfWidth > threshold) {
    reasons.push(
      Number.isFinite(widest.halfWidth)
        ? `${widest.key} is known only to ±${(widest.halfWidth * 100).toFixed(0)}% (` +
            `${percent(widestCoverage)} interval of its median; the limit is ±` +
            `${(threshold * 100).toFixed(0)}%)`
        : `${widest.key} has a single repeat, so its spread is unknown`,
    );
  }
  if (fewest && fewest.stat.samples.length > 1 && fewest.stat.samples.length < MIN_RELIABLE_REPEATS) {
    const n = fewest.stat.samples.length;
    reasons.push(
      `${fewest.key} has only ${n} repeats: its interval [min, max] covers the median with ` +
        `${percent(coverageOf(fewest.stat))} confidence (${MIN_RELIABLE_REPEATS} repeats ` +
        `give ${percent(1 - 2 ** (1 - MIN_RELIABLE_REPEATS))}; more with ${more})`,
    );
  }
  return { reasons, widest };
}

/** The noise verdict of one backend, given the host load around the run. */
export function assessBackend(b: BackendResult, load: HostLoad | undefined, threshold = SPREAD_THRESHOLD): Reliability {
  const scored = (b.measures ? figuresOf(b.measures) : []).flatMap((f) =>
    f.scoreId && f.stat ? [{ key: f.key, stat: f.stat }] : [],
  );
  const { reasons, widest } = repeatReasons(scored, threshold, '--until-stable');
  if (load?.cores) {
    // The load average after the run counts the benchmark's own threads; where the CPU that other
    // processes used during the run is known, that replaces it.
    const checks = load.others
      ? ([['before', load.before]] as const)
      : ([
          ['before', load.before],
          ['after', load.after],
        ] as const);
    for (const [when, l] of checks) {
      if (l && l[0] / load.cores > LOAD_PER_CORE_THRESHOLD)
        reasons.push(`the host was busy ${when} the run (load ${formatNumber(l[0])} on ${load.cores} cores)`);
    }
    const o = load.others;
    if (o && o.cores / load.cores > OTHERS_SHARE_THRESHOLD)
      reasons.push(
        `other processes used ${formatNumber(o.cores)} of ${load.cores} cores during the run ` +
          `(${o.top.map((t) => `${t.name} ${formatNumber(t.cores)}`).join(', ')})`,
      );
  }
  // Infinity does not survive JSON: a single repeat is recorded as the widest possible, 1e9.
  const recorded = widest && !Number.isFinite(widest.halfWidth) ? { key: widest.key, halfWidth: 1e9 } : widest;
  return { reliable: reasons.length === 0, reasons, threshold, widest: recorded };
}

/** Returns `result` with every measured backend's reliability assessed against its host load. */
export function assessResult(result: BenchResult, threshold = SPREAD_THRESHOLD): BenchResult {
  return {
    ...result,
    backends: result.backends.map((b) =>
      b.measures ? { ...b, reliability: assessBackend(b, result.hostLoad, threshold) } : b,
    ),
  };
}
