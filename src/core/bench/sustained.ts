/**
 * A sustained run: the training workload looped for minutes, its throughput
 * read per window. The stability figure is the lowest window's throughput ÷
 * the highest's (as stress tests report it): 1 is perfectly steady; a laptop
 * that throttles when hot shows a falling trace and a figure well below 1.
 */

/** One window of a sustained run. */
export interface SustainedWindow {
  /** Window end, ms from the start of the timed loop. */
  endMs: number;
  /** Training samples per second within the window. */
  samplesPerSec: number;
}

/** The result of a sustained run. */
export interface SustainedFigures {
  caseId: string;
  minutes: number;
  windows: SustainedWindow[];
  /** Lowest ÷ highest window throughput; null with fewer than two windows. */
  stability: number | null;
}

/** Lowest ÷ highest window throughput; null with fewer than two windows or a non-positive one. */
export function stabilityOf(windows: readonly SustainedWindow[]): number | null {
  if (windows.length < 2) return null;
  const xs = windows.map((w) => w.samplesPerSec);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo > 0 && Number.isFinite(hi) ? lo / hi : null;
}

/**
 * Windows from a trace of (time ms, cumulative samples) points taken after
 * whole regions of steps: a window closes at the first point at or after each
 * `windowMs` boundary, so windows hold whole regions and none is empty.
 */
export function windowsOf(trace: readonly { ms: number; samples: number }[], windowMs: number): SustainedWindow[] {
  const out: SustainedWindow[] = [];
  let startMs = 0;
  let startSamples = 0;
  for (const p of trace) {
    if (p.ms - startMs >= windowMs) {
      out.push({ endMs: p.ms, samplesPerSec: ((p.samples - startSamples) * 1000) / (p.ms - startMs) });
      startMs = p.ms;
      startSamples = p.samples;
    }
  }
  return out;
}
