/**
 * The self-adaptive proposer's policy along the champion line: for each
 * generation, the probabilities the champion's own policy gives each
 * operator, and its step scale. Watching these drift is watching the loop
 * change how it changes models.
 */
import type { Candidate, GenerationSummary } from '../core/runlog';
import type { SearchSpace } from '../core/space';
import type { OperatorName } from '../core/operator-names';
import { taskOperators } from '../core/policy-stats';

export { taskOperators };

/** One generation's champion policy. */
export interface PolicyRow {
  generation: number;
  championId: number;
  stepScale: number;
  /** Probability per operator (of `ops`), summing to 1. */
  probs: number[];
}

/** The champion's policy at each completed generation (generations whose champion has none are skipped). */
export function policyLine(
  candidates: readonly Candidate[],
  generations: readonly GenerationSummary[],
  space: SearchSpace,
): { ops: OperatorName[]; rows: PolicyRow[] } {
  const ops = taskOperators(space);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const rows: PolicyRow[] = [];
  for (const g of generations) {
    const policy = byId.get(g.championId)?.genome.policy;
    if (!policy) continue;
    const w = ops.map((o) => Math.max(0, policy.operatorWeights[o] ?? 0));
    const total = w.reduce((a, b) => a + b, 0) || 1;
    rows.push({
      generation: g.index,
      championId: g.championId,
      stepScale: policy.stepScale,
      probs: w.map((x) => x / total),
    });
  }
  return { ops, rows };
}
