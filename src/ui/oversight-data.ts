/**
 * What the page's oversight panel shows, computed from a run view: each
 * declared tripwire's quantity per generation against its threshold, how
 * much of each budget is spent, and an approval request's two candidates
 * side by side. Pure, so it is tested without a browser.
 */
import type { RunConfig } from '../core/config';
import type { ApprovalRequest } from '../core/oversight/approval';
import { BUDGET_FIELDS, type BudgetName, type StopReason } from '../core/oversight/budgets';
import { measure, type TripwireRule } from '../core/oversight/tripwires';
import type { Candidate, GenerationSummary } from '../core/runlog';
import { TASKS } from '../core/tasks';
import { diffGenomes, type FieldChange } from './genome-diff';

/** One watched quantity: its value after each generation (null where undefined) and its threshold. */
export interface MonitorSeries {
  rule: TripwireRule;
  threshold: number;
  action: string;
  values: (number | null)[];
}

/** The series of every tripwire the config declares. */
export function monitorSeries(
  config: RunConfig,
  candidates: readonly Candidate[],
  generations: readonly GenerationSummary[],
): MonitorSeries[] {
  const run = { candidates, generations, splits: TASKS[config.task].splits };
  return (config.tripwires ?? []).map((t) => ({
    rule: t.rule,
    threshold: t.threshold,
    action: t.action,
    values: generations.map((_, g) => measure(t.rule, run, g)),
  }));
}

/** One budget's use. */
export interface BudgetUse {
  budget: BudgetName;
  label: string;
  spent: number;
  limit: number;
}

/**
 * Spent against each declared budget. Wall time: `elapsedSeconds` while the
 * run is live; for a run that is not (null), the time the wall-time budget
 * counted when it stopped the run, or else its generations' wall time (which
 * also holds any wait for a person, so it may read high).
 */
export function budgetUse(
  config: RunConfig,
  candidates: readonly Candidate[],
  generations: readonly GenerationSummary[],
  elapsedSeconds: number | null,
  stopReason?: StopReason | null,
): BudgetUse[] {
  const spent: Record<BudgetName, number> = {
    maxFlops:
      candidates.reduce((s, c) => s + c.flops, 0) + generations.reduce((s, g) => s + (g.replicateFlops ?? 0), 0),
    maxCandidates: candidates.length,
    maxSeconds:
      elapsedSeconds ??
      (stopReason?.kind === 'budget' && stopReason.budget === 'maxSeconds'
        ? stopReason.value
        : generations.reduce((s, g) => s + g.ms, 0) / 1000),
    maxParams: candidates.reduce((m, c) => Math.max(m, c.params), 0),
  };
  const label: Record<BudgetName, string> = {
    maxFlops: 'training FLOPs',
    maxCandidates: 'candidates',
    maxSeconds: 'seconds',
    maxParams: 'largest model (parameters)',
  };
  return BUDGET_FIELDS.filter((b) => config[b] !== undefined).map((b) => ({
    budget: b,
    label: label[b],
    spent: spent[b],
    limit: config[b]!,
  }));
}

/** A validation accuracy with its binomial standard error on the split it was measured on. */
export interface Score {
  accuracy: number | null;
  se: number | null;
  /** Examples it was scored on (fewer than the split with the gaming operator). */
  n: number;
}

function score(c: Candidate, validation: number): Score {
  const n = c.genome.evalSubset ? Math.max(1, Math.round(c.genome.evalSubset.size * validation)) : validation;
  const a = c.metrics.valAccuracy;
  return { accuracy: a, se: a === null ? null : Math.sqrt((a * (1 - a)) / n), n };
}

/** An approval request with what a person needs to decide. */
export interface ApprovalContext {
  request: ApprovalRequest;
  current: Candidate;
  proposed: Candidate;
  diff: FieldChange[];
  scores: { current: Score; proposed: Score };
}

/** The two candidates of a request, or null while the page has not seen them. */
export function approvalContext(
  req: ApprovalRequest,
  config: RunConfig,
  candidates: readonly Candidate[],
): ApprovalContext | null {
  const current = candidates.find((c) => c.id === req.currentId);
  const proposed = candidates.find((c) => c.id === req.candidateId);
  if (!current || !proposed) return null;
  const n = TASKS[config.task].splits.validation;
  return {
    request: req,
    current,
    proposed,
    diff: diffGenomes(current.genome, proposed.genome),
    scores: { current: score(current, n), proposed: score(proposed, n) },
  };
}
