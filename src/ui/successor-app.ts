/**
 * <successor-app>: the page. Reads the run config from the URL hash, starts
 * the loop in the worker, and shows generation results as they arrive.
 * It holds no training logic: it displays events and sends commands.
 *
 * Automation hook: if `window.__successorEvent` is a function (the CLI's
 * chromium driver and the browser tests install one), every loop event is
 * passed to it; the final log is left on `window.__successorLog`.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { RunConfig } from '../core/config';
import { describeArch, describeHyper } from '../core/genome';
import { hashToConfig } from '../core/hash';
import type { GenerationSummary, RunLog } from '../core/runlog';
import type { LoopEvent } from '../engine/events';
import { Comlink, createLab, type LabClient } from './lab-client';

declare global {
  interface Window {
    __successorEvent?: (e: LoopEvent) => void;
    __successorLog?: RunLog;
  }
}

type Phase = 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'error';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

@customElement('successor-app')
export class SuccessorApp extends LitElement {
  @state() private config: RunConfig | null = null;
  @state() private configError = '';
  @state() private autorun = false;
  @state() private phase: Phase = 'idle';
  @state() private statusLine = 'Ready.';
  @state() private generations: GenerationSummary[] = [];
  @state() private log: RunLog | null = null;
  @state() private backendLine = '';
  private lab: LabClient | null = null;

  static styles = css`
    :host { display: block; max-width: 60rem; margin: 0 auto; padding: 1rem; }
    h1 { font-size: 1.4rem; margin: 0 0 0.25rem; }
    .status { margin: 0.75rem 0; font-weight: 600; }
    .error { color: #b3261e; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { text-align: left; padding: 0.2rem 0.5rem; border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent); }
    button { font: inherit; padding: 0.35rem 0.9rem; margin-right: 0.4rem; }
  `;

  connectedCallback(): void {
    super.connectedCallback();
    this.readHash();
    window.addEventListener('hashchange', this.readHash);
    if (this.autorun && this.config) void this.start();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.readHash);
    this.lab?.terminate();
  }

  private readHash = (): void => {
    try {
      const s = hashToConfig(location.hash);
      this.config = s.config;
      this.autorun = s.autorun;
      this.configError = '';
    } catch (e) {
      this.config = null;
      this.configError = `The link's settings are invalid — ${(e as Error).message}`;
    }
  };

  private async start(): Promise<void> {
    if (!this.config || this.phase === 'running' || this.phase === 'paused') return;
    this.lab?.terminate();
    this.lab = createLab();
    this.generations = [];
    this.log = null;
    this.phase = 'running';
    this.statusLine = 'Starting the worker…';
    document.body.dataset.runState = 'running';
    try {
      const onEvent = Comlink.proxy((e: LoopEvent) => this.onEvent(e));
      await this.lab.api.start({ ...this.config }, onEvent, { assetBase: document.baseURI });
    } catch (e) {
      const message = (e as Error).message;
      this.phase = 'error';
      this.statusLine = `The run failed: ${message}`;
      window.__successorEvent?.({ type: 'error', message });
      document.body.dataset.runState = 'error';
    }
  }

  private onEvent(e: LoopEvent): void {
    window.__successorEvent?.(e);
    switch (e.type) {
      case 'run-start': {
        const env = e.environment;
        const adapter = env.adapter ? ` — ${env.adapter.vendor} ${env.adapter.architecture}${env.adapter.isFallbackAdapter ? ' (software adapter)' : ''}` : '';
        const fell = env.fallbacks.length ? ` (fell back: ${env.fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; ')})` : '';
        this.backendLine = `Backend: ${env.backend}${adapter}${fell}`;
        break;
      }
      case 'child-start':
        this.statusLine = `Generation ${e.generation} of ${this.config!.generations - 1}: training child ${e.index + 1} of ${e.count}`;
        break;
      case 'generation-done':
        this.generations = [...this.generations, e.summary];
        this.log = e.log;
        break;
      case 'run-done':
        this.log = e.log;
        window.__successorLog = e.log;
        this.phase = e.log.status === 'stopped' ? 'stopped' : 'done';
        this.statusLine = this.phase === 'done' ? `Done: ${e.log.generations.length} generations, ${e.log.candidates.length} candidates.` : 'Stopped.';
        document.body.dataset.runState = this.phase;
        break;
      case 'error':
        this.phase = 'error';
        this.statusLine = `Error: ${e.message}`;
        break;
      default:
        break;
    }
  }

  private pause(): void {
    void this.lab?.api.pause();
    this.phase = 'paused';
    this.statusLine = 'Paused.';
  }

  private resume(): void {
    void this.lab?.api.resume();
    this.phase = 'running';
  }

  private stop(): void {
    void this.lab?.api.stop();
  }

  render() {
    const c = this.config;
    const champion = (g: GenerationSummary) => this.log?.candidates.find((x) => x.id === g.championId);
    return html`
      <h1>Successor</h1>
      <p>Small neural networks design their successors: each generation, a proposer changes the best models so far, every child trains on the same budget, and the best become parents.</p>
      ${this.configError ? html`<p class="error" role="alert">${this.configError}</p>` : ''}
      ${c ? html`<p>Task <b>${c.task}</b>, proposer <b>${c.proposer}</b>, ${c.generations} generations × ${c.population} children, ${c.steps} steps each, seed <b>${c.seed}</b>, backend ${c.backend}.</p>` : ''}
      <div>
        <button @click=${() => this.start()} ?disabled=${!c || this.phase === 'running' || this.phase === 'paused'}>Start</button>
        <button @click=${() => this.pause()} ?disabled=${this.phase !== 'running'}>Pause</button>
        <button @click=${() => this.resume()} ?disabled=${this.phase !== 'paused'}>Resume</button>
        <button @click=${() => this.stop()} ?disabled=${this.phase !== 'running' && this.phase !== 'paused'}>Stop</button>
      </div>
      <p class="status" role="status" aria-live="polite">${this.statusLine}</p>
      ${this.backendLine ? html`<p>${this.backendLine}</p>` : ''}
      <table>
        <thead><tr><th>Gen</th><th>Best child (val)</th><th>Champion val</th><th>Champion test</th><th>Champion</th></tr></thead>
        <tbody>
          ${this.generations.map((g) => {
            const ch = champion(g);
            return html`<tr data-generation=${g.index}>
              <td>${g.index}</td><td>${pct(g.bestValAccuracy)}</td><td>${pct(g.championValAccuracy)}</td><td>${pct(g.championTestAccuracy)}</td>
              <td>#${g.championId}${ch ? ` ${describeArch(ch.genome.arch)}, ${describeHyper(ch.genome.hyper)}` : ''}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'successor-app': SuccessorApp;
  }
}
