/**
 * <run-library>: every run kept in this browser — task, proposer, seed, best
 * accuracy, date — with open, continue, export (JSON log, CSV candidates),
 * delete (asks twice), import of a JSON run log, and a compare view that
 * overlays two or more runs on one chart.
 *
 * @fires library-action - detail `{ action: 'open' | 'continue' | 'delete' | 'json' | 'csv', id: string }`.
 * @fires library-import - detail `{ file: File }` when a file is chosen.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { distinctLabels } from './chart-data';
import './compare-chart';
import { pct, when } from './format';
import { canContinue, summariseRecord, type RunRecord } from './store';
import { shared } from './theme';

/** What a library entry's button asks for. */
export type LibraryAction = 'open' | 'continue' | 'delete' | 'json' | 'csv';

@customElement('run-library')
export class RunLibrary extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      ul { list-style: none; margin: 0.4rem 0; padding: 0; display: grid; gap: 0.4rem; }
      li { border: 1px solid var(--border); border-radius: 8px; padding: 0.4rem 0.6rem; display: grid;
        grid-template-columns: auto 1fr; gap: 0.1rem 0.6rem; align-items: start; }
      li.active { border-color: var(--accent); border-width: 2px; }
      .title { font-weight: 600; }
      .meta { color: var(--muted); font-size: 0.85rem; }
      .actions { grid-column: 2; display: flex; flex-wrap: wrap; gap: 0.3rem; margin-top: 0.25rem; }
      .actions button { padding: 0.1rem 0.55rem; min-height: 1.8rem; font-size: 0.85rem; }
      button.danger { border-color: var(--bad); color: var(--bad); }
      .bar { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin: 0.4rem 0; }
      .import input { font-size: 0.85rem; max-width: 100%; }
      .error { color: var(--bad); }
      .ok { color: var(--good); }
      .compare { margin-top: 0.6rem; border-top: 1px solid var(--border); padding-top: 0.5rem; }
    `,
  ];

  @property({ attribute: false }) records: readonly RunRecord[] = [];
  /** The run on screen. */
  @property() activeId: string | null = null;
  /** A run is going: opening or continuing another would pull it off screen. */
  @property({ type: Boolean }) busy = false;
  /** Outcome of the last import: an error (shown as an alert) or a confirmation. */
  @property({ attribute: false }) importMessage: { ok: boolean; text: string } | null = null;

  @state() private selected = new Set<string>();
  @state() private comparing = false;
  @state() private confirmDelete: string | null = null;

  private act(action: LibraryAction, id: string): void {
    if (action === 'delete' && this.confirmDelete !== id) {
      this.confirmDelete = id;
      setTimeout(() => this.confirmDelete === id && (this.confirmDelete = null), 5000);
      return;
    }
    this.confirmDelete = null;
    if (action === 'delete') this.selected = new Set([...this.selected].filter((x) => x !== id));
    this.dispatchEvent(new CustomEvent('library-action', { detail: { action, id }, bubbles: true, composed: true }));
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
    if (next.size < 2) this.comparing = false;
  }

  private onFile(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file)
      this.dispatchEvent(new CustomEvent('library-import', { detail: { file }, bubbles: true, composed: true }));
    input.value = '';
  }

  private entry(r: RunRecord) {
    const s = summariseRecord(r);
    const active = r.id === this.activeId;
    const lockOthers = this.busy && !active;
    const label = `${s.task} · ${s.proposer} · seed ${s.seed}`;
    // An imported log without a hash chain says so wherever it is listed (a broken chain is never imported).
    const origin =
      s.source !== 'import' ? '' : r.log.chain ? ' · imported' : ' · imported · unverified (no hash chain)';
    const continueButton =
      canContinue(r) && r.source === 'page' && !(active && this.busy)
        ? html`<button ?disabled=${this.busy} @click=${() => this.act('continue', r.id)} aria-label="Continue ${label}"
            >Continue</button>`
        : '';
    return html`<li data-run-id=${r.id} class=${active ? 'active' : ''}>
      <input type="checkbox" aria-label="Compare ${label}" .checked=${this.selected.has(r.id)}
        @change=${(e: Event) => this.toggle(r.id, (e.target as HTMLInputElement).checked)} />
      <div>
        <div class="title">${label}${active ? html` <span class="meta">(on screen)</span>` : ''}</div>
        <div class="meta">
          ${s.generationsDone}/${s.generations} generations · best ${pct(s.bestVal)} val, ${pct(s.bestTest)} test ·
          ${when(s.createdAt)} · ${s.status === 'running' && !active ? 'interrupted' : s.status}${origin}
        </div>
      </div>
      <div class="actions">
        <button ?disabled=${active || lockOthers} @click=${() => this.act('open', r.id)} aria-label="Open ${label}">Open</button>
        ${continueButton}
        <button @click=${() => this.act('json', r.id)} aria-label="Export ${label} as JSON">JSON</button>
        <button @click=${() => this.act('csv', r.id)} aria-label="Export ${label} as CSV">CSV</button>
        <button class="danger" ?disabled=${active && this.busy} @click=${() => this.act('delete', r.id)}
          aria-label="${this.confirmDelete === r.id ? 'Really delete' : 'Delete'} ${label}">
          ${this.confirmDelete === r.id ? 'Really delete?' : 'Delete'}</button>
      </div>
    </li>`;
  }

  render() {
    const chosen = this.records.filter((r) => this.selected.has(r.id));
    const msg = this.importMessage;
    return html`
      <div class="bar">
        <label class="import">Import a run log (JSON)
          <input type="file" accept=".json,application/json" @change=${this.onFile} />
        </label>
        <button ?disabled=${chosen.length < 2} @click=${() => (this.comparing = true)}>Compare selected (${chosen.length})</button>
      </div>
      ${msg ? (msg.ok ? html`<p class="ok" aria-live="polite">${msg.text}</p>` : html`<p class="error" role="alert">${msg.text}</p>`) : ''}
      ${this.records.length === 0 ? html`<p class="empty">No runs yet. Each run is saved here as it goes, after every generation.</p>` : ''}
      <ul aria-label="Saved runs">${this.records.map((r) => this.entry(r))}</ul>
      ${
        this.comparing && chosen.length >= 2
          ? html`
        <section class="compare" aria-label="Comparison">
          <h3>Compare: ${distinctLabels(chosen.map((r) => r.log)).join(' vs ')}</h3>
          <compare-chart .logs=${chosen.map((r) => r.log)}></compare-chart>
        </section>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'run-library': RunLibrary;
  }
}
