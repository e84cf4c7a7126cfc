/**
 * <generation-table>: the improvement chart's numbers, one row per completed
 * generation — held-out accuracy first, then what change made each new
 * champion and whether it helped beyond the measurement's noise — and one
 * sentence summing the run up. Also the keyboard and screen-reader route to
 * each champion.
 *
 * @fires candidate-select - detail `{ id: number }` when a champion's button is pressed.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Candidate, GenerationSummary } from '../core/runlog';
import type { CandidateSelectDetail } from './improvement-chart';
import { archCode } from './arch-code';
import { pct, randomStarts } from './format';
import { championChanges, summariseRun } from './run-story';
import { shared } from './theme';

@customElement('generation-table')
export class GenerationTable extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; overflow-x: auto; }
      table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 0.88rem; }
      th, td { text-align: left; padding: 0.15rem 0.45rem; border-bottom: 1px solid var(--border); white-space: nowrap; }
      th { color: var(--muted); font-weight: 600; }
      td button { padding: 0 0.4rem; min-height: 1.6rem; font-size: 0.85rem; }
      .new { font-weight: 700; }
      td.change { white-space: normal; min-width: 9rem; }
      td.effect { white-space: normal; min-width: 8rem; color: var(--muted); }
      td.effect.gain { color: var(--good); }
      td.effect.loss { color: var(--bad); }
      .summary { margin: 0.5rem 0 0; font-weight: 600; }
      /* On a phone each generation is a small card, so no column is cut off. */
      @media (max-width: 600px) {
        thead, .best { display: none; }
        tr { display: grid; grid-template-columns: repeat(3, auto); gap: 0.1rem 0.6rem; padding: 0.35rem 0; border-bottom: 1px solid var(--border); }
        td { border: 0; padding: 0; white-space: normal; min-width: 0; }
        td.change, td.effect, td.champ { grid-column: 1 / -1; }
        td[data-label]::before { content: attr(data-label) ' '; color: var(--muted); }
      }
    `,
  ];

  @property({ attribute: false }) generations: readonly GenerationSummary[] = [];
  @property({ attribute: false }) candidates: readonly Candidate[] = [];
  /** Examples in the task's validation and test splits: they set the noise of each accuracy. */
  @property({ attribute: false }) split: { validation: number; test: number } | null = null;
  /** Whether the run is over: the summary says "So far" until it is. */
  @property({ type: Boolean }) finished = false;

  private select(id: number): void {
    this.dispatchEvent(
      new CustomEvent<CandidateSelectDetail>('candidate-select', { detail: { id }, bubbles: true, composed: true }),
    );
  }

  render() {
    if (this.generations.length === 0) return '';
    const byId = new Map(this.candidates.map((c) => [c.id, c]));
    const split = this.split ?? { validation: 1, test: 1 };
    const changes = championChanges(this.generations, this.candidates, split);
    const summary = this.split ? summariseRun(this.generations, this.candidates, split) : '';
    const random = randomStarts(this.candidates);
    const start = random ? `best of ${random} random models` : 'seed model';
    return html`<table>
      <caption class="visually-hidden">Accuracy per generation, and what changed the champion</caption>
      <thead><tr><th scope="col">Gen</th><th scope="col">Champion test</th><th scope="col">Champion val</th><th scope="col" class="best">Best child (val)</th>
        <th scope="col">Champion</th><th scope="col">What changed</th><th scope="col">Effect (held-out first)</th></tr></thead>
      <tbody>
        ${this.generations.map((g, i) => {
          const ch = byId.get(g.championId);
          const row = changes[i];
          const isNew = i === 0 || row.isNew;
          const from = row.fromId !== null ? html` <span class="hint">(from #${row.fromId})</span>` : '';
          const change =
            i === 0 ? start : row.isNew ? html`${row.change}${from}` : html`<span class="hint">kept</span>`;
          return html`<tr data-generation=${g.index}>
            <td data-label="Gen">${g.index}</td>
            <td data-label="test" class=${isNew ? 'new' : ''}>${pct(g.championTestAccuracy)}</td>
            <td data-label="val">${pct(g.championValAccuracy)}</td>
            <td class="best">${pct(g.bestValAccuracy)}</td>
            <td class="champ"><button @click=${() => this.select(g.championId)} aria-label="Inspect champion #${g.championId}"
              >#${g.championId}</button> ${ch ? archCode(ch.genome.arch) : ''}</td>
            <td class="change">${change}</td>
            <td class="effect ${row.verdict === 'gain' ? 'gain' : row.verdict === 'loss' ? 'loss' : ''}">${row.effect}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${summary ? html`<p class="summary" aria-live="polite">${this.finished ? '' : 'So far: '}${summary}</p>` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'generation-table': GenerationTable;
  }
}
