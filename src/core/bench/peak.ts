/**
 * Where a backend stands against its own limit. No browser API tells a
 * WebGPU adapter's peak FLOP/s (and a datasheet figure would not be this
 * browser's), so the peak is measured: the highest matmul throughput of the
 * run on that backend — the suite's largest square products are its
 * peak-throughput cases — and every matmul figure is shown as a share of it.
 * A small product far below the peak is latency- or dispatch-bound there.
 */
import type { BackendResult, Measures } from './result';

/** The highest matmul throughput measured on one backend in one run. */
export interface MatmulPeak {
  /** The matmul case that reached it. */
  caseId: string;
  /** Its median GFLOP/s. */
  gflops: number;
}

/** The measured peak, or null with fewer than two matmul cases (one case is trivially 100 % of itself). */
export function matmulPeak(m: Pick<Measures, 'matmul'>): MatmulPeak | null {
  if (m.matmul.length < 2) return null;
  let best = m.matmul[0];
  for (const x of m.matmul) if (x.gflops.median > best.gflops.median) best = x;
  return best.gflops.median > 0 ? { caseId: best.id, gflops: best.gflops.median } : null;
}

/** A matmul figure's share of the peak (0…1), or null without a peak. */
export function peakShare(gflops: number, peak: MatmulPeak | null): number | null {
  return peak ? gflops / peak.gflops : null;
}

/** Records the peak and each matmul figure's share of it in a backend's result (the JSON keeps them). */
export function applyPeak(b: BackendResult): void {
  if (!b.measures) return;
  const peak = matmulPeak(b.measures);
  if (!peak) return;
  b.matmulPeak = peak;
  for (const x of b.measures.matmul) x.peakShare = peakShare(x.gflops.median, peak)!;
}
