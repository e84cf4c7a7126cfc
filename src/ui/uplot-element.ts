/**
 * A Lit element that owns one uPlot chart in its shadow root. Subclasses say
 * what to draw (`chartOptions`, `chartData`) and when the chart's structure
 * changed (`structureKey`: a new key rebuilds, the same key only swaps data,
 * which keeps live updates cheap). The chart follows its box's width and
 * rebuilds when the colour scheme flips, since uPlot paints colours once.
 */
import { LitElement, css, html, svg, unsafeCSS, type CSSResultGroup, type PropertyValues } from 'lit';
import { query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { withSoftwareCanvases } from './software-canvas';
import { shared } from './theme';

/** Colours a chart reads from the page's CSS custom properties. */
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  accent: string;
  bad: string;
}

/** One legend entry: how the series is drawn, so the key matches it without relying on colour. */
export interface LegendItem {
  label: string;
  colour: string;
  mark: 'line' | 'thick' | 'dashed' | 'dotted' | 'dot' | 'ring' | 'band';
}

function swatch(item: LegendItem) {
  const c = item.colour;
  switch (item.mark) {
    case 'dot':
      return svg`<circle cx="10" cy="6" r="4" style="fill:${c}"></circle>`;
    case 'ring':
      return svg`<circle cx="10" cy="6" r="4" fill="none" stroke-width="1.5" style="stroke:${c}"></circle>`;
    case 'thick':
      return svg`<path d="M1,6H19" stroke-width="6" opacity="0.6" style="stroke:${c}"></path>`;
    case 'dashed':
      return svg`<path d="M1,6H19" stroke-width="2" stroke-dasharray="5 3" style="stroke:${c}"></path>`;
    case 'band':
      return svg`<rect x="1" y="1" width="18" height="10" style="fill:${c}"></rect>`;
    case 'dotted':
      return svg`<path d="M1,6H19" stroke-width="1.5" stroke-dasharray="2 3" style="stroke:${c}"></path>`;
    default:
      return svg`<path d="M1,6H19" stroke-width="2.5" style="stroke:${c}"></path>`;
  }
}

/** Base class for the page's uPlot charts. */
export abstract class UplotElement extends LitElement {
  static styles: CSSResultGroup = [
    shared,
    unsafeCSS(uplotCss),
    css`
      :host { display: block; position: relative; }
      .plot { width: 100%; min-height: 40px; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; list-style: none; margin: 0.3rem 0 0; padding: 0; font-size: 0.8rem; }
      .legend svg { vertical-align: middle; margin-right: 0.25rem; }
    `,
  ];

  @query('.plot') protected plotEl!: HTMLDivElement;
  protected chart: uPlot | null = null;
  private builtKey = '';
  private resize: ResizeObserver | null = null;
  private scheme = matchMedia('(prefers-color-scheme: dark)');

  /** Chart height in px. */
  protected chartHeight = 220;
  protected abstract chartOptions(width: number, theme: ChartTheme): Omit<uPlot.Options, 'width' | 'height'>;
  protected abstract chartData(): uPlot.AlignedData | null;
  /** Changes when series or scales change shape; data-only updates keep the key. */
  protected abstract structureKey(): string;

  connectedCallback(): void {
    super.connectedCallback();
    this.scheme.addEventListener('change', this.rebuild);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.scheme.removeEventListener('change', this.rebuild);
    this.resize?.disconnect();
    this.resize = null;
    this.chart?.destroy();
    this.chart = null;
  }

  protected render() {
    const items = this.legendItems();
    return html`<div class="plot"></div>
      ${
        items.length
          ? html`<ul class="legend" aria-label="Legend">${items.map(
              (i) => html`<li><svg width="20"
        height="12" aria-hidden="true">${swatch(i)}</svg>${i.label}</li>`,
            )}</ul>`
          : ''
      }
      ${this.renderExtra()}`;
  }

  /** The chart's key, drawn under it (uPlot's own legend is off). */
  protected legendItems(): LegendItem[] {
    return [];
  }

  /** Markup after the chart (tooltips, notes). */
  protected renderExtra(): unknown {
    return '';
  }

  protected firstUpdated(): void {
    // Follow the container's width; uPlot has a fixed size otherwise.
    this.resize = new ResizeObserver(() => {
      const w = this.width();
      if (this.chart && w > 0 && Math.abs(this.chart.width - w) > 1)
        this.chart.setSize({ width: w, height: this.chartHeight });
    });
    this.resize.observe(this);
  }

  protected updated(changed: PropertyValues): void {
    super.updated(changed);
    this.draw();
  }

  private width(): number {
    return Math.max(200, Math.floor(this.getBoundingClientRect().width));
  }

  private theme(): ChartTheme {
    const s = getComputedStyle(this);
    const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
    return {
      fg: v('--fg', '#222'),
      muted: v('--muted', '#666'),
      grid: v('--grid', 'rgba(0,0,0,0.1)'),
      bg: v('--bg', '#fff'),
      accent: v('--accent', '#0072B2'),
      bad: v('--bad', '#D55E00'),
    };
  }

  private rebuild = (): void => {
    this.builtKey = '';
    this.draw();
  };

  /** Draws or updates the chart for the current properties. */
  protected draw(): void {
    const data = this.chartData();
    if (!data) {
      this.chart?.destroy();
      this.chart = null;
      this.builtKey = '';
      return;
    }
    const key = this.structureKey();
    if (this.chart && key === this.builtKey) {
      this.chart.setData(data);
      return;
    }
    this.chart?.destroy();
    const opts = {
      ...this.chartOptions(this.width(), this.theme()),
      legend: { show: false },
      width: this.width(),
      height: this.chartHeight,
    } as uPlot.Options;
    this.chart = withSoftwareCanvases(() => new uPlot(opts, data, this.plotEl));
    this.builtKey = key;
  }

  /** Axis styling shared by every chart. */
  protected axis(theme: ChartTheme, extra: uPlot.Axis = {}): uPlot.Axis {
    return {
      stroke: theme.muted,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1 },
      font: '12px system-ui, sans-serif',
      labelFont: '12px system-ui, sans-serif',
      ...extra,
    };
  }
}
