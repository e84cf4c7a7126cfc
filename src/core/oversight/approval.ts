/**
 * Approval gates: before a change takes effect, a person (or a decisions
 * file standing in for one) approves or rejects it. `champion`: every new
 * champion before it is crowned. `policy`: a new champion whose proposal
 * policy differs from the current champion's (self-adaptive runs), since the
 * champion's policy is what later proposals inherit; and, for the `learned`
 * proposer, each retrained predictor before it picks a generation's children
 * (rejected: that generation is proposed without it). A rejected candidate is
 * never crowned; every decision is recorded with who made it and when.
 */
import type { Genome } from '../genome';

export const GATES = ['champion', 'policy'] as const;
/** What a gate guards. */
export type Gate = (typeof GATES)[number];

/** What the loop asks a person to decide. */
export interface ApprovalRequest {
  gate: Gate;
  generation: number;
  candidateId: number;
  /** The champion it would replace (generation 0's seed is never gated). */
  currentId: number;
  /**
   * Set when what is gated is the `learned` proposer's retrained predictor,
   * not a candidate: `candidateId` is then the first id of the generation it
   * would pick, and a rejection means that generation is proposed without it.
   */
  predictor?: PredictorChange;
}

/** A retrained predictor of the `learned` proposer, about to pick a generation's children. */
export interface PredictorChange {
  /** Examples it was trained on. */
  examples: number;
  /** What it would propose: each child's changes and predicted gain (validation accuracy, 0–1). */
  picks?: { changes: string[]; predictedGain?: number }[];
}

/** A person's answer. */
export interface Decision {
  approve: boolean;
  /** Who or what decided: `terminal`, `page`, `decisions file F`, … */
  by: string;
  /** ISO time of the decision. */
  at: string;
  /** Optional words from the person. */
  note?: string;
}

/** A decision as recorded in the run log (inside its generation's summary). */
export type DecisionRecord = ApprovalRequest & Decision;

/** Which gate, if any, a promotion from `current` to `next` must pass. */
export function gateFor(gates: readonly Gate[], current: Genome, next: Genome): Gate | null {
  if (gates.includes('champion')) return 'champion';
  if (gates.includes('policy') && next.policy && JSON.stringify(current.policy) !== JSON.stringify(next.policy))
    return 'policy';
  return null;
}

/** Parses `--approve champion|policy|champion,policy` (or an array). */
export function parseGates(v: unknown): Gate[] {
  const items =
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s && s !== 'none')
      : Array.isArray(v)
        ? v
        : [v];
  const out: Gate[] = [];
  for (const x of items) {
    if (!(GATES as readonly unknown[]).includes(x))
      throw new Error(`must be champion, policy or both (comma-separated), got ${JSON.stringify(x)}`);
    if (!out.includes(x as Gate)) out.push(x as Gate);
  }
  return out;
}

/**
 * Decisions made in advance, for unattended runs: a JSON object
 * `{"default": "approve"|"reject", "decisions": [{"candidateId": 12, "approve": false}, …]}`.
 * A candidate not listed gets the default (reject when none is given: the safe side).
 */
export interface DecisionsFile {
  default?: 'approve' | 'reject';
  decisions?: { candidateId: number; approve: boolean; gate?: Gate; note?: string }[];
}

/** Validates a decisions file's content; throws naming what is wrong. */
export function parseDecisionsFile(v: unknown): DecisionsFile {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error('must be a JSON object {"default": …, "decisions": […]}');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (k !== 'default' && k !== 'decisions') throw new Error(`unknown field ${JSON.stringify(k)}`);
  if (o.default !== undefined && o.default !== 'approve' && o.default !== 'reject')
    throw new Error(`default must be approve or reject, got ${JSON.stringify(o.default)}`);
  if (o.decisions !== undefined && !Array.isArray(o.decisions)) throw new Error('decisions must be an array');
  const decisions = ((o.decisions as unknown[]) ?? []).map((d, i) => {
    const r = d as Record<string, unknown>;
    if (typeof r !== 'object' || r === null || !Number.isInteger(r.candidateId) || typeof r.approve !== 'boolean')
      throw new Error(`decisions[${i}] must be {"candidateId": N, "approve": true|false}`);
    if (r.gate !== undefined && !(GATES as readonly unknown[]).includes(r.gate))
      throw new Error(`decisions[${i}].gate must be champion or policy, got ${JSON.stringify(r.gate)}`);
    return {
      candidateId: r.candidateId as number,
      approve: r.approve,
      ...(r.gate !== undefined ? { gate: r.gate as Gate } : {}),
      ...(typeof r.note === 'string' ? { note: r.note } : {}),
    };
  });
  return { default: o.default as DecisionsFile['default'], decisions };
}

/** Whether a logged decision was about a candidate (and so can bar it from being champion), not a predictor. */
export const aboutCandidate = (d: { predictor?: unknown }): boolean => d.predictor === undefined;

/** Answers requests from a decisions file (an entry with a `gate` answers only that gate's request). */
export function decideFromFile(file: DecisionsFile, name: string, req: ApprovalRequest, now: () => string): Decision {
  const d = file.decisions?.find(
    (x) => x.candidateId === req.candidateId && (x.gate === undefined || x.gate === req.gate),
  );
  if (d) return { approve: d.approve, by: `decisions file ${name}`, at: now(), ...(d.note ? { note: d.note } : {}) };
  return { approve: file.default === 'approve', by: `decisions file ${name} (default)`, at: now() };
}
