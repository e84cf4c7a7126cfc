/**
 * Reading a self-adaptive run's policies: the probability a policy gives an
 * operator among those the task can ever use, per generation, for the
 * champion and for the generation's children on average. The positive
 * control (docs/improver.md) asks whether `lr-scale`'s probability rises
 * where only the learning rate is wrong.
 */
import type { ProposalPolicy } from './genome';
import { OPERATOR_NAMES, type OperatorName } from './operator-names';
import type { RunLog } from './runlog';
import type { SearchSpace } from './space';
import { TASKS } from './tasks';

// Operators that only ever apply to convnets, or to spaces with several families.
const CONV_ONLY = new Set<OperatorName>(['add-conv-block', 'remove-conv-block', 'conv-filters']);

/**
 * Operators the task's space can ever use: a policy's weight on the others is
 * never drawn, so counting it would mislead.
 */
export function taskOperators(space: SearchSpace): OperatorName[] {
  return OPERATOR_NAMES.filter((name) => {
    if (CONV_ONLY.has(name)) return space.families.includes('cnn');
    if (name === 'switch-family') return space.families.length > 1;
    if (name === 'batch-size') return space.batchSizes.length > 1;
    if (name === 'dropout') return space.dropout.max > 0;
    return true;
  });
}

/** The probability `policy` gives `operator` among `ops`. */
export function operatorProbability(
  policy: ProposalPolicy,
  operator: OperatorName,
  ops: readonly OperatorName[],
): number {
  const w = (o: OperatorName) => Math.max(0, policy.operatorWeights[o] ?? 0);
  const total = ops.reduce((s, o) => s + w(o), 0);
  return total > 0 ? w(operator) / total : 0;
}

/** One generation's probability of an operator: in its champion's policy and averaged over its children's. */
export interface OperatorTrend {
  generation: number;
  champion: number | null;
  children: number | null;
}

/** An operator's probability per generation of a run whose genomes carry policies. */
export function operatorTrend(log: RunLog, operator: OperatorName): OperatorTrend[] {
  const ops = taskOperators(TASKS[log.config.task].space);
  const byId = new Map(log.candidates.map((c) => [c.id, c]));
  return log.generations.map((g) => {
    const champ = byId.get(g.championId)?.genome.policy;
    const kids = log.candidates
      .filter((c) => c.generation === g.index && c.genome.policy)
      .map((c) => operatorProbability(c.genome.policy as ProposalPolicy, operator, ops));
    return {
      generation: g.index,
      champion: champ ? operatorProbability(champ, operator, ops) : null,
      children: kids.length ? kids.reduce((a, b) => a + b, 0) / kids.length : null,
    };
  });
}

/** The positive control's criterion for one run (docs/improver.md). */
export interface ControlOutcome {
  /** The operator's mean probability in generation 0 (where the policy starts). */
  start: number | null;
  /** The highest generation mean within the window. */
  peak: number | null;
  /** The first generation (1…within) whose children's mean reached the threshold; null if none did. */
  reachedAt: number | null;
}

/**
 * Whether the children's mean probability of `operator` rose to `threshold`
 * within generations 1…`within` of a policy-carrying run: the positive
 * control asks this of `lr-scale` at 0.30 within 15 generations.
 */
export function controlOutcome(log: RunLog, operator: OperatorName, threshold = 0.3, within = 15): ControlOutcome {
  const trend = operatorTrend(log, operator);
  const values = trend.filter(
    (t) => t.generation >= 1 && t.generation <= within && t.children !== null,
  ) as (OperatorTrend & {
    children: number;
  })[];
  return {
    start: trend.find((t) => t.generation === 0)?.children ?? null,
    peak: values.length ? Math.max(...values.map((t) => t.children)) : null,
    reachedAt: values.find((t) => t.children >= threshold)?.generation ?? null,
  };
}
