/**
 * A time estimate for a suite from this device's first case, instead of a
 * fixed "about a minute". Cases differ by orders of magnitude (`micro`'s
 * first case, a 256 product, is about 1/17 of its 2048 product), so the first
 * case's time is scaled by each case's cost (CaseCost: its time on this
 * project's VM, per backend kind) relative to the first's, not multiplied by
 * the number of cases. A later backend is assumed to take as long as this
 * one in all (its speed on this device is unknown until it runs; assuming
 * only its first case as long as this one's would overshoot many times where
 * that case is cheap there: `standard`'s costs span 300× on the CPU backend
 * and 8× on SwiftShader), and each backend's first case
 * re-estimates the rest. Rough, so said as "about".
 */
import type { BenchEvent } from './events';
import { figuresOf } from './figures';
import type { Measures } from './result';
import type { Suite } from './suite';
import { SUITES } from './suites';

/** Which column of a CaseCost a backend uses: its time on a software GPU or on a CPU. */
const costKind = (backend: string): 'gpu' | 'cpu' => (backend === 'cpu' || backend === 'wasm' ? 'cpu' : 'gpu');

/** Each case's cost on a backend, in the order a suite runs them; all 1 (every case like the first) when any lacks one. */
export function caseCosts(suite: Suite, backend: string): number[] {
  const cases = [...suite.train, ...suite.infer, ...suite.matmul, ...suite.conv, ...suite.dispatch, ...suite.loop];
  const kind = costKind(backend);
  const costs = cases.map((c) => c.cost?.[kind]);
  return costs.every((x): x is number => x !== undefined && x > 0 && Number.isFinite(x)) ? costs : cases.map(() => 1);
}

/** What is left of a suite, and the whole of it, in ms. */
export interface SuiteEstimate {
  remainingMs: number;
  /** Time already spent plus what is left: never below the time already spent. */
  totalMs: number;
}

/**
 * The rest of a suite from the first case measured on a backend: `firstMs` × each remaining case's
 * cost ÷ the first case's cost (`costs`, this backend's, in run order), and as long as this whole
 * backend for each of `laterBackends`. `elapsedMs` is the time since the suite started (checks
 * included); the total is never below it.
 */
export function estimateSuite(firstMs: number, elapsedMs: number, costs: number[], laterBackends = 0): SuiteEstimate {
  const first = Math.max(0, firstMs);
  const ratios = costs.length > 0 && costs[0] > 0 ? costs.map((x) => x / costs[0]) : costs.map(() => 1);
  const backendMs = first * ratios.reduce((a, b) => a + b, 0);
  const remainingMs = Math.max(0, backendMs - first) + Math.max(0, laterBackends) * backendMs;
  return { remainingMs, totalMs: Math.max(elapsedMs, first) + remainingMs };
}

/**
 * The most timed repeats behind any figure of a measure event (the first case's). `--until-stable`
 * repeats a case until its interval is narrow, so a cheap first case can run 40+ repeats where the
 * suite's policy has 3: its time then says how long the device takes per repeat, not per case.
 */
export function repeatsIn(measures: Measures): number {
  return Math.max(0, ...figuresOf(measures).map((f) => f.stat?.samples.length ?? 0));
}

/**
 * The first case's time as the suite's policy would have spent it: scaled down by the suite's repeats
 * ÷ the repeats it ran where it ran more (an until-stable run), never up (a case that settled at the
 * minimum is what the estimate should assume of the rest).
 */
export const atPolicyRepeats = (firstMs: number, ran: number, policy: number): number =>
  ran > policy && policy > 0 ? (firstMs * policy) / ran : firstMs;

const fmt = (ms: number) =>
  ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;

/** `webgpu's first case took 2 s: about 40 s more (45 s in all) for 5 cases on 2 backends (…)`; a case repeated until stable can add to it. */
export function estimateLine(
  backend: string,
  firstMs: number,
  e: SuiteEstimate,
  cases: number,
  backends: number,
): string {
  return (
    `${backend}'s first case took ${fmt(firstMs)}: about ${fmt(e.remainingMs)} more (` +
    `${fmt(e.totalMs)} in all) for ${cases} cases on ${backends} backend` +
    `${backends === 1 ? '' : 's'} (estimated from this device's first case, scaled by ` +
    `each case's cost)`
  );
}

/** Watches a run's events; returns an estimate line after the first measured case of each backend. */
export function createEstimator(
  now: () => number,
  suites: Record<string, Suite> = SUITES,
): (e: BenchEvent) => string | null {
  let backends: string[] = [];
  let suite: Suite | null = null;
  let startedAt = 0;
  let first: { backend: string; at: number; count: number } | null = null;
  const estimated = new Set<string>();
  return (e) => {
    if (e.type === 'bench-start') {
      backends = e.backends;
      startedAt = now();
      const s = suites[e.suite.name];
      // A suite of another version (an old result's) may run other cases: no costs then.
      suite = s && s.version === e.suite.version ? s : null;
    }
    if (e.type === 'progress' && e.index === 0 && !estimated.has(e.backend))
      first = { backend: e.backend, at: now(), count: e.count };
    if (e.type !== 'measure' || !first || first.backend !== e.backend || estimated.has(e.backend)) return null;
    estimated.add(e.backend);
    const t = now();
    const later = backends.length - 1 - backends.indexOf(e.backend);
    const { count } = first;
    const known = suite ? caseCosts(suite, e.backend) : [];
    // Part of a suite (a development tool's subset) runs other cases than its costs list: naive then.
    const costs = known.length === count ? known : Array.from({ length: count }, () => 1);
    const ran = repeatsIn(e.measures);
    const firstMs = suite ? atPolicyRepeats(t - first.at, ran, suite.repeats) : t - first.at;
    const est = estimateSuite(firstMs, t - startedAt, costs, later);
    const line = estimateLine(e.backend, t - first.at, est, count, backends.length);
    first = null;
    return line;
  };
}
