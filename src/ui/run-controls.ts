/**
 * <run-controls>: the run's settings and the Start / Pause / Resume / Stop
 * buttons. Every change is validated by the same `parseConfig` the CLI and
 * worker use; a bad value is named next to its field and Start waits.
 *
 * @fires config-change - detail `{ config: RunConfig }` after a valid change.
 * @fires config-invalid - detail `{ field: string, message: string }` after an invalid one.
 * @fires run-command - detail `{ command: 'start' | 'pause' | 'resume' | 'stop' }`.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  BACKEND_NAMES,
  CONFIG_FIELDS,
  ConfigError,
  parseConfig,
  PROPOSER_NAMES,
  type ProposerName,
  type RunConfig,
} from '../core/config';
import type { ConfigField } from '../core/config-table';
import { describeEstimate, describeTimeOnDevice, estimateRun, settingsLine, type MeasuredRate } from '../core/run-plan';
import { TASK_NAMES, TASKS } from '../core/tasks';
import type { BackendOffer } from './capabilities';
import { shared } from './theme';

/** A command from the run buttons. */
export type RunCommand = 'start' | 'pause' | 'resume' | 'stop';

/** What each proposer does, in a sentence. */
export const PROPOSER_HINTS: Record<ProposerName, string> = {
  random: 'samples models at random, ignoring what worked: the baseline',
  hillclimb: 'changes the best model so far, one operator at a time',
  evolution: 'tournaments among recent models pick parents; old ones age out',
  'self-adaptive': 'evolution whose models also carry how to change their children — and that evolves too',
  'self-adaptive-frozen': 'ablation: self-adaptive whose policy never changes',
  'self-adaptive-shuffled': 'ablation: self-adaptive whose children take the policy of a random other model',
  learned: 'a small network, retrained every generation, predicts which changes will pay and picks them',
  pbt: 'population-based training: a population trains together; each round the worst copy the best and perturb their settings',
  asha: 'successive halving: many random models get a few steps, the best third three times more, and so on',
  hyperband: 'successive halving in several brackets, from aggressive early stopping to none',
};

