/**
 * <learned-view>: what the champion learned — a decision boundary for 2-D
 * tasks, predicted test digits for `digits`. A slider picks the generation
 * whose champion is shown; at its right end it follows the run as new
 * champions arrive, so one can scrub back and watch the boundary improve.
 *
 * The predictions come from `inspect` (the page asks the worker with the
 * champion's stored weights); this component only decides which champion
 * to ask for and draws the answer. Before the first champion it shows the
 * data the models will learn from.
 */
import { errorMessage } from '../core/errors';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { GenerationSummary } from '../core/runlog';
import type { TaskName } from '../core/tasks';
import type { Inspection } from '../worker/lab.worker';
import './data-preview';
import './decision-boundary';
import './digit-predictions';
import { pct } from './format';
import { shared } from './theme';

/** Asks for a candidate's predictions; null when its weights are not available. */
const NOT_STORED =
  "This champion's weights are not stored in this browser (an imported run carries only its log), " +
  'so its predictions cannot be drawn.';

export type InspectFn = (candidateId: number) => Promise<Inspection | null>;

@customElement('learned-view')
export class LearnedView extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      .pick { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin-bottom: 0.4rem; font-size: 0.9rem; }
      .pick input { flex: 1; min-width: 8rem; max-width: 16rem; }
    `,
  ];

  @property({ attribute: false }) generations: readonly GenerationSummary[] = [];
  @property({ attribute: false }) inspect: InspectFn | null = null;
  /** Bumped by the page when new weights arrive, so a missing answer is asked again. */
  @property({ type: Number }) weightsVersion = 0;
  /**
   * Which run the generations belong to. Candidate ids restart at 0 in every
   * run, so an answer is kept under run and candidate: another run's champion
   * #0 is a different model.
   */
  @property({ type: String }) runKey = '';
  /** The task and seed on screen: before generation 0 ends, their data is drawn instead. */
  @property({ type: String }) task: TaskName | '' = '';
  @property({ type: Number }) seed = 1;

  /** The generation picked on the slider; null follows the latest. */
  @state() private picked: number | null = null;
  @state() private shown: { key: string; result: Inspection | null } | null = null;
  @state() private failure = '';
  private asking: string | null = null;

  private keyOf(id: number): string {
    return `${this.runKey}#${id}`;
  }

  private target(): GenerationSummary | undefined {
    const gens = this.generations;
    if (gens.length === 0) return undefined;
    return gens[this.picked === null ? gens.length - 1 : Math.min(this.picked, gens.length - 1)];
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    // Another run's slider position means nothing here.
    if (changed.has('runKey')) this.picked = null;
  }

  protected updated(changed: PropertyValues<this>): void {
    const g = this.target();
    if (!g || !this.inspect) return;
    const key = this.keyOf(g.championId);
    const stale = this.shown?.key !== key || (this.shown.result === null && changed.has('weightsVersion'));
    if (stale && this.asking !== key) void this.ask(g.championId, key);
  }

  private async ask(id: number, key: string): Promise<void> {
    this.asking = key;
    try {
      const result = await this.inspect!(id);
      if (this.asking !== key) return;
      this.shown = { key, result };
      this.failure = '';
    } catch (e) {
      if (this.asking === key) this.failure = `Could not compute the predictions: ${errorMessage(e)}`;
    } finally {
      if (this.asking === key) this.asking = null;
    }
  }

  private onSlide(e: Event): void {
    const v = Number((e.target as HTMLInputElement).value);
    this.picked = v >= this.generations.length - 1 ? null : v;
  }

  render() {
    const g = this.target();
    if (!g)
      return this.task
        ? html`<data-preview task=${this.task} seed=${this.seed}></data-preview>`
        : html`<p class="empty">After generation 0, the champion's view of the data appears here.</p>`;
    const last = this.generations.length - 1;
    const r = this.shown?.key === this.keyOf(g.championId) ? this.shown.result : undefined;
    return html`
      <div class="pick">
        <label for="gen">Champion after generation <b>${g.index}</b>${this.picked === null ? ' (latest)' : ''}</label>
        <input id="gen" type="range" min="0" max=${last} step="1" .value=${String(g.index)} ?disabled=${last === 0} @input=${this.onSlide} />
        <span class="hint">#${g.championId}, test ${pct(g.championTestAccuracy)}</span>
      </div>
      ${this.failure ? html`<p class="hint">${this.failure}</p>` : ''}
      ${
        r === null
          ? html`<p class="hint">${NOT_STORED}</p>`
          : r?.kind === 'digits'
            ? html`<digit-predictions .inspection=${r}></digit-predictions>`
            : html`<decision-boundary .inspection=${r ?? null}></decision-boundary>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'learned-view': LearnedView;
  }
}
