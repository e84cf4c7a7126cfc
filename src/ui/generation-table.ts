/**
 * <generation-table>: the improvement chart's numbers, one row per completed
 * generation — also the keyboard and screen-reader route to each champion.
 *
 * @fires candidate-select - detail `{ id: number }` when a champion's button is pressed.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { describeArch } from '../core/genome';
import type { Candidate, GenerationSummary } from '../core/runlog';
import type { CandidateSelectDetail } from './improvement-chart';
import { pct } from './format';
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
    `,
  ];

  @property({ attribute: false }) generations: readonly GenerationSummary[] = [];
  @property({ attribute: false }) candidates: readonly Candidate[] = [];

  private select(id: number): void {
    this.dispatchEvent(new CustomEvent<CandidateSelectDetail>('candidate-select', { detail: { id }, bubbles: true, composed: true }));
  }

  render() {
    if (this.generations.length === 0) return '';
    const byId = new Map(this.candidates.map((c) => [c.id, c]));
    return html`<table>
      <caption class="visually-hidden">Accuracy per generation</caption>
      <thead><tr><th scope="col">Gen</th><th scope="col">Best child (val)</th><th scope="col">Champion val</th><th scope="col">Champion test</th><th scope="col">Champion</th></tr></thead>
      <tbody>
        ${this.generations.map((g, i) => {
          const ch = byId.get(g.championId);
          const isNew = i === 0 || this.generations[i - 1].championId !== g.championId;
          return html`<tr data-generation=${g.index}>
            <td>${g.index}</td><td>${pct(g.bestValAccuracy)}</td><td class=${isNew ? 'new' : ''}>${pct(g.championValAccuracy)}</td><td>${pct(g.championTestAccuracy)}</td>
            <td><button @click=${() => this.select(g.championId)} aria-label="Inspect champion #${g.championId}">#${g.championId}</button> ${ch ? describeArch(ch.genome.arch) : ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'generation-table': GenerationTable;
  }
}
