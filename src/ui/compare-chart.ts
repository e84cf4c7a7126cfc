/**
 * <compare-chart>: two or more runs overlaid on one improvement chart, one
 * colour per run, e.g. `random` against `self-adaptive` on the same seed.
 * Each run's champion held-out (test) accuracy per generation is the solid
 * line (the headline: selection never saw it); its validation accuracy, which
 * the champion was chosen on and so overstates it, is thin and dotted beside
 * it — as in the race chart.
 */
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { RunLog } from '../core/runlog';
import { compareData, distinctLabels } from './chart-data';
import { generationAxis, runLegend, runSeries } from './accuracy-lines';
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
    return [d.xs, ...d.heldOut.flatMap((h, i) => [h, d.validation[i]])];
  }

  protected legendItems(): LegendItem[] {
    const labels = distinctLabels(this.logs);
    return this.logs.flatMap((_l, i) => runLegend(labels[i], i));
  }

  protected chartOptions(_w: number, t: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    const maxGen = Math.max(1, ...this.logs.map((l) => l.generations.length)) - 1;
    const labels = distinctLabels(this.logs);
    const series: uPlot.Series[] = [{}, ...this.logs.flatMap((_l, i) => runSeries(labels[i], i))];
    return {
      cursor: { y: false, points: { show: false } },
      scales: { x: { time: false, range: [-0.25, maxGen + 0.25] } },
      axes: [this.axis(t, generationAxis(maxGen)), this.axis(t, { label: 'champion accuracy (%)', size: 48 })],
      series,
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'compare-chart': CompareChart;
  }
}
