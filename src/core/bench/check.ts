/**
 * Comparing a backend's outputs with the CPU backend's: the maximum absolute
 * error over all outputs of a case, against the case's tolerance. Pure: no
 * tfjs, so the rule is testable on its own.
 */
import type { CheckItem, CheckResult } from './result';

/** Compares one case's outputs; a NaN or infinity where the CPU has none is an unbounded error (null). */
export function compareOutputs(id: string, actual: Float32Array, expected: Float32Array, tolerance: number): CheckItem {
  if (actual.length !== expected.length) return { id, maxAbsError: null, tolerance, passed: false };
  let max = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isFinite(a) && Number.isFinite(e)) max = Math.max(max, Math.abs(a - e));
    else if (!(Number.isNaN(a) && Number.isNaN(e)) && a !== e)
      return { id, maxAbsError: null, tolerance, passed: false };
  }
  return { id, maxAbsError: max, tolerance, passed: max <= tolerance };
}

/** Combines the items: passed only if every item passed; the largest error (null if any was unbounded). */
export function combineChecks(items: CheckItem[]): CheckResult {
  const unbounded = items.some((i) => i.maxAbsError === null);
  const maxAbsError = unbounded ? null : items.reduce((m, i) => Math.max(m, i.maxAbsError ?? 0), 0);
  return { passed: items.every((i) => i.passed), maxAbsError, items };
}

/** One line naming the cases that failed, e.g. `matmul/square-256 error 0.5 > 0.001`. */
export function describeFailures(check: CheckResult): string {
  return check.items
    .filter((i) => !i.passed)
    .map(
      (i) =>
        `${i.id} error ${i.maxAbsError === null ? 'NaN/∞ or shape mismatch' : i.maxAbsError.toPrecision(3)} > ${i.tolerance}`,
    )
    .join('; ');
}
