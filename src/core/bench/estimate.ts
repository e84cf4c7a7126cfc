/**
 * A time estimate for a suite from this device's first case, instead of a
 * fixed "about a minute": the first case's time × the cases left, on this
 * backend and the ones after it. Rough (cases differ, and GPUs pay shader
 * compilation up front), so it is said as "about".
 */
import type { BenchEvent } from './events';

/** Watches a run's events; returns the estimate line once, after the first measured case. */
export function createEstimator(now: () => number): (e: BenchEvent) => string | null {
  let backends = 1;
  let cases = 1;
  let started: number | null = null;
  let done = false;
  return (e) => {
    if (e.type === 'bench-start') backends = e.backends.length;
    if (e.type === 'progress' && e.index === 0 && started === null) {
      started = now();
      cases = e.count;
    }
    if (e.type !== 'measure' || started === null || done) return null;
    done = true;
    return estimateLine(now() - started, cases, backends);
  };
}

/** `first case 1.2 s: about 40 s more for the suite on 3 backends (estimated from this device's first case)`. */
export function estimateLine(firstMs: number, cases: number, backends: number): string {
  const remaining = firstMs * Math.max(0, cases - 1) + firstMs * cases * Math.max(0, backends - 1);
  const fmt = (ms: number) =>
    ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
  return `first case took ${fmt(firstMs)}: about ${fmt(remaining)} more for ${cases} cases on ${backends} backend${backends === 1 ? '' : 's'} (estimated from this device's first case; cases differ)`;
}
