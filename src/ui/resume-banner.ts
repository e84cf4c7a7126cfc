/**
 * <resume-banner>: offers to continue a run that stopped mid-way (the tab
 * closed or reloaded), from its last complete generation.
 *
 * @fires resume-continue - the reader chose to continue the run.
 * @fires resume-dismiss - the reader chose to keep it stopped.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunRecord } from './store';
import { shared } from './theme';

@customElement('resume-banner')
export class ResumeBanner extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      div { border: 2px solid var(--accent); background: var(--accent-bg); border-radius: 10px; padding: 0.6rem 0.9rem; margin: 0.6rem 0; }
      .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.4rem; padding: 0; border: none; background: none; }
    `,
  ];

  @property({ attribute: false }) record: RunRecord | null = null;

  private emit(type: string): void {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }

  render() {
    const r = this.record;
    if (!r) return '';
    const c = r.log.config;
    return html`<div role="region" aria-label="Interrupted run">
      <b>A run was interrupted</b> after generation ${r.log.generations.length - 1} of ${c.generations - 1}
      (${c.task}, ${c.proposer}, seed ${c.seed}). Continuing it gives the same result as if it had never stopped.
      <div class="buttons">
        <button class="primary" @click=${() => this.emit('resume-continue')}>Continue the interrupted run</button>
        <button @click=${() => this.emit('resume-dismiss')}>Keep it stopped</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'resume-banner': ResumeBanner;
  }
}
