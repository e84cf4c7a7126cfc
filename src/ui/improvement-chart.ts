/**
 * <improvement-chart>: how the run improves, generation by generation. The
 * headline is the champion's held-out (test) accuracy, a bold solid line:
 * selection never saw it. The champion's validation accuracy, which it was
 * chosen on, is thin and dashed, with the gap between the two shaded
 * (selection optimism: validation overstates what the champion does on new
 * data). Every child is a point at its generation (validation accuracy); the
 * faint wide line is the best validation score so far, the dotted one chance.
 * A note under the chart says when the last gain is not beyond noise on held-out
 * data. Diverged and failed children sit on the floor as hollow points.
 * Hovering a point names the child; clicking it selects it.
 *
 * @fires candidate-select - detail `{ id: number }` when a child's point is clicked.
 */
import { css, html, unsafeCSS, type CSSResultGroup } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { describeArch } from '../core/genome';
import type { Candidate, GenerationSummary } from '../core/runlog';
import { lastGainNote, type SplitSizes } from '../core/gain-note';
import { CHANCE_LEGEND, chanceSeries, generationAxis, heldOutSeries, validationSeries } from './accuracy-lines';
import { improvementData, type ImprovementData } from './chart-data';
import { pct } from './format';
import { OKABE_ITO, withAlpha } from './palette';
import { UplotElement, type ChartTheme, type LegendItem } from './uplot-element';

/** Detail of `candidate-select` events. */
export interface CandidateSelectDetail {
  id: number;
}

@customElement('improvement-chart')
export class ImprovementChart extends UplotElement {
  static styles: CSSResultGroup = [
    UplotElement.styles,
    css`
      .tip { position: absolute; pointer-events: none; background: var(--panel); color: var(--fg); border: 1px solid var(--border);
        border-radius: 6px; padding: 0.25rem 0.5rem; font-size: 0.8rem; white-space: nowrap; z-index: 2; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
      .noise-note { margin: 0.25rem 0 0; padding-left: 0.4rem; border-left: 3px solid ${unsafeCSS(OKABE_ITO.orange)}; font-size: 0.85rem; }
    `,
  ];

  /** Every finished candidate so far. */
  @property({ attribute: false }) candidates: readonly Candidate[] = [];
  @property({ attribute: false }) generations: readonly GenerationSummary[] = [];
  /** Accuracy of guessing (1 / classes), drawn as a dotted line. */
  @property({ type: Number }) chance = 0.5;
  /** Generations planned in all: fixes the x axis so it does not jump as the run grows. */
  @property({ type: Number }) planned = 1;
  @property({ type: Number }) selectedId: number | null = null;
  /** Validation and test split sizes, for the noise of a gain (the note under the chart). */
  @property({ attribute: false }) splits: SplitSizes | null = null;

  private cols: ImprovementData | null = null;
  private byId = new Map<number, Candidate>();

  protected chartHeight = 260;

  protected structureKey(): string {
    return `${this.planned}/${this.cols?.floor}`;
  }

  protected chartData(): uPlot.AlignedData | null {
    if (this.candidates.length === 0) {
      this.cols = null;
      return null;
    }
    this.byId = new Map(this.candidates.map((c) => [c.id, c]));
    const d = improvementData(this.candidates, this.generations, this.chance);
    this.cols = d;
    return [d.xs, d.children, d.failed, d.bestSoFar, d.championVal, d.championTest, d.xs.map(() => 100 * this.chance)];
  }

  protected chartOptions(_width: number, t: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    const floor = this.cols?.floor ?? 0;
    const maxGen = this.candidates.reduce((m, c) => Math.max(m, c.generation), this.planned - 1);
    const points = (stroke: string, fill: string, size = 7): uPlot.Series => ({
      stroke,
      fill,
      width: 1.5,
      paths: () => null,
      points: { show: true, size, stroke, fill, width: 1.5 },
    });
    return {
      cursor: { y: false, points: { show: false } },
      scales: { x: { time: false, range: [-0.5, maxGen + 0.5] }, y: { range: [floor, 100] } },
      axes: [this.axis(t, generationAxis(maxGen)), this.axis(t, { label: 'accuracy (%)', size: 48 })],
      series: [
        {},
        { label: 'child', ...points(t.accent, withAlpha(t.accent, 0.35)) },
        { label: 'diverged / failed', ...points(t.bad, 'transparent', 8) },
        {
          label: 'best so far (validation)',
          stroke: 'rgba(86, 180, 233, 0.35)',
          width: 4,
          spanGaps: true,
          points: { show: false },
        },
        validationSeries('champion (validation)', OKABE_ITO.orange, [5, 3]),
        // The headline, drawn after validation so it lies on top.
        heldOutSeries('champion (held-out test)', t.fg, 6),
        chanceSeries(t),
      ],
      // The shaded gap between the champion's validation and held-out lines: selection optimism.
      bands: [{ series: [4, 5], fill: withAlpha(OKABE_ITO.orange, 0.2) }],
      hooks: {
        ready: [(u) => u.over.addEventListener('click', () => this.clicked(u))],
        setCursor: [(u) => this.hover(u)],
        draw: [(u) => this.ringSelected(u, t.accent)],
      },
    };
  }

