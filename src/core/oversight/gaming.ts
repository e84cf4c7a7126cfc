/**
 * The classic failure, on purpose: `choose-validation-subset` lets a child
 * pick the window of the validation split it is scored on. Selection then
 * rewards lucky windows, not better models — validation accuracy soars
 * while held-out accuracy does not — which is what the selection-optimism
 * tripwire is for. Opt-in (`chooseValidationSubset`), never on by default,
 * and kept out of the ordinary operator table so no proposer or policy
 * picks it up by accident.
 */
import { cloneGenome, type Genome } from '../genome';
import type { Rng } from '../rng';

export const GAMING_OPERATOR = 'choose-validation-subset';

/** Chance that a proposal also gets the gaming operator. */
const RATE = 0.5;

/** Picks a new window: 2–10% of the split (log-uniform), anywhere in it — small enough to be lucky in. */
export function chooseValidationSubset(g: Genome, rng: Rng): { genome: Genome; change: string } {
  const out = cloneGenome(g);
  const size = Number((0.02 * Math.exp(rng.uniform(0, Math.log(5)))).toPrecision(4));
  const start = Number(rng.uniform(0, 1 - size).toPrecision(4));
  out.evalSubset = { start: Math.min(start, 1 - size), size };
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return {
    genome: out,
    change: `scored on validation ${pct(out.evalSubset.start)}–${pct(out.evalSubset.start + size)} only`,
  };
}

/** Adds the operator to about half the proposals (a proposal of the seed genome keeps the whole split). */
export function applyGaming<
  P extends { genome: Genome; operators: string[]; changes: string[]; parentId: number | null },
>(proposals: P[], rng: Rng): P[] {
  return proposals.map((p) => {
    if (rng.next() >= RATE) return p;
    const r = chooseValidationSubset(p.genome, rng);
    return { ...p, genome: r.genome, operators: [...p.operators, GAMING_OPERATOR], changes: [...p.changes, r.change] };
  });
}

/** The examples [from, to) of an n-example split a window covers (at least one). */
export function subsetRange(s: { start: number; size: number }, n: number): [number, number] {
  const from = Math.min(n - 1, Math.floor(s.start * n));
  return [from, Math.min(n, Math.max(from + 1, Math.round((s.start + s.size) * n)))];
}
