/**
 * How a self-adaptive policy is credited with the outcome of the candidate
 * that carries it (docs/improver.md). Without credit a policy changes only by
 * log-normal drift, and selection moves an operator's weight by about τ² per
 * generation — too little to matter within a run (the simulated positive
 * control measured it: 2 of 20 seeds).
 *
 * The policy has to learn which operator pays *compared with the others tried
 * at the same time*; whether one child beat its parent beyond noise (the
 * success rate's question, success.ts) is a different question, and answering
 * it for credit had two costs, measured on the `lr-control` positive control:
 * - a gain below the threshold earned nothing, though it is evidence (the
 *   first `lr-scale` step there gains about 6 points against a threshold of
 *   4.9 and was credited about half the time);
 * - a gain over the parent carries the parent's own luck: parents are picked
 *   for their validation accuracy, so every child's gain is biased down by it,
 *   and children of one parent share it.
 * So a carrier's *advantage* is its gain over its parent minus the median gain
 * of its siblings (the other children of its generation) — what they share,
 * the parent's luck and the generation's drift, cancels, as with the baseline
 * of a policy gradient — and the credit is graded: CREDIT × advantage / spread,
 * clipped to ±CREDIT. The spread is the one the run itself shows between
 * children (a robust standard deviation of every child's advantage so far),
 * never less than the split's binomial noise: with real training nets differ
 * by their initialisation too, which the binomial threshold leaves out.
 */
import type { ProposalPolicy } from './genome';
import { isOperatorName } from './operator-names';
import type { Candidate } from './runlog';
import { clamp } from './space';
import { median } from './stats';
import { noiseThreshold } from './success';

/**
 * The most one outcome moves an operator's weight (log scale: ×e² for a child
 * one spread or more above its siblings). Chosen on the simulated positive
 * control (tests/core/positive-control.test.ts) with the earlier, thresholded
 * credit: with 0 (drift and selection alone) lr-scale's probability reached
 * 0.30 in 2 of 20 seeds, with 0.5 in 9, 1 in 14, 1.5 in 16, 2 in 19.
 */
export const CREDIT = 2;

/** What a carrier's credit is measured against, computed once per generation's proposals. */
export interface CreditContext {
  /** A child's gain over its parent minus the median gain of its siblings, by id (healthy children of healthy parents). */
  advantage: ReadonlyMap<number, number>;
  /** The run's spread between children: 1.4826 × the median absolute advantage (a standard deviation robust to the few large steps); 0 with none. */
  spread: number;
}

const healthyAccuracy = (c: Candidate | undefined): number | null =>
  c && c.status === 'ok' && c.metrics.valAccuracy !== null ? c.metrics.valAccuracy : null;

/** Every child's advantage over its siblings, and the run's spread of them. */
export function creditContext(history: readonly Candidate[]): CreditContext {
  const byId = new Map(history.map((c) => [c.id, c]));
  const gains = new Map<number, { id: number; gain: number }[]>();
  for (const c of history) {
    const v = healthyAccuracy(c);
    const pv = c.parentId === null ? null : healthyAccuracy(byId.get(c.parentId));
    if (v === null || pv === null) continue;
    const kids = gains.get(c.generation) ?? [];
    kids.push({ id: c.id, gain: v - pv });
    gains.set(c.generation, kids);
  }
  const advantage = new Map<number, number>();
  for (const kids of gains.values())
    for (const k of kids) {
      const others = kids.filter((o) => o.id !== k.id).map((o) => o.gain);
      // An only child has no siblings to compare with: its gain over its parent is all there is.
      advantage.set(k.id, k.gain - (others.length ? median(others) : 0));
    }
  const spread = advantage.size ? 1.4826 * median([...advantage.values()].map(Math.abs)) : 0;
  return { advantage, spread };
}

/**
 * Credits a policy with the outcome of the candidate that carries it: the
 * weights of the operators that made the carrier are multiplied by
 * e^(CREDIT × clip(advantage / spread, −1, 1)), the spread floored at the
 * binomial noise of a difference at the parent's level (success.ts). A
 * carrier without a healthy parent, or unhealthy itself, leaves the policy alone.
 */
export function creditPolicy(
  policy: ProposalPolicy,
  carrier: Candidate,
  history: readonly Candidate[],
  validationSize: number,
  context: CreditContext = creditContext(history),
): ProposalPolicy {
  const parent = carrier.parentId === null ? undefined : history.find((c) => c.id === carrier.parentId);
  const pv = healthyAccuracy(parent);
  const a = context.advantage.get(carrier.id);
  if (pv === null || a === undefined || healthyAccuracy(carrier) === null || carrier.operators.length === 0)
    return policy;
  const scale = Math.max(context.spread, noiseThreshold(pv, validationSize));
  const strength = CREDIT * clamp(a / scale, -1, 1);
  if (strength === 0) return policy;
  const operatorWeights = { ...policy.operatorWeights };
  for (const o of carrier.operators)
    if (isOperatorName(o)) operatorWeights[o] = (operatorWeights[o] ?? 1) * Math.exp(strength);
  return { operatorWeights, stepScale: policy.stepScale };
}
