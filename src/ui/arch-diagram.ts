/**
 * <arch-diagram>: a candidate's network drawn as its layers, input at the
 * top, output at the bottom; each bar's width grows with the layer's width
 * (log scale), and each row names the layer, its activation and parameters.
 */
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { layerCosts } from '../core/cost';
import type { Genome } from '../core/genome';
import type { TaskInfo } from '../core/tasks';
import { compact } from './format';
import { OKABE_ITO } from './palette';
import { shared } from './theme';

interface Row {
  label: string;
  detail: string;
  /** Units (or channels × positions) that size the bar. */
  size: number;
  colour: string;
}

/** The rows of the diagram: input, each layer, output. */
export function archRows(genome: Genome, task: TaskInfo): Row[] {
  const costs = layerCosts(genome.arch, task.inputShape, task.numClasses);
  const inputSize = task.inputShape.reduce((a, b) => a * b, 1);
  const rows: Row[] = [
    {
      label: 'input',
      detail:
        task.kind === 'images' ? `${task.inputShape[0]}×${task.inputShape[1]} image` : `${inputSize} numbers (x, y)`,
      size: inputSize,
      colour: OKABE_ITO.sky,
    },
  ];
  const a = genome.arch;
  const hidden = a.family === 'mlp' ? a.layers : a.head;
  let dense = 0;
  costs.forEach((c, i) => {
    const last = i === costs.length - 1;
    if (c.kind === 'conv') {
      const b = a.family === 'cnn' ? a.blocks[i] : undefined;
      rows.push({
        label: `conv ${c.kernelShape[3]}`,
        detail:
          `${c.kernelShape[0]}×${c.kernelShape[1]} filters, ` +
          `${a.family === 'cnn' ? a.activation : ''}${b?.pool ? ', 2×2 pool' : ''} → ` +
          `${c.outShape.join('×')} · ${compact(c.params)} params`,
        size: c.outShape.reduce((x, y) => x * y, 1),
        colour: OKABE_ITO.green,
      });
    } else if (last) {
      rows.push({
        label: 'output',
        detail: `${c.outShape[0]} classes, softmax · ${compact(c.params)} params`,
        size: c.outShape[0],
        colour: OKABE_ITO.orange,
      });
    } else {
      const l = hidden[dense++];
      rows.push({
        label: `dense ${c.outShape[0]}`,
        detail: `${l?.activation ?? ''}${genome.hyper.dropout > 0 ? `, dropout ${genome.hyper.dropout}` : ''} · ${compact(c.params)} params`,
        size: c.outShape[0],
        colour: OKABE_ITO.blue,
      });
    }
  });
  return rows;
}

@customElement('arch-diagram')
export class ArchDiagram extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      svg { width: 100%; max-width: 30rem; height: auto; display: block; }
      text { fill: var(--fg); font-size: 12px; }
      .detail { fill: var(--muted); }
      .link { stroke: var(--muted); stroke-width: 1; }
    `,
  ];

  @property({ attribute: false }) genome: Genome | null = null;
  @property({ attribute: false }) task: TaskInfo | null = null;

  render() {
    if (!this.genome || !this.task) return '';
    const rows = archRows(this.genome, this.task);
    const rowH = 30;
    const barMax = 110;
    const maxLog = Math.log2(Math.max(...rows.map((r) => r.size)) + 1);
    const w = (r: Row) => Math.max(6, (barMax * Math.log2(r.size + 1)) / maxLog);
    const height = rows.length * rowH;
    return html`<svg viewBox="0 0 420 ${height}" role="img" aria-label=${rows.map((r) => `${r.label}: ${r.detail}`).join('; ')}>
      ${rows.map(
        (r, i) => svg`
        ${i > 0 ? svg`<line class="link" x1="60" x2="60" y1=${i * rowH - 9} y2=${i * rowH + 7}></line>` : ''}
        <rect x=${60 - w(r) / 2} y=${i * rowH + 7} width=${w(r)} height="14" rx="3" fill=${r.colour}></rect>
        <text x="128" y=${i * rowH + 18}><tspan font-weight="600">${r.label}</tspan><tspan class="detail" dx="6">${r.detail}</tspan></text>
      `,
      )}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'arch-diagram': ArchDiagram;
  }
}
