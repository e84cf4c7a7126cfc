/**
 * A backend's measures as a flat list of labelled figures: one model for the
 * CLI's table, the HTML report, the page and the score, so all four show and
 * score the same things under the same names.
 */
import { matmulPeak, peakShare } from './peak';
import type { Measures } from './result';
import type { Stat } from './stats';
import { intervalOf } from './stats';

/** Which measure kind a figure belongs to (also the chart it is drawn in). */
export type FigureGroup = 'train' | 'infer' | 'matmul' | 'conv' | 'dispatch' | 'loop';

/** One displayed figure. */
export interface Figure {
  /** Unique within a backend: `<group>/<case id>/<measure>`. */
  key: string;
  group: FigureGroup;
  /** Case id within its group. */
  caseId: string;
  /** Human-readable name of the measure. */
  label: string;
  unit: string;
  /** Which direction is better; null for figures that are neither (peak memory). */
  better: 'higher' | 'lower' | null;
  /** Sub-score id (`<group>/<case id>`) for figures that count towards the score. */
  scoreId: string | null;
  /** Median with range, for timed figures. */
  stat: Stat | null;
  /** The single value (the median, for timed figures); null when not reached. */
  value: number | null;
}

const timed = (
  group: FigureGroup,
  caseId: string,
  measure: string,
  label: string,
  unit: string,
  stat: Stat,
  better: 'higher' | 'lower',
  scored = false,
): Figure => ({
  key: `${group}/${caseId}/${measure}`,
  group,
  caseId,
  label,
  unit,
  better,
  scoreId: scored ? `${group}/${caseId}` : null,
  stat,
  value: stat.median,
});

const single = (
  group: FigureGroup,
  caseId: string,
  measure: string,
  label: string,
  unit: string,
  value: number | null,
  better: 'higher' | 'lower' | null,
): Figure => ({
  key: `${group}/${caseId}/${measure}`,
  group,
  caseId,
  label,
  unit,
  better,
  scoreId: null,
  stat: null,
  value,
});

/** Every figure of a backend's measures, in suite order. Exactly one per case is scored. */
export function figuresOf(m: Measures): Figure[] {
  const out: Figure[] = [];
  for (const t of m.train) {
    out.push(timed('train', t.id, 'samplesPerSec', `train ${t.id}`, 'samples/s', t.samplesPerSec, 'higher', true));
    out.push(timed('train', t.id, 'stepsPerSec', `train ${t.id}`, 'steps/s', t.stepsPerSec, 'higher'));
    out.push(timed('train', t.id, 'gflops', `train ${t.id}`, 'GFLOP/s', t.gflops, 'higher'));
    out.push(single('train', t.id, 'firstStepMs', `train ${t.id} first step`, 'ms', t.firstStepMs, 'lower'));
    out.push(single('train', t.id, 'peakBytes', `train ${t.id} peak tensors`, 'MB', t.peakBytes / 1e6, null));
  }
  for (const i of m.infer) {
    out.push(timed('infer', i.id, 'samplesPerSec', `infer ${i.id}`, 'samples/s', i.samplesPerSec, 'higher', true));
    out.push(timed('infer', i.id, 'gflops', `infer ${i.id}`, 'GFLOP/s', i.gflops, 'higher'));
  }
  // Computed from the figures, so results made before the share was recorded show it too.
  const peak = matmulPeak(m);
  for (const x of m.matmul) {
    out.push(timed('matmul', x.id, 'gflops', `matmul ${x.id}`, 'GFLOP/s', x.gflops, 'higher', true));
    const share = peakShare(x.gflops.median, peak);
    if (share !== null)
      out.push(single('matmul', x.id, 'peakShare', `matmul ${x.id} share of peak`, '%', share * 100, null));
  }
  for (const c of m.conv)
    out.push(timed('conv', c.id, 'gflops', `conv2d ${c.id}`, 'GFLOP/s', c.gflops, 'higher', true));
  for (const d of m.dispatch)
    out.push(
      timed('dispatch', d.id, 'usPerOp', `dispatch ${d.ops} ops × ${d.size}`, 'µs/op', d.usPerOp, 'lower', true),
    );
  for (const l of m.loop) {
    out.push(
      timed('loop', l.id, 'generationsPerMin', `loop ${l.id}`, 'generations/min', l.generationsPerMin, 'higher', true),
    );
    out.push(
      single(
        'loop',
        l.id,
        'timeToTargetMs',
        `loop ${l.id} time to ${Math.round(l.targetAccuracy * 100)}% val`,
        's',
        l.timeToTargetMs === null ? null : l.timeToTargetMs / 1000,
        'lower',
      ),
    );
    out.push(
      single('loop', l.id, 'finalValAccuracy', `loop ${l.id} final val accuracy`, '%', l.finalValAccuracy * 100, null),
    );
  }
  return out;
}

/** A number with about three significant digits (thousands separated): 12,345 · 123 · 12.3 · 1.23 · 0.0123. */
export function formatNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 100) return x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (a === 0) return '0';
  return x.toLocaleString('en-US', { maximumSignificantDigits: 3, minimumSignificantDigits: 3 });
}

/** `1,234 [1,180, 1,290]` — a figure's median with the 95 % interval of its repeats (computed from the samples for older results). */
export function formatFigure(f: Figure): string {
  if (f.value === null) return '—';
  if (!f.stat || f.stat.samples.length < 2) return formatNumber(f.value);
  const [lo, hi] = intervalOf(f.stat);
  return `${formatNumber(f.value)} [${formatNumber(lo)}, ${formatNumber(hi)}]`;
}
