/**
 * <digit-predictions>: what a digits model learned — the first test digits
 * with the model's answer under each. Mistakes get a dashed outline and say
 * what the model answered and what the digit is, so they stand out without
 * relying on colour.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DigitsInspection } from '../worker/lab.worker';
import { pct } from './format';
import { DIGIT_SIDE as SIDE, paintDigit } from './data-drawing';
import { shared } from './theme';

@customElement('digit-predictions')
export class DigitPredictions extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(3.6rem, 1fr)); gap: 0.35rem; margin: 0.4rem 0 0; padding: 0; list-style: none; }
      li { text-align: center; border: 2px solid transparent; border-radius: 6px; padding: 2px; font-size: 0.8rem; }
      li.wrong { border: 2px dashed var(--bad); }
      canvas { width: 3.2rem; height: 3.2rem; image-rendering: pixelated; display: block; margin: 0 auto; border-radius: 3px; }
      .wrong .said { color: var(--bad); font-weight: 700; }
    `,
  ];

  @property({ attribute: false }) inspection: DigitsInspection | null = null;

  render() {
    const v = this.inspection;
    if (!v) return html`<p class="empty">Waiting for the champion's predictions…</p>`;
    const wrong = Array.from(v.labels).filter((y, i) => y !== v.predicted[i]).length;
    return html`
      <p>${v.count - wrong} of ${v.count} right (${pct(v.accuracy)}); mistakes are outlined.</p>
      <ul class="grid">
        ${Array.from({ length: v.count }, (_, i) => {
          const ok = v.labels[i] === v.predicted[i];
          const label = ok ? `${v.predicted[i]}, right` : `answered ${v.predicted[i]}, is ${v.labels[i]}`;
          return html`<li class=${ok ? 'ok' : 'wrong'} data-index=${i} aria-label="Test digit ${i + 1}: ${label}">
            <canvas width=${SIDE} height=${SIDE} aria-hidden="true"></canvas>
            <span class="said">${ok ? `✓ ${v.predicted[i]}` : `✗ ${v.predicted[i]}`}</span>${ok ? '' : html` <span class="hint">is ${v.labels[i]}</span>`}
          </li>`;
        })}
      </ul>
    `;
  }

  protected updated(): void {
    const v = this.inspection;
    if (!v) return;
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    this.renderRoot.querySelectorAll('canvas').forEach((canvas, i) => paintDigit(canvas, v.pixels, i, dark));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'digit-predictions': DigitPredictions;
  }
}
