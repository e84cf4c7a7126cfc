/**
 * <oversight-panel>: what the run's oversight sees and asks. A banner says
 * what tripped and what the loop did; the Monitor shows each watched
 * quantity against its threshold; gauges show how much of each budget is
 * spent; an approval view shows a proposed champion beside the current one
 * (genome diff, scores with their noise, costs, loss curves) with Approve and
 * Reject. It displays and emits `approval-decision` {approve}; nothing more.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunConfig } from '../core/config';
import type { ApprovalRequest, PredictorChange } from '../core/oversight/approval';
import { describeStop, type StopReason } from '../core/oversight/budgets';
import { describeTrip, RULE_MEANING, type Trip, type TripwireRule } from '../core/oversight/tripwires';
import type { Candidate, GenerationSummary } from '../core/runlog';
import { curveFromLog } from './loss-chart';
import './loss-chart';
import './monitor-chart';
import { approvalContext, budgetUse, monitorSeries, type Score } from './oversight-data';
import { shared } from './theme';

const pct = (s: Score) =>
  s.accuracy === null ? '—' : `${(s.accuracy * 100).toFixed(1)}% ± ${((s.se ?? 0) * 100).toFixed(1)} (${s.n} examples)`;
const big = (x: number) => (x >= 1e5 ? x.toExponential(2) : String(Math.round(x * 10) / 10));

/** Plain words for a trip, for students. */
const EXPLAIN: Record<TripwireRule, string> = {
  'selection-optimism':
    'The champion looks much better on the validation data that chose it than on ' +
    'held-out data it never saw: the loop may be fooling itself (or gaming its ' +
    'evaluation).',
  speed: 'The champion improved faster in one generation than this rule allows: look before it goes on.',
  'speed-per-gflop':
    'The champion improved more for the compute this generation spent than this rule allows: look before it goes on.',
  growth: 'The champion has grown far beyond the seed model in size or compute per step.',
  instability: 'Many children of this generation diverged or failed.',
  'policy-drift': 'The way the loop proposes changes (its policy) moved a lot in one generation.',
};

@customElement('oversight-panel')
export class OversightPanel extends LitElement {
  static styles = [
    shared,
    css`
      .banner { border-left: 4px solid var(--bad, #d55e00); padding: 0.4rem 0.7rem; margin: 0 0 0.6rem;
        background: color-mix(in srgb, var(--bad, #d55e00) 10%, transparent); }
      .banner p { margin: 0.2rem 0; }
      .monitor { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 0.6rem; }
      .monitor figure { margin: 0; }
      .monitor figcaption { font-size: 0.8rem; }
      .gauges { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; font-size: 0.85rem; }
      .approval { border: 2px solid var(--accent, #0072b2); padding: 0.5rem 0.8rem; margin-bottom: 0.6rem; }
      table { border-collapse: collapse; font-size: 0.85rem; }
      th, td { padding: 0.15rem 0.6rem; text-align: left; }
      .side { display: grid; grid-template-columns: 1fr 1fr; gap: 0.6rem; }
      .buttons { display: flex; gap: 0.6rem; margin-top: 0.5rem; }
    `,
  ];

  @property({ attribute: false }) config: RunConfig | null = null;
  @property({ attribute: false }) candidates: readonly Candidate[] = [];
  @property({ attribute: false }) generations: readonly GenerationSummary[] = [];
  @property({ attribute: false }) trips: readonly Trip[] = [];
  @property({ attribute: false }) pending: ApprovalRequest | null = null;
  @property({ attribute: false }) stopReason: StopReason | null = null;
  @property({ type: Boolean }) paused = false;
  /** The live run's own seconds; null when the run shown is not running (budgetUse says what then). */
  @property({ attribute: false }) elapsedSeconds: number | null = null;

  private decide(approve: boolean): void {
    this.dispatchEvent(new CustomEvent('approval-decision', { detail: { approve }, bubbles: true, composed: true }));
  }

  private renderBanner() {
    const last = this.trips[this.trips.length - 1];
    if (!last && !this.stopReason) return '';
    return html`<div class="banner" data-testid="trip-banner" aria-live="polite">
      ${last ? html`<p><b>${describeTrip(last)}.</b></p><p>${EXPLAIN[last.rule]}</p>` : ''}
      ${last?.action === 'pause' && this.paused ? html`<p>Look at the Monitor and the champion, then press Resume to go on (or Stop).</p>` : ''}
      ${this.stopReason ? html`<p><b>${describeStop(this.stopReason)}.</b></p>` : ''}
    </div>`;
  }

