/**
 * The population suite's noise verdict: the scored suites' rules on repeats
 * (reliability.ts: repeatReasons) over every figure — its rate's 95 %
 * interval within ±10 % of its median, and at least 5 repeats — so no ratio
 * is taken unflagged from a figure the scored suites would call unreliable.
 * The suite records no host load: it says what its repeats show. Pure.
 */
import { repeatReasons, SPREAD_THRESHOLD } from './reliability';
import { summarise } from './stats';
import type { PopulationFigure } from './population';

/** The population suite's verdict, kept in its result as `reliability`. */
export interface PopulationReliability {
  /** True exactly when there are no reasons. */
  reliable: boolean;
  /** One sentence per problem. */
  reasons: string[];
  /** Largest allowed relative half-width of a figure's interval (0.1 = ±10 %). */
  threshold: number;
}

/** How a figure is named in the verdict: `mlp-2-32-2 K=8 alone`. */
export const figureName = (f: Pick<PopulationFigure, 'model' | 'k' | 'mode'>) => `${f.model} K=${f.k} ${f.mode}`;

/** The verdict over a run's figures (one without repeats, from an older result, counts as a single repeat). */
export function populationReliability(
  figures: readonly PopulationFigure[],
  threshold = SPREAD_THRESHOLD,
): PopulationReliability {
  const keyed = figures.map((f) => ({ key: figureName(f), stat: f.samplesPerSecStat ?? summarise([f.samplesPerSec]) }));
  const { reasons } = repeatReasons(keyed, threshold, '--repeats');
  return { reliable: reasons.length === 0, reasons, threshold };
}
