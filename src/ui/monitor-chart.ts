/**
 * <monitor-chart>: one watched quantity per generation (solid) against its
 * tripwire's threshold (dashed), for the Monitor panel.
 */
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { MonitorSeries } from './oversight-data';
import { UplotElement, type ChartTheme, type LegendItem } from './uplot-element';

@customElement('monitor-chart')
export class MonitorChart extends UplotElement {
  @property({ attribute: false }) series: MonitorSeries | null = null;

  protected structureKey(): string {
    return `${this.series?.rule}/${this.series?.threshold}`;
  }

  protected chartData(): uPlot.AlignedData | null {
    const s = this.series;
    if (!s || s.values.length === 0) return null;
    this.chartHeight = 110;
    const xs = s.values.map((_, g) => g);
    return [xs, s.values.map((v) => (v === null ? null : Math.min(v, 1e3))), xs.map(() => s.threshold)];
  }

  protected chartOptions(_w: number, t: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    return {
      cursor: { show: false },
      scales: {
        x: { time: false },
        y: { range: (_u, lo, hi) => [Math.min(0, lo), Math.max(hi * 1.1, (this.series?.threshold ?? 0) * 1.2, 1e-3)] },
      },
      axes: [this.axis(t, { label: 'generation' }), this.axis(t, { size: 40 })],
      series: [
        {},
        { label: this.series?.rule, stroke: t.accent, width: 2, spanGaps: true, points: { show: true, size: 5 } },
        { label: 'threshold', stroke: t.bad, width: 1.5, dash: [5, 4], points: { show: false } },
      ],
    };
  }

  protected legendItems(): LegendItem[] {
    return [
      { label: this.series?.rule ?? '', colour: 'var(--accent)', mark: 'line' },
      { label: `threshold (${this.series?.action})`, colour: 'var(--bad)', mark: 'dashed' },
    ];
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'monitor-chart': MonitorChart;
  }
}