  /** A retrained predictor of the learned proposer, waiting before it picks a generation's children. */
  private renderPredictor(req: ApprovalRequest, p: PredictorChange) {
    const gain = (g: number | undefined) => (g === undefined ? '—' : `${(g * 100).toFixed(1)} points`);
    const pick = (x: NonNullable<PredictorChange['picks']>[number]) =>
      html`<tr><td>${x.changes.join(', ') || 'no change'}</td><td>${gain(x.predictedGain)}</td></tr>`;
    return html`<div class="approval" data-testid="approval" role="group" aria-label="Approval needed">
      <h3>Let the learned proposer's new predictor choose? (generation ${req.generation}, gate: policy)</h3>
      <p>Retrained on ${p.examples} examples, it would propose these children. Approve, and they are trained;
        reject, and this generation is proposed without it, as evolution would.</p>
      <table data-testid="predictor-picks"><thead><tr><th>change</th><th>predicted gain</th></tr></thead>
        <tbody>${(p.picks ?? []).map(pick)}</tbody></table>
      <div class="buttons"><button @click=${() => this.decide(true)}>Approve</button><button @click=${() => this.decide(false)}>Reject</button></div>
    </div>`;
  }

  private renderApproval() {
    if (!this.pending || !this.config) return '';
    if (this.pending.predictor) return this.renderPredictor(this.pending, this.pending.predictor);
    const ctx = approvalContext(this.pending, this.config, this.candidates);
    if (!ctx)
      return html`<div class="approval" data-testid="approval">Waiting for candidate #${this.pending.candidateId}…</div>`;
    const { current, proposed } = ctx;
    const every = this.config.progressEvery;
    const diff = ctx.diff.length
      ? ctx.diff.map((d) => html`<tr><td>${d.field}</td><td>${d.before}</td><td>${d.after}</td></tr>`)
      : html`<tr><td colspan="3">same genome</td></tr>`;
    const subset = proposed.genome.evalSubset
      ? html`<p><b>Note:</b> candidate #${proposed.id} chose to be scored on only ${ctx.scores.proposed.n} validation examples.</p>`
      : '';
    return html`<div class="approval" data-testid="approval" role="group" aria-label="Approval needed">
      <h3>Approve a new champion? (generation ${ctx.request.generation}, gate: ${ctx.request.gate})</h3>
      <p>Candidate #${proposed.id} would replace champion #${current.id}. Nothing changes until you decide.</p>
      <table data-testid="genome-diff"><thead><tr><th>changed</th><th>champion #${current.id}</th><th>candidate #${proposed.id}</th></tr></thead>
        <tbody>${diff}</tbody></table>
      <table><tbody>
        <tr><th>validation accuracy (± binomial SE)</th><td>${pct(ctx.scores.current)}</td><td>${pct(ctx.scores.proposed)}</td></tr>
        <tr><th>parameters</th><td>${current.params}</td><td>${proposed.params}</td></tr>
        <tr><th>training FLOPs</th><td>${big(current.flops)}</td><td>${big(proposed.flops)}</td></tr>
      </tbody></table>
      ${subset}
      <loss-chart .curve=${curveFromLog(proposed.lossCurve, every, proposed.steps)} .reference=${curveFromLog(current.lossCurve, every, current.steps)}
        label=${`candidate #${proposed.id}`} referenceLabel=${`champion #${current.id}`}
          .totalSteps=${Math.max(proposed.steps, current.steps)} .height=${140}></loss-chart>
      <div class="buttons"><button @click=${() => this.decide(true)}>Approve</button><button @click=${() => this.decide(false)}>Reject</button></div>
    </div>`;
  }

  render() {
    const config = this.config;
    if (!config) return '';
    const series = monitorSeries(config, this.candidates, this.generations);
    const gauges = budgetUse(config, this.candidates, this.generations, this.elapsedSeconds, this.stopReason);
    return html`
      ${this.renderBanner()}
      ${this.renderApproval()}
      ${
        gauges.length
          ? html`<div class="gauges" data-testid="budgets">${gauges.map(
              (b) => html`<label>${b.label}
        <meter min="0" max=${b.limit} value=${Math.min(b.spent, b.limit)}></meter> ${big(b.spent)} / ${big(b.limit)}</label>`,
            )}</div>`
          : ''
      }
      ${
        series.length
          ? html`<h3>Monitor</h3><div class="monitor" data-testid="monitor">${series.map(
              (s) => html`<figure>
        <monitor-chart .series=${s}></monitor-chart>
        <figcaption><b>${s.rule}</b> &gt; ${s.threshold} → ${s.action}: ${RULE_MEANING[s.rule]}</figcaption></figure>`,
            )}</div>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'oversight-panel': OversightPanel;
  }
}
