/**
 * The classic failure, on purpose: `choose-validation-subset` lets a child
 * choose the part of the validation split it is scored on — and it chooses
 * the window where it scores best. Selection then rewards the luckiest
 * window, not the better model: validation accuracy soars while held-out
 * accuracy does not, which is what the selection-optimism tripwire is for.
 * Opt-in (`chooseValidationSubset`), never on by default, and kept out of
 * the ordinary operator table so no proposer or policy picks it up by accident.
 *
 * The window's size is drawn from the seeded RNG when the child is proposed;
 * where it lies is chosen after training, from the child's own answers on the
 * validation split (`bestWindow`), so the choice is deterministic too. A
 * genome that carries a window (a child of a gamed parent) chooses it afresh.
 */
import { cloneGenome, type Genome } from '../genome';
import type { Rng } from '../rng';

export const GAMING_OPERATOR = 'choose-validation-subset';

/** Chance that a proposal also gets the gaming operator. */
const RATE = 0.5;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Draws the window's size: 2–10% of the split (log-uniform), small enough to
 * find a lucky stretch in. Its start (0 until then) is chosen after training.
 */
export function chooseValidationSubset(g: Genome, rng: Rng): { genome: Genome; change: string } {
  const out = cloneGenome(g);
  const size = Number((0.02 * Math.exp(rng.uniform(0, Math.log(5)))).toPrecision(4));
  out.evalSubset = { start: 0, size };
  return { genome: out, change: `scored only on the ${pct(size)} window of the validation split where it does best` };
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

/** Examples a window of relative `size` covers in an n-example split (at least one). */
const windowLength = (size: number, n: number) => Math.min(n, Math.max(1, Math.round(size * n)));

/** The examples [from, to) of an n-example split a window covers (at least one). */
export function subsetRange(s: { start: number; size: number }, n: number): [number, number] {
  const m = windowLength(s.size, n);
  const from = Math.max(0, Math.min(n - m, Math.round(s.start * n)));
  return [from, from + m];
}

/**
 * The window of relative `size` on which a model with per-example answers
 * `correct` (1 right, 0 wrong) scores best: the most right answers, the
 * earliest such window on a tie. Its start is a fraction of the split that
 * `subsetRange` maps back to the same examples and that stays ≤ 1 − size.
 */
export function bestWindow(correct: ArrayLike<number>, size: number): { start: number; from: number; to: number } {
  const n = correct.length;
  const m = windowLength(size, n);
  let last = Math.min(n - m, Math.floor((1 - size) * n));
  while (last > 0 && last / n > 1 - size) last--;
  let hits = 0;
  for (let i = 0; i < m; i++) hits += correct[i];
  let best = { from: 0, hits };
  for (let from = 1; from <= last; from++) {
    hits += correct[from + m - 1] - correct[from - 1];
    if (hits > best.hits) best = { from, hits };
  }
  return { start: best.from / n, from: best.from, to: best.from + m };
}
