/**
 * <candidate-inspector>: one candidate up close — its network drawn as
 * layers, its hyperparameters, what changed from its parent and which
 * operators did it, its scores, size and cost, and its training curve over
 * its parent's.
 *
 * @fires candidate-select - detail `{ id: number }` to open the parent.
 * @fires inspector-close - the reader closed the inspector (button or Escape).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunConfig } from '../core/config';
import { genomeCost } from '../core/cost';
import type { Candidate, GenerationSummary } from '../core/runlog';
import type { TaskInfo } from '../core/tasks';
import { archCode } from './arch-code';
import './arch-diagram';
import { compact, duration, flops, isSeedModel, noParentText, pct, placeText, sig, trainingText } from './format';
import { diffGenomes, genomeFields, type FieldChange } from './genome-diff';
import type { CandidateSelectDetail } from './improvement-chart';
import './loss-chart';
import { curveFromLog } from './loss-chart';
import { shared } from './theme';

@customElement('candidate-inspector')
export class CandidateInspector extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      header { display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap; }
      header h2 { margin: 0; font-size: 1.1rem; }
      header button { margin-left: auto; }
      .badge { border-radius: 999px; padding: 0.05rem 0.55rem; font-size: 0.8rem; border: 1.5px solid currentColor; }
      .badge.bad { color: var(--bad); }
      .badge.champ { color: var(--fg); font-weight: 700; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0.5rem 1.5rem; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.8rem; margin: 0; font-variant-numeric: tabular-nums; }
      dt { color: var(--muted); }
      dd { margin: 0; overflow-wrap: anywhere; }
      ul { margin: 0.2rem 0; padding-left: 1.1rem; }
      .op { display: inline-block; font-family: ui-monospace, monospace; font-size: 0.8rem;
        background: var(--button-bg); border: 1px solid var(--border); border-radius: 4px; padding: 0 0.3rem;
        margin: 0 0.2rem 0.2rem 0; }
      .arrow { color: var(--muted); }
      .error { color: var(--bad); }
      a { color: var(--link); cursor: pointer; }
    `,
  ];

  @property({ attribute: false }) candidate: Candidate | null = null;
  @property({ attribute: false }) parent: Candidate | null = null;
  @property({ attribute: false }) task: TaskInfo | null = null;
  @property({ attribute: false }) config: RunConfig | null = null;
  /** The run's generations, to say when this candidate was champion. */
  @property({ attribute: false }) generations: readonly GenerationSummary[] = [];

  connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKey);
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') this.close();
  };

  private close(): void {
    this.dispatchEvent(new CustomEvent('inspector-close', { bubbles: true, composed: true }));
  }

  /** Moves focus to the heading, so keyboard and screen-reader users land on what opened. */
  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private openParent(e: Event): void {
    e.preventDefault();
    if (this.parent)
      this.dispatchEvent(
        new CustomEvent<CandidateSelectDetail>('candidate-select', {
          detail: { id: this.parent.id },
          bubbles: true,
          composed: true,
        }),
      );
  }

  private origin(c: Candidate) {
    if (c.parentId === null)
      return isSeedModel(c)
        ? html`the seed model every proposer starts from`
        : c.generation === 0
          ? html`one of generation 0's random samples from the search space, which every proposer starts from`
          : html`a random sample from the search space (no parent)`;
    return html`child of <a href="#" @click=${this.openParent}>#${c.parentId}</a>${this.parent ? html` (${archCode(this.parent.genome.arch)})` : ''}`;
  }

  private championAt(c: Candidate): number[] {
    return this.generations.filter((g) => g.championId === c.id).map((g) => g.index);
  }

  private metrics(c: Candidate) {
    const perStep = this.task ? genomeCost(c.genome, this.task.inputShape, this.task.numClasses).flopsPerStep : 0;
    const champ = this.championAt(c);
    const place = placeText(c, this.config?.rungs ?? 0, this.config?.proposer === 'hyperband');
    const test =
      c.metrics.testAccuracy !== undefined
        ? pct(c.metrics.testAccuracy)
        : html`<span class="hint">measured for champions only</span>`;
    return html`<dl>
      <dt>validation accuracy</dt><dd>${pct(c.metrics.valAccuracy)}</dd>
      <dt>test accuracy</dt><dd>${test}</dd>
      <dt>validation loss</dt><dd>${sig(c.metrics.valLoss)}</dd>
      <dt>training loss</dt><dd>${sig(c.metrics.trainLoss)}</dd>
      <dt>parameters</dt><dd>${compact(c.params)}</dd>
      <dt>FLOPs per step</dt><dd>${flops(perStep)}</dd>
      <dt>training FLOPs</dt><dd>${flops(c.flops)} (${c.steps} steps)</dd>
      <dt>training time</dt><dd>${duration(c.trainMs)}</dd>
      <dt>trained</dt><dd class="training">${trainingText(c.training)}</dd>
      <dt>warm start</dt><dd>${c.inherited ? 'yes: started from its parent’s weights' : 'no: fresh weights'}</dd>
      ${place ? html`<dt>place</dt><dd class="place">${place}</dd>` : ''}
      ${champ.length ? html`<dt>champion</dt><dd>after generation${champ.length > 1 ? 's' : ''} ${champ.join(', ')}</dd>` : ''}
      ${this.schedule(c, champ)}
    </dl>`;
  }

  /** PBT: the learning-rate schedule this champion's weights were trained with (the one PBT discovered). */
  private schedule(c: Candidate, champ: number[]) {
    const s = champ.length ? this.generations[champ[champ.length - 1]]?.championSchedule : undefined;
    if (!s?.length) return '';
    const end = s[s.length - 1].step + c.steps;
    const logs = s.map((x) => Math.log10(x.learningRate));
    const [lo, hi] = [Math.min(...logs), Math.max(...logs)];
    const x = (step: number) => 2 + (156 * step) / end;
    const y = (lr: number) => (hi === lo ? 15 : 26 - (22 * (Math.log10(lr) - lo)) / (hi - lo));
    // A step line: each segment's rate from its first step to the next segment's.
    const d = s
      .map((seg, i) => (i ? `H${x(seg.step)}V${y(seg.learningRate)}` : `M${x(seg.step)},${y(seg.learningRate)}`))
      .join('');
    return html`<dt>learning-rate schedule</dt><dd>
      <svg width="160" height="30" role="img" aria-label="learning rate per step, log scale"><path
        d="${d}H${x(end)}" fill="none" stroke="currentColor" stroke-width="1.5"></path></svg><br />
      ${s.map((seg) => `step ${seg.step}: ${seg.learningRate.toPrecision(2)}`).join(' → ')}</dd>`;
  }

  private changes(c: Candidate) {
    if (c.parentId === null)
      return c.generation === 0
        ? html`<p class="hint">Nothing changed: this is where the run starts.</p>`
        : html`<p class="hint">${noParentText(this.config?.proposer)}</p>
            ${c.changes.length ? html`<ul>${c.changes.map((line) => html`<li>${line}</li>`)}</ul>` : ''}`;
    const diff = this.parent ? diffGenomes(this.parent.genome, c.genome) : [];
    // The architecture's codes carry their meaning on hover, as in the generation table.
    const diffRow = (d: FieldChange) =>
      d.field === 'architecture' && this.parent
        ? html`<dt>${d.field}</dt><dd>${archCode(this.parent.genome.arch)} <span class="arrow">→</span> ${archCode(c.genome.arch)}</dd>`
        : html`<dt>${d.field}</dt><dd>${d.before} <span class="arrow">→</span> ${d.after}</dd>`;
    return html`
      <p>Operators: ${c.operators.map((o) => html`<span class="op">${o}</span>`)}</p>
      <ul>${c.changes.map((line) => html`<li>${line}</li>`)}</ul>
      ${
        diff.length
          ? html`<dl aria-label="Differences from the parent">${diff.map(diffRow)}</dl>`
          : html`<p class="hint">No field differs from the parent.</p>`
      }
    `;
  }

  render() {
    const c = this.candidate;
    if (!c) return '';
    const every = this.config?.progressEvery ?? 1;
    const isChampion = this.generations.length > 0 && this.generations[this.generations.length - 1].championId === c.id;
    const statusBadge = c.status === 'ok' ? '' : html`<span class="badge bad">${c.status}</span>`;
    return html`
      <header>
        <h2 tabindex="-1">Candidate #${c.id}</h2>
        <span class="hint">generation ${c.generation}</span>
        ${statusBadge}
        ${isChampion ? html`<span class="badge champ">★ champion</span>` : ''}
        <button @click=${this.close} aria-label="Close the inspector">Close</button>
      </header>
      <p>${this.origin(c)}.</p>
      ${c.error ? html`<p class="error">Why it ${c.status}: ${c.error}</p>` : ''}
      <div class="grid">
        <section>
          <h3>Architecture</h3>
          <arch-diagram .genome=${c.genome} .task=${this.task}></arch-diagram>
          <h3>Hyperparameters</h3>
          <dl>${genomeFields(c.genome)
            .filter(
              ([k]) => k !== 'architecture' && !k.startsWith('layer') && !k.includes('block') && !k.startsWith('head'),
            )
            .map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
        </section>
        <section>
          <h3>What changed from its parent</h3>
          ${this.changes(c)}
          <h3>Scores and cost</h3>
          ${this.metrics(c)}
        </section>
      </div>
      <h3>Training curve</h3>
      <loss-chart .curve=${curveFromLog(c.lossCurve, every, c.steps)}
        .reference=${this.parent ? curveFromLog(this.parent.lossCurve, every, this.parent.steps) : null}
        .totalSteps=${Math.max(c.steps, this.parent?.steps ?? 0)} label="#${c.id}" referenceLabel=${this.parent ? `parent #${this.parent.id}` : ''}
        emptyText="No loss was recorded."></loss-chart>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'candidate-inspector': CandidateInspector;
  }
}
