/**
 * <policy-chart>: the improver improving. For the self-adaptive proposer,
 * each generation's champion carries its own proposal policy; this shows
 * that policy along the run — the step scale as a line, and the probability
 * it gives each operator as a heat map (viridis: brighter is likelier).
 */
import { LitElement, css, html, svg, unsafeCSS } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Candidate, GenerationSummary } from '../core/runlog';
import type { SearchSpace } from '../core/space';
import { inkOnViridis, viridis } from './palette';
import { policyLine } from './policy-data';
import { shared } from './theme';

const LABEL_W = 128;
const COL_W = 30;
const ROW_H = 17;
const LINE_H = 64;

@customElement('policy-chart')
export class PolicyChart extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      .scroll { overflow-x: auto; }
      svg { display: block; }
      text { fill: var(--fg); font-size: 11px; }
      .axis { fill: var(--muted); }
      .scale { fill: none; stroke: var(--fg); stroke-width: 2; }
      .dot { fill: var(--fg); }
      .ramp { width: 7rem; height: 0.7rem; border-radius: 3px; display: inline-block; vertical-align: middle;
        background: linear-gradient(to right, ${unsafeCSS([0, 0.25, 0.5, 0.75, 1].map(viridis).join(', '))}); }
    `,
  ];

  @property({ attribute: false }) candidates: readonly Candidate[] = [];
  @property({ attribute: false }) generations: readonly GenerationSummary[] = [];
  @property({ attribute: false }) space: SearchSpace | null = null;

  render() {
    if (!this.space) return '';
    const { ops, rows } = policyLine(this.candidates, this.generations, this.space);
    if (rows.length === 0) return html`<p class="empty">The champion's policy appears after generation 0.</p>`;
    const width = LABEL_W + rows.length * COL_W + 8;
    const heatTop = LINE_H + 26;
    const height = heatTop + ops.length * ROW_H + 4;
    const maxScale = Math.max(...rows.map((r) => r.stepScale)) * 1.15;
    // Uniform odds sit mid-scale, so a policy that favours nothing does not look "all high".
    const pMax = Math.max(2 / ops.length, ...rows.flatMap((r) => r.probs));
    const cx = (i: number) => LABEL_W + i * COL_W + COL_W / 2;
    const sy = (v: number) => 8 + (LINE_H - 8) * (1 - v / maxScale);
    const linePath = rows.map((r, i) => `${i ? 'L' : 'M'}${cx(i)},${sy(r.stepScale)}`).join(' ');
    const label =
      `Proposal policy of the champion at each generation: step scale from ${rows[0].stepScale.toFixed(2)} ` +
      `to ${rows[rows.length - 1].stepScale.toFixed(2)}`;
    return html`
      <div class="scroll">
        <svg width=${width} height=${height} role="img" aria-label=${label}>
          <text x="0" y="14">step scale</text>
          <text class="axis" x=${LABEL_W - 6} y=${sy(maxScale / 1.15) + 4} text-anchor="end">${(maxScale / 1.15).toFixed(2)}</text>
          <text class="axis" x=${LABEL_W - 6} y=${sy(0)} text-anchor="end">0</text>
          <path class="scale" d=${linePath}></path>
          ${rows.map(
            (r, i) => svg`<circle class="dot" cx=${cx(i)} cy=${sy(r.stepScale)}
            r="3"><title>generation ${r.generation}: step scale ${r.stepScale.toFixed(3)}</title></circle>`,
          )}
          ${rows.map((r, i) => svg`<text class="axis" x=${cx(i)} y=${LINE_H + 18} text-anchor="middle">${r.generation}</text>`)}
          ${ops.map(
            (op, k) => svg`
            <text x=${LABEL_W - 6} y=${heatTop + k * ROW_H + 12} text-anchor="end">${op}</text>
            ${rows.map((r, i) => {
              const t = r.probs[k] / pMax;
              return svg`<rect x=${LABEL_W + i * COL_W + 1} y=${heatTop + k * ROW_H} width=${COL_W - 2} height=${ROW_H - 2} fill=${viridis(t)}>
                <title>generation ${r.generation}, champion #${r.championId}: ${op} ${(100 * r.probs[k]).toFixed(1)}%</title></rect>
                ${
                  COL_W >= 28
                    ? svg`<text x=${cx(i)} y=${heatTop + k * ROW_H + 11} text-anchor="middle"
                  font-size="9" style="fill:${inkOnViridis(t)}">${Math.round(100 * r.probs[k])}</text>`
                    : ''
                }`;
            })}
          `,
          )}
        </svg>
      </div>
      <p class="hint">Columns are generations; each cell is the chance (%) the champion's policy picks that operator for a child:
        <span class="ramp" aria-hidden="true"></span> brighter is likelier. The line is the step scale: how big each change is.</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'policy-chart': PolicyChart;
  }
}
