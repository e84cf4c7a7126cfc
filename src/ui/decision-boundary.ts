/**
 * <decision-boundary>: what a 2-D model learned, as in TensorFlow
 * Playground. The background is the model's class probability over the
 * plane — orange for one class, blue for the other, pale where it is unsure —
 * and the dots are the test points in their true class's colour; the ones
 * the model gets wrong carry a cross.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { BoundaryInspection } from '../worker/lab.worker';
import { pct } from './format';
import { drawPoints } from './data-drawing';
import { CLASS_COLOURS, rgbOf } from './palette';
import { softwareContext } from './software-canvas';
import { shared } from './theme';

@customElement('decision-boundary')
export class DecisionBoundary extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      canvas { width: 100%; max-width: var(--boundary-size, 22rem); aspect-ratio: 1; display: block; border-radius: 6px; border: 1px solid var(--border); }
      .key { display: flex; gap: 0.9rem; flex-wrap: wrap; font-size: 0.8rem; color: var(--muted); margin-top: 0.3rem; }
      .dot { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 50%; vertical-align: middle; border: 1px solid var(--fg); }
    `,
  ];

  @property({ attribute: false }) inspection: BoundaryInspection | null = null;
  @query('canvas') private canvas!: HTMLCanvasElement;
  private scheme = matchMedia('(prefers-color-scheme: dark)');

  connectedCallback(): void {
    super.connectedCallback();
    this.scheme.addEventListener('change', this.paint);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.scheme.removeEventListener('change', this.paint);
  }

  render() {
    const v = this.inspection;
    if (!v) return html`<p class="empty">Waiting for the champion's predictions…</p>`;
    const wrong = v.labels.reduce((s, y, i) => s + (y !== v.predicted[i] ? 1 : 0), 0);
    return html`
      <canvas width="440" height="440" role="img"
        aria-label="Decision boundary of the champion over the test points: ${pct(v.accuracy)} right, ${wrong} of ${v.labels.length} wrong"></canvas>
      <div class="key" aria-hidden="true">
        <span><span class="dot" style="background:${CLASS_COLOURS[0]}"></span> class 0</span>
        <span><span class="dot" style="background:${CLASS_COLOURS[1]}"></span> class 1</span>
        <span>✕ misclassified (${wrong})</span>
        <span>test accuracy ${pct(v.accuracy)}</span>
      </div>
    `;
  }

  protected updated(): void {
    this.paint();
  }

  private paint = (): void => {
    const v = this.inspection;
    const ctx = this.canvas ? (softwareContext(this.canvas) as CanvasRenderingContext2D | null) : null;
    if (!v || !ctx) return;
    const size = this.canvas.width;
    const dark = this.scheme.matches;
    const bg = dark ? [30, 30, 34] : [255, 255, 255];
    const [c0, c1] = CLASS_COLOURS.map(rgbOf);
    const res = v.resolution;
    const img = new ImageData(res, res);
    for (let i = 0; i < res * res; i++) {
      const p = v.probs[i];
      // Confidence 0 at p = 0.5, 1 at p = 0 or 1: unsure regions fade to the background.
      const conf = Math.abs(2 * p - 1) * 0.7;
      const base = p >= 0.5 ? c1 : c0;
      for (let k = 0; k < 3; k++) img.data[4 * i + k] = Math.round(bg[k] + (base[k] - bg[k]) * conf);
      img.data[4 * i + 3] = 255;
    }
    const small = new OffscreenCanvas(res, res);
    (softwareContext(small) as OffscreenCanvasRenderingContext2D).putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, size, size);
    drawPoints(ctx, size, v.extent, v.points, v.labels, dark, v.predicted);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'decision-boundary': DecisionBoundary;
  }
}
