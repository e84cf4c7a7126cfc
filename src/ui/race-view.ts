/**
 * <race-view>: two or more runs side by side as they go — same task, seed
 * and budget, different proposers ("does evolution beat random?"). One chart
 * overlays their held-out accuracy; under it each run has a card with its
 * status, progress, held-out score, whole lineage (zoomed to fit) and summary
 * sentence; a line under the chart says who is ahead and whether the gap is
 * within noise, and the key to the architecture codes its cards' lineages and
 * sentences use. It displays only: the page runs the sessions. A click on a
 * lineage node stays here (the page's inspector belongs to its own run).
 *
 * @fires race-stop - the Stop race button: stop every run.
 * @fires race-close - the Close button, once the race has ended.
 * @fires race-open - detail `{ runId: string }`: open one run on the main view.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { seedGenomeOf } from '../core/run-plan';
import { TASKS } from '../core/tasks';
import { runColour } from './accuracy-lines';
import { ARCH_LEGEND } from './arch-code';
import { pct } from './format';
import './lineage-tree';
import './race-chart';
import { raceStanding } from './race-story';
import { summariseRun } from './run-story';
import { championOf, describeActivity, plannedCandidates, type Phase, type RunView } from './run-view';
import { shared } from './theme';

/** One run of a race, as the page's session for it stands. */
export interface RaceEntry {
  /** Its library record, once it has one. */
  runId: string | null;
  phase: Phase;
  view: RunView | null;
  error: string;
}

const ENDED: readonly Phase[] = ['done', 'stopped', 'error', 'viewing', 'idle'];

@customElement('race-view')
export class RaceView extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      .head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1rem; }
      .head h2 { margin: 0; }
      .head .buttons { margin-left: auto; display: flex; gap: 0.5rem; }
      .standing { font-weight: 600; margin: 0.4rem 0; }
      .standing.final { border-left: 4px solid var(--accent); padding-left: 0.6rem; }
      .lanes { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0.8rem; }
      .body { display: grid; gap: 0.8rem; margin-top: 0.5rem; }
      /* Wide screens: the chart beside the runs' cards, so chart, cards and lineages share one screen. */
      @media (min-width: 75rem) { .body { grid-template-columns: minmax(0, 1fr) minmax(0, 1.5fr); align-items: start; } }
      .lane { border: 1px solid var(--border); border-top-width: 5px; border-radius: 8px; padding: 0.5rem 0.7rem; min-width: 0; }
      .lane h3 { margin: 0 0 0.2rem; display: flex; gap: 0.6rem; align-items: baseline; flex-wrap: wrap; }
      .lane .score { font-variant-numeric: tabular-nums; font-weight: 600; }
      .lane p { font-size: 0.88rem; }
      .lane .summary { margin-top: 0.3rem; }
      .lane .error { color: var(--bad); }
      progress { width: 100%; accent-color: var(--accent); }
      lineage-tree { --lineage-fit-height: 11rem; margin-top: 0.3rem; }
      .link { background: none; border: none; color: var(--link); text-decoration: underline; padding: 0; min-height: 0; }
    `,
  ];

  @property({ attribute: false }) entries: readonly RaceEntry[] = [];

  private ended(): boolean {
    return this.entries.length > 0 && this.entries.every((e) => ENDED.includes(e.phase));
  }

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  render() {
    const first = this.entries.find((e) => e.view)?.view;
    if (!first) return html`<p class="empty">The race is starting…</p>`;
    const config = first.config;
    const task = TASKS[config.task];
    const ended = this.ended();
    const lines = this.entries.map((e) => ({
      label: e.view?.config.proposer ?? '—',
      generations: e.view?.generations ?? [],
    }));
    const standing = raceStanding(
      this.entries.map((e, i) => ({ ...lines[i], ended: ENDED.includes(e.phase) })),
      task.splits.test,
      config.init === 'random',
    );
    const what =
      `${config.task}, seed ${config.seed}, ${config.generations} generations × ${config.population} children × ` +
      `${config.steps} steps each`;
    const button = ended
      ? html`<button @click=${() => this.emit('race-close')}>Close the race</button>`
      : html`<button @click=${() => this.emit('race-stop')}>Stop race</button>`;
    return html`
      <div class="head">
        <h2>Race: ${lines.map((l) => l.label).join(' vs ')}</h2>
        <span class="hint">${what}</span>
        <span class="buttons">
          ${button}
        </span>
      </div>
      <div class="body">
        <div>
          <race-chart .lines=${lines} .planned=${config.generations} .chance=${1 / task.numClasses}></race-chart>
          <p class="standing${standing.final ? ' final' : ''}" aria-live="polite">${standing.sentence}</p>
          <p class="hint codes">${ARCH_LEGEND}</p>
        </div>
        <div class="lanes" @candidate-select=${(e: Event) => e.stopPropagation()}>${this.entries.map((e, i) => this.lane(e, i, task.splits))}</div>
      </div>
    `;
  }

  private lane(e: RaceEntry, i: number, split: { validation: number; test: number }) {
    const v = e.view;
    if (!v) return html`<section class="lane"><p class="empty">Starting…</p></section>`;
    const last = v.generations[v.generations.length - 1];
    const done = v.candidates.length;
    const planned = plannedCandidates(v.config);
    const champion = championOf(v);
    const summary = summariseRun(v.generations, v.candidates, split);
    return html`<section class="lane" style="border-top-color:${runColour(i)}" aria-label="${v.config.proposer} run" data-proposer=${v.config.proposer}>
      <h3><span>${v.config.proposer}</span>
        <span class="score">${last ? `held-out ${pct(last.championTestAccuracy)}` : ''}</span>
        ${last ? html`<span class="hint">val ${pct(last.championValAccuracy)}</span>` : ''}</h3>
      <p class=${e.phase === 'error' ? 'error' : ''}>${describeActivity(e.phase, v)}${e.phase === 'error' && e.error ? ` ${e.error}` : ''}</p>
      <label class="hint">${done} of ${planned} candidates trained <progress max=${planned} value=${done}></progress></label>
      <lineage-tree .candidates=${v.candidates} .championId=${champion?.id ?? null} .chance=${1 / TASKS[v.config.task].numClasses}
        .seed=${v.config.init !== 'random' ? seedGenomeOf(v.config) : null} .task=${TASKS[v.config.task]} compact></lineage-tree>
      ${summary ? html`<p class="summary">${summary}</p>` : ''}
      ${e.runId && ENDED.includes(e.phase) ? html`<button class="link" @click=${() => this.emit('race-open', { runId: e.runId })}>Open this run</button>` : ''}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'race-view': RaceView;
  }
}
