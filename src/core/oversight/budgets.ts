/**
 * Budgets: hard limits on a whole run. The loop stops at the first one
 * reached and records which (`stopReason`). Limits on counts, FLOPs and
 * model size are checked before each child is trained, against what has
 * been spent so far, so a run passes a limit by at most the one candidate
 * that crossed it (and never trains a model over `maxParams`); wall time is
 * checked between training steps, so it stops within one step.
 */

/** Hard limits on a run; each is optional. */
export interface Budgets {
  /** Training FLOPs in all (candidates and replicates). */
  maxFlops?: number;
  /** Candidates trained in all, counting generation 0. */
  maxCandidates?: number;
  /** Wall time of the run, seconds (a resumed run counts from its resume). */
  maxSeconds?: number;
  /** Parameters of the largest model the loop may train. */
  maxParams?: number;
}

export const BUDGET_FIELDS = ['maxFlops', 'maxCandidates', 'maxSeconds', 'maxParams'] as const;
/** Name of one budget. */
export type BudgetName = (typeof BUDGET_FIELDS)[number];

/** What the run has spent before the next child. */
export interface Spent {
  flops: number;
  candidates: number;
  seconds: number;
}

/**
 * Why a run ended early: a budget reached, or a tripwire with action `stop`
 * — or with action `pause` (`action: 'pause'`) in an unattended run, where
 * no one could resume it.
 */
export type StopReason =
  | { kind: 'budget'; budget: BudgetName; limit: number; value: number; generation: number }
  | { kind: 'tripwire'; rule: string; threshold: number; value: number; generation: number; action?: 'pause' };

/**
 * The budget that forbids training the next child (params `nextParams`), or
 * null. Checked in BUDGET_FIELDS order, so the reason is stable.
 */
export function budgetReached(b: Budgets, spent: Spent, nextParams: number, generation: number): StopReason | null {
  const hit = (budget: BudgetName, limit: number, value: number): StopReason => ({
    kind: 'budget',
    budget,
    limit,
    value,
    generation,
  });
  if (b.maxFlops !== undefined && spent.flops >= b.maxFlops) return hit('maxFlops', b.maxFlops, spent.flops);
  if (b.maxCandidates !== undefined && spent.candidates >= b.maxCandidates)
    return hit('maxCandidates', b.maxCandidates, spent.candidates);
  if (b.maxSeconds !== undefined && spent.seconds >= b.maxSeconds)
    return hit('maxSeconds', b.maxSeconds, spent.seconds);
  if (b.maxParams !== undefined && nextParams > b.maxParams) return hit('maxParams', b.maxParams, nextParams);
  return null;
}

/**
 * Replicates a generation may still owe once its children are trained:
 * `replicates` retrainings of its new champion (any child may be it), or of
 * every child when `everyChild` (noise-aware acceptance replicates each
 * challenger it tests).
 */
export interface OwedReplicates {
  replicates: number;
  everyChild: boolean;
}

/**
 * How many of a generation's children (in order) may train: the prefix
 * before the first child a budget forbids, assuming each spends its planned
 * FLOPs. Returns the count and the reason it was cut, if it was.
 *
 * Replicates are trained after the children, so under `maxFlops` the ones
 * the children so far may still cost count as spent: R × the costliest child
 * (the one new champion), or R × all of them (`everyChild`), a replicate's
 * cost being the child's training and one validation pass. Otherwise a run
 * with replicates passed the limit by several candidates' cost; with this,
 * by at most one candidate and its replicates (and it may stop up to that
 * much early, when no new champion needs them).
 */
export function childrenWithinBudget(
  b: Budgets,
  spent: Spent,
  children: readonly { params: number; flops: number; replicateFlops?: number }[],
  generation: number,
  owed: OwedReplicates = { replicates: 0, everyChild: false },
): { count: number; reason: StopReason | null } {
  let flops = spent.flops;
  let costliest = 0;
  let all = 0;
  for (let i = 0; i < children.length; i++) {
    const pending = owed.replicates * (owed.everyChild ? all : costliest);
    const reason = budgetReached(
      { ...b, maxSeconds: undefined },
      { ...spent, flops: flops + pending, candidates: spent.candidates + i },
      children[i].params,
      generation,
    );
    if (reason) return { count: i, reason };
    flops += children[i].flops;
    // A replicate retrains the child and scores it on the validation split (its `replicateFlops`).
    const replicate = children[i].replicateFlops ?? children[i].flops;
    costliest = Math.max(costliest, replicate);
    all += replicate;
  }
  return { count: children.length, reason: null };
}

/** One line for people: which limit stopped the run. */
export function describeStop(r: StopReason): string {
  if (r.kind === 'tripwire')
    return (
      `stopped by the ${r.rule} tripwire at generation ${r.generation}: ${fmt(r.value)} > ` +
      `${fmt(r.threshold)}` +
      `${r.action === 'pause' ? ' (a pause, with no one to resume it: an unattended run stops instead)' : ''}`
    );
  const what: Record<BudgetName, string> = {
    maxFlops: 'training FLOPs',
    maxCandidates: 'candidates',
    maxSeconds: 'seconds',
    maxParams: 'parameters of the next model',
  };
  return (
    `stopped by the ${r.budget} budget at generation ${r.generation}: ${what[r.budget]} ` +
    `${fmt(r.value)} ${r.budget === 'maxParams' ? '>' : '≥'} limit ${fmt(r.limit)}`
  );
}

const fmt = (x: number) => (Math.abs(x) >= 1e5 ? x.toExponential(3) : String(Math.round(x * 1000) / 1000));
