/**
 * <loss-chart>: a training loss curve (mean loss of each read-back interval
 * against the step), optionally over a faint reference curve — the parent's,
 * so one can see whether the child learns faster than what it came from.
 */
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { UplotElement, type ChartTheme, type LegendItem } from './uplot-element';

/** One curve: the step of each read-back and its mean loss. */
export interface LossCurve {
  steps: readonly number[];
  losses: readonly number[];
}

/** Steps of a logged curve (`lossCurve` holds one value per `every` steps; the last may be shorter). */
export function curveFromLog(lossCurve: readonly number[], every: number, totalSteps: number): LossCurve {
  return { steps: lossCurve.map((_, i) => Math.min((i + 1) * every, totalSteps)), losses: lossCurve };
}

@customElement('loss-chart')
export class LossChart extends UplotElement {
  @property({ attribute: false }) curve: LossCurve | null = null;
  /** Drawn faintly behind, e.g. the parent's curve. */
  @property({ attribute: false }) reference: LossCurve | null = null;
  @property() label = 'this child';
  @property() referenceLabel = 'its parent';
  /** The x axis spans 0…totalSteps so the curve grows across it while training. */
  @property({ type: Number }) totalSteps = 0;
  @property({ type: Number }) height = 180;
  @property() emptyText = 'The loss appears at the first read-back.';

  protected structureKey(): string {
    return `${this.totalSteps}/${this.reference ? 1 : 0}/${this.label}/${this.height}`;
  }

  protected chartData(): uPlot.AlignedData | null {
    if (!this.curve || this.curve.steps.length === 0) return null;
    this.chartHeight = this.height;
    const ref = this.reference;
    const xs = [...new Set([...this.curve.steps, ...(ref?.steps ?? [])])].sort((a, b) => a - b);
    const at = (c: LossCurve) => {
      const m = new Map(c.steps.map((s, i) => [s, c.losses[i]]));
      return xs.map((x) => m.get(x) ?? null);
    };
    return ref ? [xs, at(this.curve), at(ref)] : [xs, at(this.curve)];
  }

  protected chartOptions(_w: number, t: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    const series: uPlot.Series[] = [
      {},
      { label: this.label, stroke: t.accent, width: 2, spanGaps: true, points: { show: false } },
    ];
    if (this.reference)
      series.push({
        label: this.referenceLabel,
        stroke: t.muted,
        width: 1.5,
        dash: [4, 4],
        spanGaps: true,
        points: { show: false },
      });
    return {
      cursor: { show: false },
      scales: {
        x: { time: false, range: [0, Math.max(1, this.totalSteps)] },
        y: { range: (_u, lo, hi) => [0, Math.max(hi * 1.05, lo + 1e-3)] },
      },
      axes: [this.axis(t, { label: 'training step' }), this.axis(t, { label: 'loss', size: 48 })],
      series,
    };
  }

  protected legendItems(): LegendItem[] {
    if (!this.reference || !this.curve?.steps.length) return [];
    return [
      { label: this.label, colour: 'var(--accent)', mark: 'line' },
      { label: this.referenceLabel, colour: 'var(--muted)', mark: 'dashed' },
    ];
  }

  protected renderExtra() {
    return !this.curve || this.curve.steps.length === 0 ? html`<p class="empty">${this.emptyText}</p>` : '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loss-chart': LossChart;
  }
}
