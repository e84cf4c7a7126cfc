/**
 * The oversight part of the run config: budgets, tripwires, approval gates
 * and the opt-in gaming operator. All optional, so logs and links written
 * before oversight existed read unchanged.
 */
import type { Gate } from './approval';
import { parseGates } from './approval';
import type { Budgets } from './budgets';
import { BUDGET_FIELDS } from './budgets';
import type { Tripwire } from './tripwires';
import { parseTripwires, TripwireError } from './tripwires';
import { quote } from '../json-bounds';

/** Oversight settings of a run. */
export interface OversightConfig extends Budgets {
  /** Rules watching the run (`rule:threshold:action,…` in flags and links). */
  tripwires?: Tripwire[];
  /** Changes that wait for a person's approval. */
  approve?: Gate[];
  /**
   * Opt-in, off by default: the `choose-validation-subset` operator, which
   * lets a child pick the part of the validation split it is scored on —
   * the classic way a loop games its own evaluation (a demonstration).
   */
  chooseValidationSubset?: boolean;
}

export const OVERSIGHT_FIELDS = [...BUDGET_FIELDS, 'tripwires', 'approve', 'chooseValidationSubset'] as const;

/**
 * Validates the oversight fields of a raw config (strings allowed); throws
 * `fail(field, detail)`'s error. Fields left out stay absent.
 */
export function parseOversight(
  v: Record<string, unknown>,
  fail: (field: string, detail: string) => Error,
): OversightConfig {
  const out: OversightConfig = {};
  for (const k of BUDGET_FIELDS) {
    if (v[k] === undefined) continue;
    const n = typeof v[k] === 'string' && (v[k] as string).trim() !== '' ? Number(v[k]) : v[k];
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0)
      throw fail(k, `must be a positive number, got ${quote(v[k])}`);
    if (k === 'maxCandidates' && !Number.isInteger(n)) throw fail(k, `must be a whole number, got ${n}`);
    out[k] = n;
  }
  if (v.tripwires !== undefined) {
    try {
      const t = parseTripwires(v.tripwires);
      if (t.length) out.tripwires = t;
    } catch (e) {
      if (e instanceof TripwireError) throw fail('tripwires', e.message);
      throw e;
    }
  }
  if (v.approve !== undefined) {
    try {
      const g = parseGates(v.approve);
      if (g.length) out.approve = g;
    } catch (e) {
      throw fail('approve', (e as Error).message);
    }
  }
  if (v.chooseValidationSubset !== undefined) {
    const b = v.chooseValidationSubset;
    if (b === true || b === 'true' || b === '1' || b === 1) out.chooseValidationSubset = true;
    else if (!(b === false || b === 'false' || b === '0' || b === 0))
      throw fail('chooseValidationSubset', `must be true or false, got ${JSON.stringify(b)}`);
  }
  return out;
}
