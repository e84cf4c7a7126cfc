/**
 * <data-preview>: the task's data before any model exists — a 2-D task's
 * training points in their class colours, or a few training digits — so the
 * page shows what the models will learn from at load, not an empty panel.
 */
import { errorMessage } from '../core/errors';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { TASKS, type TaskName } from '../core/tasks';
import { DIGIT_SIDE, drawPoints, paintDigit } from './data-drawing';
import { loadSample, type DataSample } from './data-sample';
import { CLASS_COLOURS } from './palette';
import { softwareContext } from './software-canvas';
import { shared } from './theme';

const DIGITS_HINT =
  " The models learn to name each one; after generation 0 the champion's answers on test digits appear here.";
const POINTS_HINT =
  " The models learn to tell the two colours apart from (x, y) alone; after generation 0 the champion's " +
  'decision boundary appears here.';

@customElement('data-preview')
export class DataPreview extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      canvas.points { width: 100%; max-width: var(--boundary-size, 22rem); aspect-ratio: 1; display: block;
        border-radius: 6px; border: 1px solid var(--border); background: var(--plot-bg); }
      .key { display: flex; gap: 0.9rem; flex-wrap: wrap; font-size: 0.8rem; color: var(--muted); margin-top: 0.3rem; }
      .dot { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 50%; vertical-align: middle; border: 1px solid var(--fg); }
      ul { display: grid; grid-template-columns: repeat(auto-fill, minmax(2.6rem, 1fr)); gap: 0.3rem;
        margin: 0.3rem 0 0; padding: 0; list-style: none; max-width: 24rem; }
      li { text-align: center; font-size: 0.75rem; color: var(--muted); }
      li canvas { width: 2.4rem; height: 2.4rem; image-rendering: pixelated; display: block; margin: 0 auto; border-radius: 3px; }
    `,
  ];

  @property({ type: String }) task: TaskName | '' = '';
  @property({ type: Number }) seed = 1;

  @state() private sample: DataSample | null = null;
  @state() private failure = '';
  private asked = '';

  protected willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('task') && !changed.has('seed')) return;
    if (!this.task) return;
    // Digits do not depend on the seed: only the points are made again.
    const key = TASKS[this.task].kind === 'points2d' ? `${this.task}#${this.seed}` : this.task;
    if (key === this.asked) return;
    this.asked = key;
    this.sample = null;
    this.failure = '';
    loadSample(this.task, this.seed, document.baseURI).then(
      (s) => {
        if (this.asked === key) this.sample = s;
      },
      (e: unknown) => {
        if (this.asked === key) this.failure = `The data could not be loaded: ${errorMessage(e)}`;
      },
    );
  }

  render() {
    const s = this.sample;
    if (this.failure) return html`<p class="hint">${this.failure}</p>`;
    if (!s) return html`<p class="empty">Loading the data…</p>`;
    if (s.kind === 'digits')
      return html`<p class="hint">${s.count} of the ${s.total.toLocaleString('en')} training digits.${DIGITS_HINT}</p>
        <ul aria-label="${s.count} training digits">
          ${Array.from(s.labels, (y) => html`<li><canvas width=${DIGIT_SIDE} height=${DIGIT_SIDE} role="img" aria-label="a ${y}"></canvas>${y}</li>`)}
        </ul>`;
    return html`<p class="hint">The ${s.labels.length} training points of <b>${this.task}</b> (seed ${this.seed}).${POINTS_HINT}</p>
      <canvas class="points" width="440" height="440" role="img"
        aria-label="${s.labels.length} training points of ${this.task} in two classes"></canvas>
      <div class="key" aria-hidden="true">
        <span><span class="dot" style="background:${CLASS_COLOURS[0]}"></span> class 0</span>
        <span><span class="dot" style="background:${CLASS_COLOURS[1]}"></span> class 1</span>
      </div>`;
  }

  protected updated(): void {
    const s = this.sample;
    if (!s) return;
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    if (s.kind === 'digits') {
      this.renderRoot
        .querySelectorAll('li canvas')
        .forEach((c, i) => paintDigit(c as HTMLCanvasElement, s.pixels, i, dark));
      return;
    }
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.points');
    const ctx = canvas ? (softwareContext(canvas) as CanvasRenderingContext2D | null) : null;
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    drawPoints(ctx, canvas.width, s.extent, s.points, s.labels, dark);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'data-preview': DataPreview;
  }
}
