/**
 * Proposal success rate: how often a proposer's children beat their parent
 * by more than the validation split's own noise. Its trend over generations
 * is the measure of "the improver improving": a second-order loop that
 * learns how to propose should make good children more often as it goes.
 *
 * *Beyond noise.* A validation accuracy p measured on n examples has the
 * binomial standard error √(p(1−p)/n); the difference of two independent
 * such measurements at the parent's level p has √(2p(1−p)/n). A child
 * succeeds when its gain over its parent exceeds `z` of those (z = 1 by
 * default; p is kept within [1/n, 1 − 1/n] so a perfect parent still has a
 * noise floor). Diverged and failed children count as failures. Children
 * without a parent (the `random` proposer) are measured against the champion
 * of the generation before them, the candidate they would have to beat.
 */
import type { RunLog, Candidate } from './runlog';

/** The parts of a run the success rate reads (a finished log, or a run in progress). */
export type RunRecord = Pick<RunLog, 'config' | 'candidates' | 'generations'>;
import { TASKS } from './tasks';

/** One child's outcome against its reference (its parent, or the previous champion). */
export interface ChildOutcome {
  id: number;
  generation: number;
  referenceId: number;
  /** Child's validation accuracy minus the reference's (chance level for an unhealthy child). */
  gain: number;
  /** The noise threshold the gain had to exceed. */
  threshold: number;
  success: boolean;
}

/** Success rate of one generation's children. */
export interface GenerationSuccess {
  generation: number;
  children: number;
  successes: number;
  /** successes / children. */
  rate: number;
}

/** The binomial noise threshold for a gain over a reference of accuracy `p` on `n` validation examples. */
export function noiseThreshold(p: number, n: number, z = 1): number {
  if (!(n > 0)) throw new RangeError('noiseThreshold: the validation split must have examples');
  const q = Math.min(1 - 1 / n, Math.max(1 / n, p));
  return z * Math.sqrt((2 * q * (1 - q)) / n);
}

const chanceOf = (log: RunRecord): number => 1 / TASKS[log.config.task].numClasses;

/** Every child's gain over its reference and whether it succeeded (generation 0 has no children). */
export function childOutcomes(log: RunRecord, z = 1): ChildOutcome[] {
  const n = TASKS[log.config.task].splits.validation;
  const chance = chanceOf(log);
  const byId = new Map<number, Candidate>(log.candidates.map((c) => [c.id, c]));
  const out: ChildOutcome[] = [];
  for (const c of log.candidates) {
    if (c.generation === 0) continue;
    const ref =
      c.parentId !== null ? byId.get(c.parentId) : byId.get(log.generations[c.generation - 1]?.championId ?? -1);
    if (!ref || ref.metrics.valAccuracy === null) continue;
    const p = ref.metrics.valAccuracy;
    const healthy = c.status === 'ok' && c.metrics.valAccuracy !== null;
    const gain = (healthy ? (c.metrics.valAccuracy as number) : chance) - p;
    const threshold = noiseThreshold(p, n, z);
    out.push({
      id: c.id,
      generation: c.generation,
      referenceId: ref.id,
      gain,
      threshold,
      success: healthy && gain > threshold,
    });
  }
  return out;
}

/** The success rate of each generation after generation 0, in order. */
export function successByGeneration(log: RunRecord, z = 1): GenerationSuccess[] {
  const rows = new Map<number, GenerationSuccess>();
  for (const o of childOutcomes(log, z)) {
    const r = rows.get(o.generation) ?? { generation: o.generation, children: 0, successes: 0, rate: 0 };
    r.children++;
    if (o.success) r.successes++;
    r.rate = r.successes / r.children;
    rows.set(o.generation, r);
  }
  return [...rows.values()].sort((a, b) => a.generation - b.generation);
}

/** Least-squares slope of y on x (0 when x does not vary). */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length === 0) throw new RangeError('slope: need equally many x and y values');
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/** A run's success-rate trend: change of the rate per generation (least squares), or null with fewer than two generations of children. */
export function successSlope(log: RunRecord, z = 1): number | null {
  const rows = successByGeneration(log, z);
  return rows.length < 2
    ? null
    : slope(
        rows.map((r) => r.generation),
        rows.map((r) => r.rate),
      );
}
