/**
 * <successor-app>: the lab page. It reads the run config from the URL hash,
 * wires the panels to two controllers — LabSession (runs the worker, saves
 * the run) and LibraryController (the saved runs) — and routes the panels'
 * events. It holds no training logic.
 *
 * Its automation hooks (for the CLI's chromium driver and the browser
 * tests) are written by automation.ts.
 */
import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { RunConfig } from '../core/config';
import { configToHash } from '../core/hash';
import { carriesPolicy } from '../core/proposers';
import { PRESETS, RACES, type Preset, type RacePreset } from '../core/presets';
import { describeTimeOnDevice, estimateRun, seedGenomeOf } from '../core/run-plan';
import { TASKS } from '../core/tasks';
import { appStyles } from './app-styles';
import { slowRunWarning } from './device-advice';
import { ARCH_LEGEND } from './arch-code';
import { probeCapabilities, type Capabilities } from './capabilities';
import './candidate-inspector';
import type { CandidateInspector } from './candidate-inspector';
import './device-panel';
import './generation-table';
import './improvement-chart';
import type { CandidateSelectDetail } from './improvement-chart';
import { LabSession } from './lab-session';
import { LibraryController } from './library-controller';
import { RaceController } from './race-controller';
import './race-view';
import './learned-view';
import './lineage-tree';
import './oversight-panel';
import './live-training';
import './policy-chart';
import './improver-charts';
import { correlationLine, predictionPoints, successLine } from './improver-data';
import './resume-banner';
import './run-controls';
import type { RunCommand } from './run-controls';
import { exportJson } from './run-files';
import './run-library';
import type { LibraryAction } from './run-library';
import { championOf, describeActivity, plannedCandidates } from './run-view';
import { liveRate, pastRate } from './time-estimate';
import { canContinue, type RunRecord } from './store';
import { shared } from './theme';
import { readHash, writeHash, writeRaceHash } from './url-state';
import { exposeRunControl } from './automation';

@customElement('successor-app')
export class SuccessorApp extends LitElement {
  static styles = [shared, appStyles];

  @state() private config: RunConfig | null = null;
  @state() private configError = '';
  @state() private fieldInvalid = false;
  @state() private capabilities: Capabilities | null = null;
  @state() private selectedId: number | null = null;
  private readonly session = new LabSession(this, (saved) => this.library.saved(saved));
  private readonly library = new LibraryController(this, this.session);
  /** A race's runs, each in its own session beside the page's own. */
  private readonly race = new RaceController(this, (saved) => this.library.saved(saved));
  private readonly inspect = (id: number) => this.session.inspect(id);

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    // A CLI driver answers a tripwire's pause through this (resume or stop, as its person says).
    exposeRunControl((command) => this.onCommand(command));
    const read = this.applyHash();
    void probeCapabilities().then((c) => (this.capabilities = c));
    void this.library.opened?.then(() => {
      if (read?.autorun && read.race) this.startRace(read.race);
      else if (read?.autorun && this.config) void this.startRun(this.config);
      else if (read && !read.race) this.showLinkedRun();
      const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 200));
      idle(() => this.session.warmInspector());
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  /** Reads the hash into the config; returns what it read. */
  private applyHash() {
    const read = readHash();
    if (!read.ok) {
      this.config = null;
      this.configError = read.error;
      return null;
    }
    this.config = read.config;
    this.configError = '';
    this.fieldInvalid = false;
    // An empty hash gets the defaults written out, so the address bar is a shareable link at once.
    if (read.empty) writeHash(read.config);
    this.session.preview(read.config);
    this.selectedId = null;
    return read;
  }

  /**
   * A reload shows the run the page had on screen, not empty panels: the
   * interrupted run on offer, or else the newest run of the link's settings
   * made in this browser. Its Continue (or Start) is the reader's to press.
   */
  private showLinkedRun(): void {
    const c = this.config;
    if (!c || this.session.state.phase !== 'idle' || this.race.shown) return;
    const link = configToHash(c);
    const lib = this.library;
    const record =
      lib.interrupted ?? lib.records.find((r) => r.source === 'page' && configToHash(r.log.config) === link);
    if (record && configToHash(record.log.config) === link) void this.openRun(record);
  }

