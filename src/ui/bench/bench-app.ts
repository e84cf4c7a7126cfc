/**
 * <successor-bench>: the Benchmark view. Runs a suite in its worker on every
 * chosen backend side by side, shows the figures as they arrive, then the
 * scores, table and charts; exports the result as JSON; loads result files
 * to compare devices. It displays and sends commands; the measuring is in
 * src/engine/bench.
 *
 * The hash sets it up (`#suite=quick&backends=webgpu,cpu&label=…&autorun=1`).
 * Automation hooks (events, result, `dataset.benchState`) are in ../automation.ts.
 */
import { errorMessage } from '../../core/errors';
import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { BenchEvent } from '../../core/bench/events';
import { formatFigure } from '../../core/bench/figures';
import { GLOSSARY, INTERVAL_NOTE } from '../../core/bench/glossary';
import { BENCH_SCHEMA_VERSION, type BenchResult, type Measures } from '../../core/bench/result';
import { BENCH_BACKENDS, SUITE_NAMES, isBenchBackend, isSuiteName } from '../../core/bench/suite';
import { MAX_LABEL, validateBenchResult } from '../../core/bench/validate';
import { cut, quote } from '../../core/json-bounds';
import { drivenByCli, reportBenchEvent, reportBenchResult, setBenchState } from '../automation';
import { Comlink, createBenchWorker, type BenchClient } from './bench-client';
import { allCharts } from '../../core/bench/charts';
import { sustainedChart } from '../../core/bench/sustained-chart';
import { columnsOf, mixedSuitesWarning, rowsOf, verdictOf, type Column } from '../../core/bench/columns';
import { referenceFor } from './references';
import { verdictLines, withInterval } from '../../core/bench/verdict';
import { createEstimator } from '../../core/bench/estimate';
import { benchStyles } from './styles';
import { DEFAULT_MIN_REGION_MS, STABLE_HALF_WIDTH, type TimingOptions } from '../../core/bench/policy';

/** Results the comparison table holds at once, and the largest file it reads (results are ~20 kB). */
const MAX_COMPARED = 12;
const MAX_RESULT_BYTES = 16_000_000;

const INTRO =
  'A fixed, versioned workload run on every backend this browser offers, side by side. ' +
  "Each backend's outputs are first checked against the CPU backend; a backend that disagrees is flagged " +
  "and gets no score. See the README's “Benchmark mode” for what every figure means.";

type Phase = 'idle' | 'running' | 'done' | 'error';
const SUITE_HELP: Record<string, string> = {
  quick: 'every measure, small: a first look; the time is estimated from the first case on this device',
  standard: 'the reference workload: genomes on digits and spirals, and a fixed-seed RSI loop',
  micro:
    "kernels on their own: square matmul 256–2048 and MLP shapes, the population trainer's batched products (K = 32), conv2d, per-dispatch overhead",
};

@customElement('successor-bench')
export class SuccessorBench extends LitElement {
  @state() private suite = 'quick';
  @state() private chosen = new Set<string>(['webgpu', 'cpu']);
  @state() private available = new Map<string, string | null>();
  @state() private label = '';
  @state() private phase: Phase = 'idle';
  @state() private statusLine = 'Ready.';
  @state() private error = '';
  /** The run in progress or just finished (live figures arrive per case). */
  @state() private live: BenchResult | null = null;
  @state() private loaded: { name: string; result: BenchResult }[] = [];
  @state() private loadErrors: string[] = [];
  private worker: BenchClient | null = null;
  private autorun = false;
  /** The time estimate from this device's first case, once known. */
  private estimate = '';
  private estimator = createEstimator(() => performance.now());
  /** From the hash: `minRegionMs=` and `stable=SECONDS` (the CLI's --min-region-ms and --until-stable). */
  private timing: TimingOptions = { minRegionMs: DEFAULT_MIN_REGION_MS };

  static styles = benchStyles;

  connectedCallback(): void {
    super.connectedCallback();
    this.readHash();
    if (this.autorun && !this.error) void this.run();
    else void this.probe();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.worker?.terminate();
  }

