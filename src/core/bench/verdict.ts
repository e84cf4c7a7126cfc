/**
 * The one line a reviewer quotes after a run, per backend: its score with
 * interval, how it compares with the CPU backend of the same run, and what
 * qualifies it (software adapter, unreliable, wrong). Shared by the CLI and
 * the page so both say the same thing.
 */
import { formatNumber } from './figures';
import type { BackendResult, BenchResult } from './result';
import { scoreBackend } from './score';

const NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };
/** A backend's display name: `webgpu` → `WebGPU`. */
export const backendName = (b: string): string => NAMES[b] ?? b;

/** `6.99 [6.10, 7.80]`: a value with its interval. */
export function withInterval(value: number, interval: readonly [number, number] | null | undefined): string {
  return interval
    ? `${formatNumber(value)} [${formatNumber(interval[0])}, ${formatNumber(interval[1])}]`
    : formatNumber(value);
}

/** The verdict line of one backend of `r`. */
export function verdictLine(r: BenchResult, b: BackendResult): string {
  const where = r.environment.userAgent ? "this browser's" : "this run's";
  const head = `${backendName(b.backend)} on this device:`;
  if (b.status === 'unavailable' || b.status === 'failed') return `${head} ${b.status} — ${b.reason ?? ''}`;
  const parts: string[] = [];
  parts.push(
    b.score === null
      ? `no score (${(b.scoreNote ?? 'not scored').replace(/^not scored: /, '')})`
      : `score ${withInterval(b.score, b.scoreInterval)}`,
  );
  const cpu = r.backends.find((x) => x.backend === 'cpu' && x.status === 'ok');
  if (cpu && cpu !== b && b.status === 'ok') {
    const ratio = scoreBackend(b, cpu).score;
    if (ratio !== null) parts[0] += ` — ${formatNumber(ratio / 100)}× ${where} CPU backend`;
  }
  const notes: string[] = [];
  if (b.status === 'wrong') notes.push('WRONG: outputs differ from the CPU backend');
  if (b.softwareAdapter) notes.push('software adapter, not a GPU timing');
  if (b.reliability && !b.reliability.reliable) notes.push(`UNRELIABLE: ${b.reliability.reasons.join('; ')}`);
  return `${head} ${[parts[0], ...notes].join('; ')}`;
}

/** Every backend's verdict line. */
export function verdictLines(r: BenchResult): string[] {
  return r.backends.map((b) => verdictLine(r, b));
}