  private onHashChange = (): void => {
    if (!this.session.isActive() && !this.race.isActive()) this.applyHash();
  };

  private async startRun(config: RunConfig, from?: RunRecord): Promise<void> {
    if (this.race.isActive()) return;
    // An ended race on screen makes way for the run.
    this.race.close();
    this.selectedId = null;
    this.library.starting(from);
    // autorun starts once: a reload must offer to resume, not start over.
    writeHash(config);
    this.config = config;
    const stale = await this.session.start(config, from);
    if (stale) await this.library.withdraw(stale);
  }

  /** Shows a preset's settings (keeping the backend chosen here) and starts it. */
  private startPreset(p: Preset): void {
    const config = { ...p.config, backend: this.config?.backend ?? p.config.backend };
    this.onConfig(config);
    void this.startRun(config);
  }

  /** Starts a race preset's runs, keeping the backend chosen here. */
  private startRacePreset(p: RacePreset): void {
    const backend = this.config?.backend;
    this.startRace(p.configs.map((c) => ({ ...c, backend: backend ?? c.backend })));
  }

  /** Starts a race's runs side by side; the single-run panels make way for it, and the address bar links to the race. */
  private startRace(configs: readonly RunConfig[]): void {
    if (this.session.isActive() || this.race.isActive()) return;
    this.selectedId = null;
    writeRaceHash(configs);
    void this.race.start(configs, this.session.store);
  }

  /** Takes the race off the screen; the address bar goes back to this page's own settings. */
  private closeRace(): void {
    this.race.close();
    this.selectedId = null;
    if (this.config) writeHash(this.config);
  }

  /** Opens one of the race's runs on the main view, closing the race. */
  private openRaceRun(runId: string): void {
    const record = this.library.records.find((r) => r.id === runId);
    this.closeRace();
    if (record) void this.openRun(record);
  }

  private onCommand(command: RunCommand): void {
    if (command === 'start' && this.config) void this.startRun(this.config);
    else if (command === 'pause') this.session.pause();
    else if (command === 'resume') this.session.resume();
    else if (command === 'stop') this.session.stop();
  }

  private onConfig(config: RunConfig): void {
    this.config = config;
    this.fieldInvalid = false;
    writeHash(config);
    this.session.preview(config);
    this.selectedId = null;
  }

  /** The library opens a saved run. */
  async openRun(record: RunRecord): Promise<void> {
    if (this.race.isActive()) return;
    this.race.close();
    this.selectedId = null;
    this.config = record.log.config;
    writeHash(record.log.config);
    await this.session.open(record);
  }

  /** The library continues a saved run. */
  continueRun(record: RunRecord): Promise<void> {
    return this.startRun(record.log.config, record);
  }

  /** The library deleted a run: if it was on screen, show the current settings instead. */
  runDeleted(id: string): void {
    if (this.session.state.runId === id && !this.session.isActive() && this.config) this.session.preview(this.config);
  }

  private exportLatest(): void {
    const log = this.session.latestLog();
    if (log) exportJson(log);
  }

  private select(id: number): void {
    this.selectedId = id;
    void this.updateComplete.then(() => {
      const inspector = this.renderRoot.querySelector<CandidateInspector>('candidate-inspector');
      inspector?.scrollIntoView({ block: 'nearest' });
      void inspector?.updateComplete.then(() => inspector.focusHeading());
    });
  }

