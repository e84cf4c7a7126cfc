/**
 * <live-training>: the loss curve of the child being trained, drawn as it
 * learns, over its parent's curve (dashed) — or, between children, the last
 * one trained.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import './loss-chart';
import { curveFromLog } from './loss-chart';
import type { RunView } from './run-view';
import { shared } from './theme';

@customElement('live-training')
export class LiveTraining extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      .head { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; align-items: baseline; margin-bottom: 0.2rem; }
    `,
  ];

  @property({ attribute: false }) view: RunView | null = null;

  render() {
    const view = this.view;
    if (!view) return '';
    const every = view.config.progressEvery;
    const live = view.live;
    if (live) {
      const parent = live.parentId === null ? undefined : view.candidates.find((c) => c.id === live.parentId);
      return html`<div class="head"><b>Child #${live.candidateId}</b><span class="hint">${live.changes.join('; ')}</span></div>
        <loss-chart .curve=${{ steps: live.lossSteps, losses: live.losses }} .totalSteps=${live.steps} label="#${live.candidateId}"
          .reference=${parent ? curveFromLog(parent.lossCurve, every, parent.steps) : null}
            referenceLabel=${parent ? `parent #${parent.id}` : ''}></loss-chart>`;
    }
    const last = view.candidates[view.candidates.length - 1];
    if (!last) return html`<p class="empty">The loss of the child in training is drawn here as it learns.</p>`;
    return html`<div class="head"><b>Last trained: #${last.id}</b><span class="hint">${last.status}</span></div>
      <loss-chart .curve=${curveFromLog(last.lossCurve, every, last.steps)} .totalSteps=${last.steps} label="#${last.id}"></loss-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-training': LiveTraining;
  }
}
