/**
 * The reference results shipped in benchmarks/results/ (reference-<suite>.json),
 * bundled into the page so it scores a run exactly as the CLI does.
 */
import { errorMessage } from '../../core/errors';
import type { BenchResult } from '../../core/bench/result';
import { validateBenchResult } from '../../core/bench/validate';

const files = import.meta.glob('../../../benchmarks/results/reference-*.json', { eager: true, import: 'default' });

/** The reference result for a suite, or null if none is shipped (or it is unreadable: the run is then unscored, not refused). */
export function referenceFor(suite: string): BenchResult | null {
  for (const [path, value] of Object.entries(files)) {
    if (!path.endsWith(`/reference-${suite}.json`)) continue;
    try {
      return validateBenchResult(value);
    } catch (e) {
      console.warn(`ignoring ${path}: ${errorMessage(e)}`);
      return null;
    }
  }
  return null;
}