  private closeInspector(): void {
    const id = this.selectedId;
    this.selectedId = null;
    // Return focus to the node that opened it.
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector('lineage-tree')
        ?.shadowRoot?.querySelector<SVGElement>(`[data-candidate-id="${id}"]`)
        ?.focus(),
    );
  }

  render() {
    const s = this.session.state;
    const view = s.view;
    const active = this.session.isActive();
    const racing = this.race.isActive();
    const busy = active || racing;
    const shownConfig = view?.config ?? this.config;
    const task = shownConfig ? TASKS[shownConfig.task] : null;
    const chance = task ? 1 / task.numClasses : 0.5;
    const champion = view ? championOf(view) : undefined;
    const selected = view?.candidates.find((c) => c.id === this.selectedId) ?? null;
    const parent =
      selected?.parentId != null ? (view?.candidates.find((c) => c.id === selected.parentId) ?? null) : null;
    const lib = this.library;
    const onScreen = lib.records.find((r) => r.id === s.runId);
    const status = racing
      ? 'A race is running below; its runs are saved in the run library as they go.'
      : this.race.shown
        ? 'The race has ended (below). Close it to set up and start a run of your own.'
        : describeActivity(s.phase, view) + (s.phase === 'error' && s.error ? ` ${s.error}` : '');
    const warning = !busy && !this.race.shown && this.config ? slowRunWarning(this.config, this.capabilities) : '';
    const continueButton =
      onScreen && !busy && !this.race.shown && onScreen.source === 'page' && canContinue(onScreen)
        ? html`<button @click=${() => this.startRun(onScreen.log.config, onScreen)}>Continue</button>`
        : '';
    const timeLeft =
      view && active
        ? describeTimeOnDevice(estimateRun(view.config), liveRate(view.candidates), view.candidates.length)
        : '';
    return html`
      <header>
        <div class="top"><h1>Successor</h1>
          ${PRESETS.map(
            (
              p,
            ) => html`<button class="primary" ?disabled=${busy} @click=${() => this.startPreset(p)}>${p.title}</button>
            <span class="hint">${p.watch}</span>`,
          )}
          ${RACES.map(
            (
              p,
            ) => html`<button class="primary" ?disabled=${busy} @click=${() => this.startRacePreset(p)}>${p.title}</button>
            <span class="hint">${p.watch}</span>`,
          )}
          <a class="bench-link" href="./bench.html">Benchmark this device →</a></div>
        <p>Small neural networks design their successors. Each generation, a <em>proposer</em> changes the best models so far;
          every child trains on the same budget and is scored on held-out data; the best become parents.</p>
        <details class="how"><summary>How to read this page</summary><ol>
          <li><b>Improvement</b>: every child is a dot; the lines show the best model so far (the champion) on validation and test data.</li>
          <li><b>Lineage</b>: who descends from whom. Click a model (or press Enter on it) to inspect it: its layers,
            settings, what changed and its training curve.</li>
          <li><b>What the model learned</b>: the champion's answers on data it never trained on.</li>
          <li><b>Is the improver improving?</b>: how often children beat their parent, generation by generation;
            with <code>self-adaptive</code> the policy models carry, with <code>learned</code> how well its network predicts.</li>
        </ol></details>
      </header>
      ${
        lib.interrupted && !active
          ? html`<resume-banner .record=${lib.interrupted}
        @resume-continue=${() => lib.interrupted && this.continueRun(lib.interrupted)}
        @resume-dismiss=${() => lib.dismissInterrupted()}></resume-banner>`
          : ''
      }
      ${this.configError ? html`<p class="alert" role="alert">${this.configError}</p>` : ''}
      ${lib.staleMessage ? html`<p class="alert" role="alert">${lib.staleMessage}</p>` : ''}
      <section class="panel" aria-labelledby="run-h">
        <h2 id="run-h">Run</h2>
        ${
          this.race.shown
            ? ''
            : html`<run-controls .config=${this.config} .offers=${this.capabilities?.offers ?? null} ?locked=${active}
          .rate=${this.config ? pastRate(lib.records, this.config) : null}
          ?canStart=${Boolean(this.config) && !this.fieldInvalid && !busy} ?canPause=${s.phase === 'running'}
          ?canResume=${s.phase === 'paused'} ?canStop=${s.phase === 'running' || s.phase === 'paused'}
          @config-change=${(e: CustomEvent<{ config: RunConfig }>) => this.onConfig(e.detail.config)}
          @config-invalid=${() => (this.fieldInvalid = true)}
          @run-command=${(e: CustomEvent<{ command: RunCommand }>) => this.onCommand(e.detail.command)}></run-controls>`
        }
        ${warning ? html`<p class="hint warn">${warning}</p>` : ''}
        <div class="status-row">
          <p class="status${s.phase === 'error' ? ' error' : ''}" role="status" aria-live="polite">${status}</p>
          ${continueButton}
          ${
            view && !this.race.shown && (active || view.candidates.length)
              ? html`<label class="caption">candidates trained
            <progress max=${plannedCandidates(view.config)}
              value=${view.candidates.length}></progress> ${view.candidates.length} / ${plannedCandidates(view.config)}</label>`
              : ''
          }
          ${view && active ? html`<span class="caption" id="time-left">Time: ${timeLeft}.</span>` : ''}
        </div>
        ${
          view && watched(view.config, s.trips.length > 0 || s.pending !== null)
            ? html`<oversight-panel .config=${view.config} .candidates=${view.candidates}
          .generations=${view.generations} .trips=${s.trips} .pending=${s.pending} .stopReason=${onScreen?.log.stopReason ?? null}
          ?paused=${s.phase === 'paused'} .elapsedSeconds=${active ? this.session.activeSeconds() : null}
          @approval-decision=${(e: CustomEvent<{ approve: boolean }>) => this.session.decide(e.detail.approve)}></oversight-panel>`
            : ''
        }
        ${s.notice ? html`<p class="hint">${s.notice}</p>` : ''}
        ${
          s.saveError
            ? html`<p class="alert" role="alert">${s.saveError}
          <button @click=${() => this.exportLatest()}>Export JSON</button></p>`
            : ''
        }
      </section>
      <div class="grid" @candidate-select=${(e: CustomEvent<CandidateSelectDetail>) => this.select(e.detail.id)}>
        ${
          this.race.shown
            ? html`<section class="panel wide race" aria-label="Race">
          <race-view .entries=${this.race.entries()} @race-stop=${() => this.race.stop()} @race-close=${() => this.closeRace()}
            @race-open=${(e: CustomEvent<{ runId: string }>) => this.openRaceRun(e.detail.runId)}></race-view></section>`
            : html`
        <section class="panel" aria-labelledby="imp-h">
          <h2 id="imp-h">Improvement per generation</h2>
          <improvement-chart .candidates=${view?.candidates ?? []} .generations=${view?.generations ?? []} .chance=${chance}
            .planned=${view?.config.generations ?? 1} .selectedId=${this.selectedId} .splits=${task?.splits ?? null}></improvement-chart>
        </section>
        <section class="panel" aria-labelledby="learned-h">
          <h2 id="learned-h">What the model learned</h2>
          <learned-view .generations=${view?.generations ?? []} .inspect=${this.inspect} .weightsVersion=${s.weightsVersion} runKey=${s.runId ?? 'preview'}
            task=${shownConfig?.task ?? ''} seed=${shownConfig?.seed ?? 1}></learned-view>
        </section>
        <section class="panel wide lineage" aria-labelledby="tree-h">
          <h2 id="tree-h">Lineage</h2>
          <lineage-tree .candidates=${view?.candidates ?? []} .championId=${champion?.id ?? null} .selectedId=${this.selectedId} .chance=${chance}
            .seed=${shownConfig && shownConfig.init !== 'random' ? seedGenomeOf(shownConfig) : null} .task=${task}
            .rungs=${view && (view.config.proposer === 'asha' || view.config.proposer === 'hyperband') ? view.config.rungs : 0}></lineage-tree>
          <p class="caption">${ARCH_LEGEND}</p>
        </section>
        <section class="panel wide" aria-labelledby="gens-h">
          <h2 id="gens-h">Generations: what changed, and did it help</h2>
          <generation-table .generations=${view?.generations ?? []} .candidates=${view?.candidates ?? []} .split=${task?.splits ?? null}
            ?finished=${!active}></generation-table>
        </section>
        ${
          selected
            ? html`<section class="panel wide" aria-label="Inspector">
          <candidate-inspector .candidate=${selected} .parent=${parent} .task=${task} .config=${view?.config ?? null} .generations=${view?.generations ?? []}
            @inspector-close=${this.closeInspector}></candidate-inspector></section>`
            : ''
        }
        <section class="panel" aria-labelledby="live-h">
          <h2 id="live-h">Live training</h2>
          <p class="caption">Training loss of the child being trained (dashed: its parent's).</p>
          <live-training .view=${view}></live-training>
        </section>
        <section class="panel" aria-labelledby="policy-h">
          <h2 id="policy-h">Is the improver improving?</h2>
          <p class="caption">Success rate: the share of each generation's children that beat their parent by more than the
            validation set's own noise. If the way children are made got better, it would rise (it tends to fall as parents
            get better, so compare proposers rather than read one run). Measured across seeds so far, it has not been shown to:
            no proposer's champions beat <code>evolution</code>'s on held-out data (docs/results.md).</p>
          <generation-line-chart .points=${view ? successLine(view).map((r) => ({ generation: r.generation, value: r.rate })) : []}
            label="success rate" emptyText="The success rate appears after generation 1."></generation-line-chart>
          ${
            view?.config.proposer === 'learned'
              ? html`
            <p class="caption">The <code>learned</code> proposer's network predicts each child's gain before it trains. Each dot is a
              child: predicted against measured gain (brighter is later). Below: how well its ranking matched (rank correlation; 1 is perfect).
              Across seeds it has ranked weakly: about 0.1 on spirals, 0.23 on digits (20 seeds); on neither shown to rise over a run.</p>
            <prediction-scatter .points=${predictionPoints(view)}></prediction-scatter>
            <generation-line-chart .points=${correlationLine(view.generations).map((r) => ({ generation: r.generation, value: r.rho }))}
              label="rank correlation" .min=${-1} .max=${1} emptyText="The rank correlation appears once predictions are made."></generation-line-chart>`
              : ''
          }
          ${
            view && carriesPolicy(view.config.proposer)
              ? html`<policy-chart .candidates=${view.candidates} .generations=${view.generations} .space=${task?.space ?? null}></policy-chart>`
              : view?.config.proposer !== 'learned'
                ? html`<p class="hint">The <code>self-adaptive</code> proposers carry a proposal policy that evolves,
                  and <code>learned</code> trains a network to choose changes: choose one to watch how it proposes.</p>`
                : ''
          }
        </section>`
        }
        <section class="panel" aria-labelledby="device-h">
          <h2 id="device-h">Device</h2>
          <device-panel .environment=${view?.environment ?? null} .capabilities=${this.capabilities} requested=${this.config?.backend ?? 'auto'}></device-panel>
        </section>
        <section class="panel" aria-labelledby="lib-h">
          <h2 id="lib-h">Run library</h2>
          ${lib.storeError ? html`<p class="hint">${lib.storeError}</p>` : ''}
          <run-library .records=${lib.records} .activeId=${s.runId} ?busy=${busy} .importMessage=${lib.importMessage}
            @library-action=${(e: CustomEvent<{ action: LibraryAction; id: string }>) => lib.act(e.detail.action, e.detail.id)}
            @library-import=${(e: CustomEvent<{ file: File }>) => lib.import(e.detail.file)}></run-library>
        </section>
      </div>
    `;
  }
}

/** Whether a run has anything for the oversight panel: budgets, tripwires, gates, or trips and approvals so far. */
function watched(c: RunConfig, activity: boolean): boolean {
  return (
    activity ||
    Boolean(c.tripwires?.length || c.approve?.length || c.maxFlops || c.maxCandidates || c.maxSeconds || c.maxParams)
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'successor-app': SuccessorApp;
  }
}
