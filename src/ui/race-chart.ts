/**
 * <race-chart>: the runs of a race on one chart as they go — each run's
 * champion held-out (test) accuracy per generation, a solid line in the run's
 * colour (the headline), and its validation accuracy as a thin dotted line
 * beside it (inflated by selection, so never the one to read first).
 */
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { GenerationSummary } from '../core/runlog';
import { CHANCE_LEGEND, chanceSeries, generationAxis, runLegend, runSeries } from './accuracy-lines';
import { UplotElement, type ChartTheme, type LegendItem } from './uplot-element';

/** One run on the chart. */
export interface RaceLine {
  label: string;
  generations: readonly GenerationSummary[];
}

@customElement('race-chart')
export class RaceChart extends UplotElement {
  @property({ attribute: false }) lines: readonly RaceLine[] = [];
  /** Generations each run will have: the x axis spans them from the start. */
  @property({ type: Number }) planned = 1;
  /** Accuracy of guessing, drawn dotted. */
  @property({ type: Number }) chance = 0.5;
  protected chartHeight = 240;

  protected structureKey(): string {
    return `${this.lines.map((l) => l.label).join('|')}/${this.planned}`;
  }

  protected chartData(): uPlot.AlignedData | null {
    if (this.lines.length === 0) return null;
    const xs = Array.from({ length: Math.max(1, this.planned) }, (_, g) => g);
    const at = (l: RaceLine, pick: (g: GenerationSummary) => number) =>
      xs.map((g) => (l.generations[g] ? 100 * pick(l.generations[g]) : null));
    return [
      xs,
      ...this.lines.flatMap((l) => [at(l, (g) => g.championTestAccuracy), at(l, (g) => g.championValAccuracy)]),
      xs.map(() => 100 * this.chance),
    ];
  }

  protected legendItems(): LegendItem[] {
    return [...this.lines.flatMap((l, i) => runLegend(l.label, i)), CHANCE_LEGEND];
  }

  protected chartOptions(_w: number, t: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    const last = Math.max(1, this.planned) - 1;
    const series: uPlot.Series[] = [{}, ...this.lines.flatMap((l, i) => runSeries(l.label, i)), chanceSeries(t)];
    return {
      cursor: { y: false, points: { show: false } },
      scales: {
        x: { time: false, range: [-0.25, last + 0.25] },
        y: { range: [Math.min(40, 100 * this.chance - 5), 100] },
      },
      axes: [this.axis(t, generationAxis(last)), this.axis(t, { label: 'champion accuracy (%)', size: 48 })],
      series,
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'race-chart': RaceChart;
  }
}
