/**
 * <compare-chart>: two or more runs overlaid on one improvement chart — each
 * run's champion validation accuracy (solid) and test accuracy (dashed) per
 * generation, one colour per run, e.g. `random` against `self-adaptive` on
 * the same seed.
 */
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { RunLog } from '../core/runlog';
import { compareData, distinctLabels } from './chart-data';
import { SERIES_COLOURS } from './palette';
import { UplotElement, type ChartTheme, type LegendItem } from './uplot-element';

@customElement('compare-chart')
export class CompareChart extends UplotElement {
  @property({ attribute: false }) logs: readonly RunLog[] = [];
  protected chartHeight = 260;

  protected structureKey(): string {
    return this.logs.map((l) => `${l.createdAt}/${l.config.seed}/${l.config.proposer}`).join('|');
  }

  protected chartData(): uPlot.AlignedData | null {
    if (this.logs.length === 0) return null;
    const d = compareData(this.logs);
    const test = this.logs.map((l) =>
      d.xs.map((g) => (l.generations[g] ? 100 * l.generations[g].championTestAccuracy : null)),
    );
    return [d.xs, ...d.series.flatMap((s, i) => [s, test[i]])];
  }

  protected legendItems(): LegendItem[] {
    const labels = distinctLabels(this.logs);
    return this.logs.flatMap((_l, i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      return [
        { label: `${labels[i]} (val)`, colour, mark: 'line' as const },
        { label: `${labels[i]} (test)`, colour, mark: 'dashed' as const },
      ];
    });
  }

  protected chartOptions(_w: number, t: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    const maxGen = Math.max(1, ...this.logs.map((l) => l.generations.length)) - 1;
    const series: uPlot.Series[] = [{}];
    const labels = distinctLabels(this.logs);
    this.logs.forEach((_l, i) => {
      const stroke = SERIES_COLOURS[i % SERIES_COLOURS.length];
      series.push({
        label: `${labels[i]} (val)`,
        stroke,
        width: 2.5,
        spanGaps: true,
        points: { show: true, size: 6, fill: stroke },
      });
      series.push({
        label: `${labels[i]} (test)`,
        stroke,
        width: 1.5,
        dash: [6, 4],
        spanGaps: true,
        points: { show: false },
      });
    });
    return {
      cursor: { y: false, points: { show: false } },
      scales: { x: { time: false, range: [-0.25, maxGen + 0.25] } },
      axes: [
        this.axis(t, {
          label: 'generation',
          splits: () => Array.from({ length: maxGen + 1 }, (_, g) => g),
          values: (_u, s) => s.map((g) => String(g)),
        }),
        this.axis(t, { label: 'champion accuracy (%)', size: 48 }),
      ],
      series,
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'compare-chart': CompareChart;
  }
}
