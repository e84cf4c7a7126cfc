/**
 * How the page draws accuracy across generations (the improvement, race and
 * compare charts), so the held-out-headline convention lives in one place: the
 * champion's held-out (test) accuracy is the headline, bold and solid with a
 * point per generation, because selection never saw it; its validation
 * accuracy, which it was chosen on and which therefore overstates it, is thin
 * and dashed beside it. Also the overlaid runs' colours, the chance line and
 * the generation axis's whole-number ticks.
 */
import type uPlot from 'uplot';
import { SERIES_COLOURS } from './palette';
import type { ChartTheme, LegendItem } from './uplot-element';

/** A run's colour where runs are overlaid: the same in the chart, its legend and its card. */
export const runColour = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length];

/** The headline line: held-out (test) accuracy, bold and solid, a point per generation. */
export function heldOutSeries(label: string, stroke: string, pointSize = 7): uPlot.Series {
  return { label, stroke, width: 3, spanGaps: true, points: { show: true, size: pointSize, fill: stroke } };
}

/** Validation accuracy beside it: thin and dashed, without points. */
export function validationSeries(label: string, stroke: string, dash: number[] = [2, 3]): uPlot.Series {
  return { label, stroke, width: 1.25, dash, spanGaps: true, points: { show: false } };
}

/** One overlaid run's two lines in its colour: held-out (test), then validation. */
export function runSeries(label: string, i: number): uPlot.Series[] {
  return [heldOutSeries(`${label} test`, runColour(i)), validationSeries(`${label} val`, runColour(i))];
}

/** The legend entries of `runSeries`. */
export function runLegend(label: string, i: number): LegendItem[] {
  return [
    { label: `${label}: held-out (test)`, colour: runColour(i), mark: 'line' },
    { label: `${label}: validation`, colour: runColour(i), mark: 'dotted' },
  ];
}

/** The accuracy of guessing, a faint dotted line. */
export function chanceSeries(t: ChartTheme): uPlot.Series {
  return { label: 'chance', stroke: t.muted, width: 1, dash: [2, 4], points: { show: false } };
}

/** The legend entry of `chanceSeries`. */
export const CHANCE_LEGEND: LegendItem = { label: 'chance', colour: 'var(--muted)', mark: 'dotted' };

/** A generation axis (for `UplotElement.axis`): one tick per generation 0…last, as whole numbers. */
export function generationAxis(last: number): uPlot.Axis {
  return {
    label: 'generation',
    splits: () => Array.from({ length: last + 1 }, (_, g) => g),
    values: (_u, s) => s.map((g) => String(g)),
  };
}