  protected legendItems(): LegendItem[] {
    if (this.candidates.length === 0) return [];
    return [
      { label: 'champion, held-out (test): the headline', colour: 'var(--fg)', mark: 'line' },
      { label: 'champion, validation (chosen on it, so optimistic)', colour: OKABE_ITO.orange, mark: 'dashed' },
      { label: 'gap: selection optimism', colour: withAlpha(OKABE_ITO.orange, 0.35), mark: 'band' },
      { label: 'child (validation)', colour: 'var(--accent)', mark: 'dot' },
      { label: 'diverged / failed (on the floor)', colour: 'var(--bad)', mark: 'ring' },
      { label: 'best so far (validation)', colour: 'rgb(86, 180, 233)', mark: 'thick' },
      CHANCE_LEGEND,
    ];
  }

  protected renderExtra() {
    return html`
      <div class="tip" role="tooltip" hidden></div>
      ${this.candidates.length === 0 ? html`<p class="empty">Each child appears here as a point when it finishes training.</p>` : ''}
      ${this.note() ? html`<p class="noise-note" role="note">${this.note()}</p>` : ''}
    `;
  }

  private note(): string | null {
    return this.splits ? lastGainNote(this.generations, this.splits) : null;
  }

  /** The child under the cursor, if the cursor is close to its point. */
  private childAt(u: uPlot): Candidate | undefined {
    const i = u.cursor.idx;
    if (i === null || i === undefined || !this.cols) return undefined;
    const id = this.cols.ids[i];
    if (id === null) return undefined;
    const y = this.cols.children[i] ?? this.cols.failed[i];
    if (y === null || u.cursor.top === undefined || u.cursor.left === undefined) return undefined;
    const dx = u.valToPos(this.cols.xs[i], 'x') - u.cursor.left;
    const dy = u.valToPos(y, 'y') - u.cursor.top;
    return Math.hypot(dx, dy) < 14 ? this.byId.get(id) : undefined;
  }

  private hover(u: uPlot): void {
    const tip = this.renderRoot.querySelector<HTMLDivElement>('.tip');
    if (!tip) return;
    const c = this.childAt(u);
    u.over.style.cursor = c ? 'pointer' : '';
    if (!c) {
      tip.hidden = true;
      return;
    }
    const status = c.status === 'ok' ? `val ${pct(c.metrics.valAccuracy)}` : c.status;
    tip.textContent = `#${c.id} · generation ${c.generation} · ${status} · ${describeArch(c.genome.arch)}`;
    tip.hidden = false;
    const left = (u.cursor.left ?? 0) + u.over.offsetLeft;
    tip.style.left = `${Math.min(left + 12, Math.max(0, u.width - tip.offsetWidth - 4))}px`;
    tip.style.top = `${(u.cursor.top ?? 0) + u.over.offsetTop + 14}px`;
  }

  private clicked(u: uPlot): void {
    const c = this.childAt(u);
    if (c)
      this.dispatchEvent(
        new CustomEvent<CandidateSelectDetail>('candidate-select', {
          detail: { id: c.id },
          bubbles: true,
          composed: true,
        }),
      );
  }

  private ringSelected(u: uPlot, colour: string): void {
    if (this.selectedId === null || !this.cols) return;
    const i = this.cols.ids.indexOf(this.selectedId);
    const y = i < 0 ? null : (this.cols.children[i] ?? this.cols.failed[i]);
    if (y === null) return;
    const ctx = u.ctx;
    const r = devicePixelRatio || 1;
    ctx.save();
    ctx.beginPath();
    ctx.arc(u.valToPos(this.cols.xs[i], 'x', true), u.valToPos(y, 'y', true), 8 * r, 0, 2 * Math.PI);
    ctx.lineWidth = 2.5 * r;
    ctx.strokeStyle = colour;
    ctx.stroke();
    ctx.restore();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'improvement-chart': ImprovementChart;
  }
}