  private readHash(): void {
    const p = new URLSearchParams(location.hash.replace(/^#/, ''));
    const suite = p.get('suite') ?? 'quick';
    const backends = (p.get('backends') ?? 'webgpu,cpu').split(',').filter((b) => b);
    this.label = (p.get('label') ?? '').slice(0, MAX_LABEL);
    this.autorun = p.get('autorun') === '1';
    const minRegionMs = Number(p.get('minRegionMs') ?? DEFAULT_MIN_REGION_MS);
    const stable = Number(p.get('stable') ?? 0);
    const sustained = Number(p.get('sustained') ?? 0);
    this.timing = {
      minRegionMs: Number.isFinite(minRegionMs) && minRegionMs >= 0 ? minRegionMs : DEFAULT_MIN_REGION_MS,
      ...(Number.isFinite(stable) && stable > 0
        ? { untilStable: { halfWidth: STABLE_HALF_WIDTH, maxMs: stable * 1000 } }
        : {}),
      ...(Number.isFinite(sustained) && sustained > 0 ? { sustainedMinutes: sustained } : {}),
    };
    if (!isSuiteName(suite)) this.error = `Unknown suite ${quote(suite)} (known: ${SUITE_NAMES.join(', ')}).`;
    else if (backends.some((b) => !isBenchBackend(b)))
      this.error = `Unknown backend ${quote(backends.find((b) => !isBenchBackend(b)))} (known: ${BENCH_BACKENDS.join(', ')}).`;
    else {
      this.suite = suite;
      this.chosen = new Set(backends);
    }
    if (this.error) {
      this.phase = 'error';
      setBenchState('error');
    }
  }

  /** Asks the worker which backends this browser offers. */
  private async probe(): Promise<void> {
    const w = createBenchWorker();
    try {
      const list = await w.api.backends();
      this.available = new Map(list.map((b) => [b.backend, b.available ? null : (b.reason ?? 'unavailable')]));
    } finally {
      w.terminate();
    }
  }

  private async run(): Promise<void> {
    if (this.phase === 'running' || this.chosen.size === 0) return;
    this.worker?.terminate();
    this.worker = createBenchWorker();
    const backends = BENCH_BACKENDS.filter((b) => this.chosen.has(b));
    this.phase = 'running';
    this.error = '';
    this.live = null;
    this.estimate = '';
    this.estimator = createEstimator(() => performance.now());
    this.statusLine = 'Starting the worker…';
    setBenchState('running');
    try {
      const onEvent = Comlink.proxy((e: BenchEvent) => this.onEvent(e));
      // A dead worker answers nothing: without this the page (and a CLI driving it) would wait forever.
      const { died } = this.worker;
      const dead = new Promise<never>((_, reject) => void died.then((reason) => reject(new Error(reason))));
      const run = this.worker.api.run(
        {
          suite: this.suite,
          backends,
          assetBase: document.baseURI,
          reference: referenceFor(this.suite),
          label: this.label,
          driver: drivenByCli() ? 'chromium' : 'page',
          timing: this.timing,
        },
        onEvent,
      );
      const result = await Promise.race([run, dead]);
      this.live = result;
      reportBenchResult(result);
      this.phase = 'done';
      this.statusLine = `Done in ${(result.durationMs / 1000).toFixed(1)} s.`;
      setBenchState('done');
    } catch (e) {
      this.phase = 'error';
      this.error = `The benchmark failed: ${errorMessage(e)}`;
      setBenchState('error');
    } finally {
      this.worker?.terminate();
      this.worker = null;
    }
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.phase = 'idle';
    this.statusLine = 'Stopped.';
    setBenchState('stopped');
  }

  private onEvent(e: BenchEvent): void {
    this.estimate = this.estimator(e) ?? this.estimate;
    reportBenchEvent(e);
    // Events come through their own message port and may land after run() resolved: never let them overwrite the final result.
    if (this.phase !== 'running') return;
    switch (e.type) {
      case 'bench-start':
        this.live = {
          schemaVersion: BENCH_SCHEMA_VERSION,
          kind: 'successor-bench',
          generator: '',
          createdAt: new Date().toISOString(),
          label: this.label,
          suite: { name: e.suite.name, version: e.suite.version, fingerprint: '', title: '', repeats: 0, warmup: 0 },
          environment: { driver: 'page', platform: '', hardwareConcurrency: null, tfjsVersion: '' },
          flags: {},
          reference: null,
          backends: [],
          durationMs: 0,
        };
        this.statusLine = 'Computing the CPU reference outputs…';
        break;
      case 'backend-start':
        this.live = this.withBackend(e.backend, (b) =>
          Object.assign(b, { adapter: e.adapter, softwareAdapter: e.softwareAdapter }),
        );
        this.statusLine = `${e.backend}: checking outputs against the CPU…`;
        break;
      case 'progress':
        this.statusLine = `${e.backend}: ${e.kind} ${e.id} (${e.index + 1} of ${e.count})…${this.estimate ? ` — ${this.estimate}` : ''}`;
        break;
      case 'measure':
        this.live = this.withBackend(e.backend, (b) => {
          for (const k of Object.keys(e.measures) as (keyof Measures)[])
            (b.measures![k] as unknown[]).push(...e.measures[k]);
        });
        break;
      case 'backend-done':
        if (this.live)
          this.live = {
            ...this.live,
            backends: [...this.live.backends.filter((b) => b.backend !== e.result.backend), e.result],
          };
        break;
      default:
        break;
    }
  }

  /** A copy of the live result with one backend's entry (created if new) updated. */
  private withBackend(name: string, f: (b: BenchResult['backends'][number]) => void): BenchResult | null {
    if (!this.live) return null;
    const backends = this.live.backends.slice();
    let i = backends.findIndex((b) => b.backend === name);
    if (i === -1) {
      backends.push({
        backend: name,
        status: 'ok',
        adapter: null,
        adapterLimits: null,
        softwareAdapter: false,
        flags: {},
        initMs: null,
        check: null,
        measures: { train: [], infer: [], matmul: [], conv: [], dispatch: [], loop: [] },
        gpuPoolBytes: null,
        score: null,
        subscores: [],
        durationMs: 0,
      });
      i = backends.length - 1;
    }
    const b = JSON.parse(JSON.stringify(backends[i])) as BenchResult['backends'][number];
    f(b);
    backends[i] = b;
    return { ...this.live, backends };
  }

  private exportJson(): void {
    if (!this.live || this.phase !== 'done') return;
    const blob = new Blob([JSON.stringify(this.live, null, 1) + '\n'], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `successor-bench-${this.live.suite.name}-${this.live.createdAt.slice(0, 19).replace(/:/g, '')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  private async loadFiles(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const errors: string[] = [];
    const added: { name: string; result: BenchResult }[] = [];
    for (const file of Array.from(input.files ?? [])) {
      const name = cut(file.name, 80);
      // Refused before reading: a huge file would freeze the page, a huge table too.
      if (this.loaded.length + added.length >= MAX_COMPARED)
        errors.push(`${name}: not loaded; at most ${MAX_COMPARED} results are compared at once`);
      else if (file.size > MAX_RESULT_BYTES)
        errors.push(`${name}: ${(file.size / 1e6).toFixed(0)} MB is far larger than any benchmark result`);
      else {
        try {
          added.push({ name, result: validateBenchResult(JSON.parse(await file.text())) });
        } catch (err) {
          errors.push(`${name}: ${cut(errorMessage(err), 300)}`);
        }
      }
    }
    this.loaded = [...this.loaded, ...added];
    this.loadErrors = errors;
    input.value = '';
  }

  private toggle(b: string, on: boolean): void {
    const next = new Set(this.chosen);
    if (on) next.add(b);
    else next.delete(b);
    this.chosen = next;
  }

  private renderControls() {
    const running = this.phase === 'running';
    return html`
      <fieldset ?disabled=${running}>
        <label>Suite <select @change=${(e: Event) => (this.suite = (e.target as HTMLSelectElement).value)}>
          ${SUITE_NAMES.map((s) => html`<option value=${s} ?selected=${s === this.suite}>${s}</option>`)}
        </select></label>
        <span class="hint">${SUITE_HELP[this.suite]}</span>
        <div class="backends">Backends:
          ${BENCH_BACKENDS.map((b) => {
            const why = this.available.get(b);
            return html`<label title=${why ?? ''}><input type="checkbox" .checked=${this.chosen.has(b)}
              @change=${(e: Event) => this.toggle(b, (e.target as HTMLInputElement).checked)} />
              ${b}${why ? html` <span class="hint">(unavailable)</span>` : ''}</label>`;
          })}
        </div>
        <label>Label <input type="text" placeholder="e.g. RTX 4070 / Chrome 131" maxlength=${MAX_LABEL}
          .value=${this.label} @input=${(e: Event) => (this.label = (e.target as HTMLInputElement).value)} /></label>
      </fieldset>
      <div class="buttons">
        <button @click=${() => this.run()} ?disabled=${running || this.chosen.size === 0}>Run benchmark</button>
        <button @click=${() => this.stop()} ?disabled=${!running}>Stop</button>
        <button @click=${() => this.exportJson()} ?disabled=${this.phase !== 'done'}>Export JSON</button>
        <label class="file">Load results to compare… <input type="file" accept=".json,application/json"
          multiple @change=${(e: Event) => this.loadFiles(e)} /></label>
      </div>`;
  }

  private renderResults(results: BenchResult[]) {
    const columns = columnsOf(results);
    if (columns.length === 0) return '';
    const rows = rowsOf(columns);
    const refs = [
      ...new Set(
        results
          .map((r) =>
            r.reference
              ? `the ${r.reference.backend} entry of the ${r.reference.suite} v${r.reference.version}` +
                ` reference (${r.reference.device}, ${r.reference.createdAt.slice(0, 10)})`
              : null,
          )
          .filter((x) => x),
      ),
    ];
    const mixed = mixedSuitesWarning(results);
    const verdict = (r: BenchResult, l: string) =>
      html`<li class=${/UNRELIABLE|WRONG/.test(l) ? 'warn' : ''}>${results.length > 1 && r.label ? `${r.label}: ${l}` : l}</li>`;
    const score = (c: Column) =>
      c.backend.score === null ? '—' : withInterval(c.backend.score, c.backend.scoreInterval);
    const hostLoad = (r: BenchResult) => {
      const load = r.hostLoad;
      if (!load?.before) return load?.note ?? 'not recorded';
      const others = load.others ? `, other processes ${load.others.cores.toFixed(2)} cores during` : '';
      return `${load.before[0].toFixed(2)} before, ${load.after?.[0].toFixed(2) ?? '—'} after${others}`;
    };
    const note =
      `Scores: 100 = ${refs.length ? refs.join('; ') : 'no reference result for this suite'}. ` +
      `Bold rows count towards the score. ${INTERVAL_NOTE} Error bars on the charts. ` +
      `Host load: ${results.map(hostLoad).join('; ')}.`;
    const charts = [...allCharts(rows, columns), sustainedChart(columns)].filter((svg) => svg);
    return html`
      ${mixed ? html`<p class="warn" role="alert">${mixed}</p>` : ''}
      <ul class="verdict" data-verdict>${results.flatMap((r) => verdictLines(r).map((l) => verdict(r, l)))}</ul>
      <table class="results">
        <thead>
          <tr><th>Figure</th>${columns.map((c) => html`<th class=${c.backend.status}>${c.title}</th>`)}</tr>
          <tr class="device"><td>device</td>${columns.map((c) => html`<td>${c.device}</td>`)}</tr>
          <tr class="score"><td>score</td>${columns.map((c) => html`<td class=${c.backend.status}>${score(c)}</td>`)}</tr>
          <tr class="verdict"><td>check</td>${columns.map(
            (c) => html`<td class=${c.backend.status}
            role=${c.backend.status === 'wrong' ? 'alert' : ''}>${verdictOf(c.backend)}</td>`,
          )}</tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr class=${r.scored ? 'scored' : ''} data-key=${r.key}><td>${r.label} <span
            class="unit">${r.unit}</span></td>${r.cells.map((f) => html`<td>${f ? formatFigure(f) : ''}</td>`)}</tr>`,
          )}
        </tbody>
      </table>
      <p class="hint">${note}</p>
      <div class="charts">${charts.map((svg) => html`<figure>${unsafeHTML(svg)}</figure>`)}</div>`;
  }

  render() {
    const loadedItem = (l: (typeof this.loaded)[number], i: number) => {
      const r = l.result;
      const remove = () => (this.loaded = this.loaded.filter((_, j) => j !== i));
      return html`<li>${l.name}: ${r.label || '(no label)'}, ${r.suite.name} v${r.suite.version}, ${r.createdAt.slice(0, 10)} <button
        @click=${remove}>remove</button></li>`;
    };
    const compare = [...(this.live && this.phase === 'done' ? [this.live] : []), ...this.loaded.map((l) => l.result)];
    return html`
      <h1>Successor — Benchmark <a class="back" href="./">← back to the lab</a></h1>
      <p>${INTRO}</p>
      ${this.renderControls()}
      <p class="status" role="status" aria-live="polite">${this.statusLine}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.phase === 'running' && this.live ? this.renderResults([this.live]) : ''}
      ${this.loaded.length ? html`<h2>Comparing</h2><ul class="loaded">${this.loaded.map(loadedItem)}</ul>` : ''}
      ${this.loadErrors.map((m) => html`<p class="error" role="alert">${m}</p>`)}
      ${compare.length ? this.renderResults(compare) : ''}
      <details class="glossary"><summary>What the figures mean</summary>
        <dl>${GLOSSARY.map((g) => html`<dt>${g.term}</dt><dd>${g.meaning}</dd>`)}</dl>
      </details>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'successor-bench': SuccessorBench;
  }
}
