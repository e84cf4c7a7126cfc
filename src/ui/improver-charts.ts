/**
 * Charts of the improver panel (display only): a per-generation line (the
 * success rate, or the learned proposer's rank correlation) and the learned
 * proposer's predicted against measured gain, one colour per generation.
 */
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { PredictionPoint } from './improver-data';
import { scatterColumns } from './improver-data';
import { viridis } from './palette';
import { UplotElement, type ChartTheme, type LegendItem } from './uplot-element';

/** A value per generation, as a line with dots. */
@customElement('generation-line-chart')
export class GenerationLineChart extends UplotElement {
  @property({ attribute: false }) points: readonly { generation: number; value: number }[] = [];
  @property() label = '';
  @property({ type: Number }) min = 0;
  @property({ type: Number }) max = 1;
  @property() emptyText = '';

  protected chartHeight = 160;

  protected structureKey(): string {
    return `${this.label}/${this.min}/${this.max}`;
  }

  protected chartData(): uPlot.AlignedData | null {
    if (this.points.length === 0) return null;
    return [this.points.map((p) => p.generation), this.points.map((p) => p.value)];
  }

  protected chartOptions(_w: number, t: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    return {
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: [this.min, this.max] } },
      axes: [
        this.axis(t, { label: 'generation', incrs: [1, 2, 5, 10, 20, 50] }),
        this.axis(t, { label: this.label, size: 48 }),
      ],
      series: [{}, { label: this.label, stroke: t.accent, width: 2, points: { show: true, size: 6, fill: t.accent } }],
    };
  }

  protected renderExtra() {
    return this.points.length === 0 ? html`<p class="empty">${this.emptyText}</p>` : '';
  }
}

/** Predicted against measured gain per child, coloured by generation (viridis: later is brighter). */
@customElement('prediction-scatter')
export class PredictionScatter extends UplotElement {
  @property({ attribute: false }) points: readonly PredictionPoint[] = [];

  protected chartHeight = 220;
  private cols = scatterColumns([]);

  protected structureKey(): string {
    return this.cols.generations.join(',');
  }

  private colour(g: number): string {
    const gs = this.cols.generations;
    return viridis(gs.length < 2 ? 0.5 : (g - gs[0]) / (gs[gs.length - 1] - gs[0]));
  }

  protected chartData(): uPlot.AlignedData | null {
    this.cols = scatterColumns(this.points);
    if (this.cols.x.length === 0) return null;
    return [this.cols.x, ...this.cols.ys];
  }

  protected chartOptions(_w: number, t: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    const pct = (_u: uPlot, vals: number[]) => vals.map((v) => `${(v * 100).toFixed(0)}`);
    return {
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [
        this.axis(t, { label: 'predicted gain (points)', values: pct }),
        this.axis(t, { label: 'measured gain (points)', size: 48, values: pct }),
      ],
      series: [
        {},
        ...this.cols.generations.map((g) => ({
          label: `generation ${g}`,
          stroke: this.colour(g),
          paths: () => null,
          points: { show: true, size: 7, fill: this.colour(g) },
        })),
      ],
    };
  }

  protected legendItems(): LegendItem[] {
    const gs = this.cols.generations;
    if (gs.length === 0) return [];
    const ends = gs.length === 1 ? gs : [gs[0], gs[gs.length - 1]];
    return ends.map((g) => ({ label: `generation ${g}`, colour: this.colour(g), mark: 'dot' as const }));
  }

  protected renderExtra() {
    return this.points.length === 0
      ? html`<p class="empty">Predictions start once the network has enough children to learn from.</p>`
      : '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'generation-line-chart': GenerationLineChart;
    'prediction-scatter': PredictionScatter;
  }
}
