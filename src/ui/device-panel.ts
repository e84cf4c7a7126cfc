/**
 * <device-panel>: where the models train. Before a run it shows what this
 * browser offers (checked without tfjs); once a run starts, the backend the
 * engine actually chose, the WebGPU adapter, whether it is a software
 * adapter, and — when WebGPU was unavailable and another backend took over —
 * a notice saying why.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BackendRequest } from '../core/config';
import type { AdapterInfo, Environment } from '../core/runlog';
import type { Capabilities } from './capabilities';
import { shared } from './theme';

@customElement('device-panel')
export class DevicePanel extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.8rem; margin: 0.3rem 0; }
      dt { color: var(--muted); }
      dd { margin: 0; overflow-wrap: anywhere; }
      .notice { border-left: 4px solid var(--warn); background: var(--warn-bg); padding: 0.4rem 0.6rem; border-radius: 4px; margin: 0.4rem 0; }
      ul { list-style: none; padding: 0; margin: 0.2rem 0; }
      li { margin: 0.1rem 0; }
      .yes::before { content: '✓ '; color: var(--good); font-weight: 700; }
      .no::before { content: '✗ '; color: var(--bad); font-weight: 700; }
    `,
  ];

  /** The running (or viewed) run's environment; null before a run starts. */
  @property({ attribute: false }) environment: Environment | null = null;
  @property({ attribute: false }) capabilities: Capabilities | null = null;
  @property() requested: BackendRequest = 'auto';

  private adapter(a: AdapterInfo, heading: string) {
    const field = (k: string, v: string) => (v ? html`<dt>${k}</dt><dd>${v}</dd>` : '');
    return html`
      <dt>${heading}</dt><dd>${[a.vendor, a.architecture].filter(Boolean).join(' / ') || 'not reported by the browser'}</dd>
      ${field('device', a.device)}
      ${field('description', a.description)}
      <dt>software adapter</dt>
      <dd>${a.isFallbackAdapter ? 'yes — WebGPU runs on the CPU (e.g. SwiftShader), so training is far slower than on a GPU' : 'no — a hardware GPU'}</dd>
    `;
  }

  private notice(env: Environment) {
    const gpu = env.fallbacks.find((f) => f.backend === 'webgpu');
    if (env.backend === 'webgpu') return '';
    if (gpu)
      return html`<p class="notice" role="note"><b>WebGPU is unavailable here</b> (${gpu.reason}), so <b>${env.backend}</b> took over${
        env.fallbacks.length > 1
          ? html` after ${env.fallbacks
              .filter((f) => f.backend !== 'webgpu')
              .map((f) => `${f.backend}: ${f.reason}`)
              .join('; ')}`
          : ''
      }. Runs work, only slower.</p>`;
    return html`<p class="notice" role="note">This run asked for <b>${env.requestedBackend}</b>, so it does not use WebGPU.</p>`;
  }

  render() {
    const env = this.environment;
    const caps = this.capabilities;
    const inUse = env
      ? html`<b>${env.backend}</b> (asked for ${env.requestedBackend})`
      : html`<span class="hint">chosen when a run starts (asking for ${this.requested})</span>`;
    const offer = (o: Capabilities['offers'][number]) =>
      html`<li class=${o.available ? 'yes' : 'no'}><b>${o.backend}</b>${o.available ? '' : html` — unavailable: ${o.reason}`}</li>`;
    return html`
      ${env ? this.notice(env) : ''}
      <dl>
        <dt>backend in use</dt><dd>${inUse}</dd>
        ${env?.adapter ? this.adapter(env.adapter, 'adapter') : !env && caps?.adapter ? this.adapter(caps.adapter, 'WebGPU adapter') : ''}
        ${env ? html`<dt>tfjs</dt><dd>${env.tfjsVersion}</dd>` : ''}
      </dl>
      ${
        caps
          ? html`
        <h3>What this browser offers</h3>
        <ul>${caps.offers.map(offer)}</ul>
      `
          : html`<p class="hint">Checking this browser's backends…</p>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'device-panel': DevicePanel;
  }
}
