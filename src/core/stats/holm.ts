/**
 * Holm's step-down adjustment for several tests made at once (Holm 1979):
 * controls the family-wise error rate without assuming independence, and
 * is never less powerful than Bonferroni.
 */

/** Holm-adjusted p-values, in the input order (each ≥ its raw p, capped at 1). */
export function holm(pValues: readonly number[]): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`holm: p-values must be in [0, 1], got ${p}`);
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}
