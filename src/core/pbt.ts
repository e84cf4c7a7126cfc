/**
 * Population-based training's exploit and explore (Jaderberg et al. 2017), as
 * pure rules. After each round of training on a shared clock the population
 * is ranked; each member of the bottom quarter copies a member of the top
 * quarter (its weights, optimizer state and hyperparameters: "exploit",
 * truncation selection) and then perturbs the copied hyperparameters
 * ("explore": each ×0.8 or ×1.2, or with a small probability resampled from
 * its range). The rest continue as they are. Architecture is never changed:
 * the weights must carry over.
 *
 * The rules are generic over what a hyperparameter vector is, so the paper's
 * toy problem (tests/core/pbt-toy.test.ts) exercises the same code as the loop.
 */
import type { Hyperparams } from './genome';
import type { Rng } from './rng';
import { clamp, logUniform, type SearchSpace } from './space';

/** The fraction of the population that exploits (the bottom) and is copied from (the top). */
export const PBT_QUANTILE = 0.25;
/** Explore's multiplicative perturbation: each hyperparameter ×0.8 or ×1.2. */
export const PERTURB_FACTORS = [0.8, 1.2] as const;

/** A member as exploit/explore sees it. */
export interface PbtMember<H> {
  id: number;
  /** Higher is better; -Infinity for a member that diverged or failed (it always exploits). */
  score: number;
  hyper: H;
}

/** What one member becomes for the next round. */
export interface PbtStep<H> {
  /** The member whose place in the population this takes. */
  memberId: number;
  /** Whose weights, optimizer state and (before explore) hyperparameters it starts from: itself, or the copied top member. */
  sourceId: number;
  exploited: boolean;
  hyper: H;
  /** Human-readable changes (`lr 0.01→0.012`); empty when it continues unchanged. */
  changes: string[];
}

/** Explore: perturbs a copied hyperparameter vector. */
export type Explore<H> = (hyper: H, rng: Rng) => { hyper: H; changes: string[] };

/** Members in the bottom (and top) quantile of n: at least one once there are two members. */
export function quantileCount(n: number, fraction = PBT_QUANTILE): number {
  return n < 2 ? 0 : Math.max(1, Math.floor(n * fraction));
}

/**
 * One exploit/explore step over the whole population, in member order. The
 * bottom `quantileCount` members — and every unusable one, which has no
 * weights worth keeping — each copy a member drawn uniformly from the top
 * quantile and explore its hyperparameters; the others continue unchanged.
 * Ties rank the older (smaller id) member higher.
 */
export function exploitExplore<H>(
  members: readonly PbtMember<H>[],
  rng: Rng,
  explore: Explore<H>,
  fraction = PBT_QUANTILE,
): PbtStep<H>[] {
  const ranked = members.slice().sort((a, b) => (a.score !== b.score ? b.score - a.score : a.id - b.id));
  const q = quantileCount(members.length, fraction);
  const top = ranked.slice(0, q).filter((m) => m.score > -Infinity);
  const bottom = new Set<number>();
  if (top.length > 0) {
    for (const m of ranked.slice(members.length - q)) bottom.add(m.id);
    for (const m of ranked) if (m.score === -Infinity) bottom.add(m.id);
  }
  return members.map((m) => {
    if (!bottom.has(m.id)) return { memberId: m.id, sourceId: m.id, exploited: false, hyper: m.hyper, changes: [] };
    const source = rng.pick(top);
    const explored = explore(source.hyper, rng);
    return { memberId: m.id, sourceId: source.id, exploited: true, hyper: explored.hyper, changes: explored.changes };
  });
}

/** A numeric hyperparameter's range; `log` ranges are resampled log-uniformly. */
export interface Range {
  min: number;
  max: number;
  log?: boolean;
}

/** One value explored: resampled from its range with probability `resample`, else ×0.8 or ×1.2, clamped. */
export function perturbValue(x: number, range: Range, rng: Rng, resample: number): number {
  if (rng.next() < resample)
    return range.log ? logUniform(rng, range.min, range.max) : rng.uniform(range.min, range.max);
  return clamp(x * rng.pick(PERTURB_FACTORS), range.min, range.max);
}

/** Explore over a record of numeric hyperparameters, each within its range (the toy problem's). */
export function exploreNumbers<K extends string>(
  ranges: Record<K, Range>,
  resample: number,
): Explore<Record<K, number>> {
  return (hyper, rng) => {
    const out = { ...hyper };
    const changes: string[] = [];
    for (const key of Object.keys(ranges) as K[]) {
      out[key] = perturbValue(hyper[key], ranges[key], rng, resample);
      changes.push(`${key} ${fmt(hyper[key])}→${fmt(out[key])}`);
    }
    return { hyper: out, changes };
  };
}

const fmt = (x: number): string =>
  x === 0 ? '0' : Math.abs(x) < 0.01 || Math.abs(x) >= 1000 ? x.toExponential(1) : x.toPrecision(2);

/** Explore's default probability of resampling a hyperparameter instead of perturbing it. */
export const RESAMPLE_PROBABILITY = 0.1;

/**
 * Explore over a genome's hyperparameters within the task's space: learning
 * rate, weight decay and dropout ×0.8/×1.2 (a zero stays zero unless
 * resampled), batch size one allowed size down or up; each resampled with
 * probability `resample`. The optimizer is kept: its state is carried over.
 */
export function exploreHyper(space: SearchSpace, resample = RESAMPLE_PROBABILITY): Explore<Hyperparams> {
  const wdMin = Math.max(space.weightDecay.min, 1e-6);
  return (h, rng) => {
    const out: Hyperparams = { ...h };
    const changes: string[] = [];
    out.learningRate = perturbValue(
      h.learningRate,
      { min: space.learningRate.min, max: space.learningRate.max, log: true },
      rng,
      resample,
    );
    out.weightDecay =
      rng.next() < resample
        ? rng.next() < 0.5
          ? 0
          : logUniform(rng, wdMin, space.weightDecay.max)
        : clamp(h.weightDecay * rng.pick(PERTURB_FACTORS), space.weightDecay.min, space.weightDecay.max);
    out.dropout = perturbValue(h.dropout, { min: 0, max: space.dropout.max }, rng, resample);
    const sizes = space.batchSizes;
    const at = Math.max(0, sizes.indexOf(h.batchSize));
    out.batchSize =
      rng.next() < resample ? rng.pick(sizes) : sizes[clamp(at + (rng.next() < 0.5 ? -1 : 1), 0, sizes.length - 1)];
    if (out.learningRate !== h.learningRate) changes.push(`lr ${fmt(h.learningRate)}→${fmt(out.learningRate)}`);
    if (out.weightDecay !== h.weightDecay) changes.push(`weight decay ${fmt(h.weightDecay)}→${fmt(out.weightDecay)}`);
    if (out.dropout !== h.dropout) changes.push(`dropout ${h.dropout.toFixed(2)}→${out.dropout.toFixed(2)}`);
    if (out.batchSize !== h.batchSize) changes.push(`batch ${h.batchSize}→${out.batchSize}`);
    return { hyper: out, changes };
  };
}