@customElement('run-controls')
export class RunControls extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      fieldset { border: none; padding: 0; margin: 0; min-width: 0; }
      .fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: 0.5rem 0.8rem; }
      label { display: flex; flex-direction: column; gap: 0.15rem; font-size: 0.85rem; color: var(--muted); }
      label select, label input { width: 100%; color: var(--fg); }
      .check { flex-direction: row; align-items: center; gap: 0.4rem; color: var(--fg); grid-column: span 2; }
      @media (max-width: 24rem) { .check { grid-column: auto; } }
      .check input { width: auto; min-height: 0; }
      .seed { display: flex; gap: 0.3rem; }
      .seed input { flex: 1; min-width: 0; }
      .seed button { padding: 0.2rem 0.5rem; }
      details { margin-top: 0.5rem; }
      summary { cursor: pointer; color: var(--muted); font-size: 0.9rem; }
      .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.75rem; }
      .error { color: var(--bad); font-size: 0.85rem; margin: 0.3rem 0 0; }
      [aria-invalid='true'] { border-color: var(--bad); }
    `,
  ];

  @property({ attribute: false }) config: RunConfig | null = null;
  /** Settings are locked while a run is going. */
  @property({ type: Boolean }) locked = false;
  @property({ type: Boolean }) canStart = false;
  @property({ type: Boolean }) canPause = false;
  @property({ type: Boolean }) canResume = false;
  @property({ type: Boolean }) canStop = false;
  @property({ attribute: false }) offers: BackendOffer[] | null = null;
  /** This device's measured training rate for these settings (a previous run here), or null: none is guessed. */
  @property({ attribute: false }) rate: MeasuredRate | null = null;
  @state() private fieldError: { field: string; message: string } | null = null;

  protected willUpdate(changed: PropertyValues<this>): void {
    // A config set from outside (a link, the library) replaces whatever was mistyped.
    if (changed.has('config') && changed.get('config') !== undefined) this.fieldError = null;
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private change(field: keyof RunConfig, value: unknown): void {
    if (!this.config) return;
    try {
      const config = parseConfig({ ...this.config, [field]: value });
      this.fieldError = null;
      this.emit('config-change', { config });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.fieldError = { field: e.field, message: e.message };
      this.emit('config-invalid', { field: e.field, message: e.message });
    }
  }

  private input(field: keyof RunConfig) {
    return (e: Event) => {
      const el = e.target as HTMLInputElement | HTMLSelectElement;
      this.change(field, el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value);
    };
  }

  /** A setting's input, drawn from its entry in the config table (label, range, choices). */
  private control(field: keyof RunConfig) {
    const c = this.config!;
    const f: ConfigField<unknown> = CONFIG_FIELDS[field];
    const label = f.page?.label ?? field;
    const bad = this.fieldError?.field === field ? 'true' : 'false';
    if (f.kind === 'switch') {
      return html`<label class="check"><input type="checkbox" name=${field} .checked=${c[field] === true} @change=${this.input(field)} />
        ${label}</label>`;
    }
    if (f.choices) {
      return html`<label>${label}
        <select name=${field} @change=${this.input(field)}>
          ${f.choices.map((v) => html`<option value=${v} ?selected=${c[field] === v}>${v}</option>`)}
        </select>
      </label>`;
    }
    return html`<label>${label}
      <input type="number" name=${field} min=${f.range?.min ?? ''} max=${f.range?.max ?? ''} step="1" .value=${String(c[field] ?? '')}
        title=${f.page?.hint ?? ''} aria-invalid=${bad} @change=${this.input(field)} />
    </label>`;
  }

  /** Settings shown under "More settings": every table entry marked so, the seed model drawn by hand. */
  private more(c: RunConfig) {
    const table: Readonly<Record<keyof RunConfig, ConfigField<unknown>>> = CONFIG_FIELDS;
    const fields = (Object.keys(table) as (keyof RunConfig)[]).filter((k) => table[k].page?.section === 'more');
    return fields.map((k) => (k === 'seedGenome' ? this.seedModel(c) : this.control(k)));
  }

  private seedModel(c: RunConfig) {
    return html`<label>${CONFIG_FIELDS.seedGenome.page?.label}
      <select name="seedGenome" @change=${this.input('seedGenome')}>
        ${typeof c.seedGenome === 'object' ? html`<option selected value="">custom (from the link)</option>` : ''}
        <option value="default" ?selected=${c.seedGenome === 'default'}>default: a sensible start</option>
        <option value="weak" ?selected=${c.seedGenome === 'weak'}>weak: watch the loop climb</option>
        <option value="control" ?selected=${c.seedGenome === 'control'}>control: learning rate 100× too small</option>
        <option value="lr-control" ?selected=${c.seedGenome === 'lr-control'}>lr-control: largest net, learning rate too small</option>
      </select>
    </label>`;
  }

  private newSeed(): void {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    this.change('seed', a[0] % 100000);
  }

  private backendOption(b: string) {
    const offer = this.offers?.find((o) => o.backend === b);
    const note = offer && !offer.available ? ' — unavailable here' : '';
    return html`<option value=${b} ?selected=${this.config?.backend === b}>${b === 'auto' ? 'auto (best available)' : b}${note}</option>`;
  }

  render() {
    const c = this.config;
    return html`
      ${c ? (this.locked ? this.folded(c) : this.fields(c)) : html`<p class="hint">Fix the link's settings, or <a href="#">open the default run</a>.</p>`}
      ${this.fieldError ? html`<p class="error" id="field-error">${this.fieldError.message}</p>` : ''}
      <div class="buttons">
        <button class="primary" ?disabled=${!this.canStart} @click=${() => this.emit('run-command', { command: 'start' })}>Start</button>
        <button ?disabled=${!this.canPause} @click=${() => this.emit('run-command', { command: 'pause' })}>Pause</button>
        <button ?disabled=${!this.canResume} @click=${() => this.emit('run-command', { command: 'resume' })}>Resume</button>
        <button ?disabled=${!this.canStop} @click=${() => this.emit('run-command', { command: 'stop' })}>Stop</button>
      </div>
    `;
  }

  /** What the run will cost, said before Start; a large run is flagged (it can run for hours on one device). */
  private estimate(c: RunConfig) {
    const e = estimateRun(c);
    const text =
      `This run: ${describeEstimate(e)}. Time on this device: ${describeTimeOnDevice(e, this.rate)}.` +
      (e.large ? ' A large run: it may take hours or days here. Stop keeps every whole generation.' : '');
    return html`<p class=${e.large ? 'error' : 'hint'} id="estimate">${text}</p>`;
  }

  /** While a run goes the settings cannot change: one line says what they are, so the charts get the screen. */
  private folded(c: RunConfig) {
    return html`<details class="folded"><summary>Settings: ${settingsLine(c)}</summary>${this.fields(c)}</details>`;
  }

  private fields(c: RunConfig) {
    const chosen = this.offers?.find((o) => o.backend === c.backend);
    return html`
      <fieldset ?disabled=${this.locked}>
        <legend class="visually-hidden">Run settings</legend>
        <div class="fields">
          <label>Task
            <select name="task" @change=${this.input('task')}>
              ${TASK_NAMES.map((t) => html`<option value=${t} ?selected=${c.task === t}>${t} — ${TASKS[t].title}</option>`)}
            </select>
          </label>
          <label>Proposer
            <select name="proposer" @change=${this.input('proposer')} aria-describedby="proposer-hint">
              ${PROPOSER_NAMES.map((p) => html`<option value=${p} ?selected=${c.proposer === p}>${p}</option>`)}
            </select>
          </label>
          ${this.control('generations')}
          ${this.control('population')}
          ${this.control('steps')}
          <label>Seed
            <span class="seed">
              <input type="number" name="seed" min=${CONFIG_FIELDS.seed.range?.min ?? 0}
                max=${CONFIG_FIELDS.seed.range?.max ?? ''} .value=${String(c.seed)} @change=${this.input('seed')}
                aria-invalid=${this.fieldError?.field === 'seed' ? 'true' : 'false'} />
              <button type="button" @click=${this.newSeed} aria-label="New random seed" title="New random seed">New</button>
            </span>
          </label>
          <label>Backend
            <select name="backend" @change=${this.input('backend')}>${BACKEND_NAMES.map((b) => this.backendOption(b))}</select>
          </label>
          ${this.control('inherit')}
        </div>
        <p class="hint" id="proposer-hint">${c.proposer}: ${PROPOSER_HINTS[c.proposer]}.</p>
        ${this.estimate(c)}
        ${chosen && !chosen.available ? html`<p class="error">${c.backend} is unavailable in this browser: ${chosen.reason}.</p>` : ''}
        <details>
          <summary>More settings</summary>
          <div class="fields">${this.more(c)}</div>
        </details>
      </fieldset>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'run-controls': RunControls;
  }
}
