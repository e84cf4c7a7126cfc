/**
 * <lineage-tree>: every candidate of a run as a node of its family tree
 * (generations left to right), coloured by validation accuracy on a viridis
 * scale from chance to 100%. The current champion's line of descent is drawn
 * heavy; diverged children are hollow circles with a cross and failed ones
 * hollow squares with a cross, so status never rests on colour alone.
 * PBT's exploit edges (a member copying a better one) are dashed; under
 * ASHA / Hyperband a child that stopped early (never promoted from its
 * rung) is drawn small with a bar after it.
 *
 * Keyboard: the tree is one tab stop; arrow keys move between candidates in
 * id order, Home/End jump to the first/last, Enter or Space opens one.
 * Each node element carries `data-candidate-id`.
 *
 * @fires candidate-select - detail `{ id: number }` when a node is clicked or activated.
 */
import { LitElement, css, html, svg, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeArch, type Genome } from '../core/genome';
import type { Candidate } from '../core/runlog';
import type { TaskInfo } from '../core/tasks';
import './arch-diagram';
import type { CandidateSelectDetail } from './improvement-chart';
import { isSeedModel, pct } from './format';
import { layoutLineage, type LineageLayout, type TreeNode } from './lineage-layout';
import { stoppedEarlyIds } from '../core/asha-proposer';
import { OKABE_ITO, viridis } from './palette';
import { shared } from './theme';

const TOP = 22;

const SEED_NOTE = 'generation 0 trains it, then the family tree grows here, each child joined to its parent.';

/** The note over a tree drawn in part. */
const partialNote = (l: LineageLayout) =>
  `${l.total.toLocaleString('en')} candidates: drawn are the generations from ${l.fromGeneration} on and ` +
  `the champion's line (${l.drawn.toLocaleString('en')} in all). Every candidate is in the improvement chart ` +
  `and the exported files.`;

@customElement('lineage-tree')
export class LineageTree extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: block; }
      .scroll { overflow: auto; max-height: 32rem; border: 1px solid var(--border); border-radius: 8px; background: var(--plot-bg); }
      svg { display: block; }
      /*
       * Zoom to fit: a tree larger than its box scales down (never up) to the box's width and to
       * --lineage-fit-height, so the whole tree shows at once; Actual size pans instead.
       */
      svg.fit { width: auto; height: auto; max-width: 100%; max-height: var(--lineage-fit-height, none); }
      .zoom { font-size: 0.8rem; padding: 0.1rem 0.5rem; min-height: 1.6rem; margin-bottom: 0.3rem; }
      .edge { fill: none; stroke: var(--muted); stroke-width: 1.2; opacity: 0.55; }
      .edge.line { stroke: var(--fg); stroke-width: 3; opacity: 1; }
      .edge.exploit { stroke: var(--accent); stroke-dasharray: 5 3; opacity: 0.9; }
      .node .stop { stroke: var(--muted); stroke-width: 2.5; }
      .node { cursor: pointer; outline: none; }
      .node .mark { stroke: var(--node-stroke); stroke-width: 1; }
      .node.line .mark { stroke: var(--fg); stroke-width: 2.5; }
      .node.bad .mark { fill: var(--plot-bg); stroke: var(--bad); stroke-width: 2; }
      .node .cross { stroke: var(--bad); stroke-width: 2; }
      .node .ring { fill: none; stroke: transparent; stroke-width: 3; }
      .node.selected .ring { stroke: var(--accent); }
      .node:focus-visible .ring { stroke: var(--focus); }
      .node .crown { fill: var(--fg); font-size: 11px; font-weight: 700; }
      .col { fill: var(--muted); font-size: 11px; }
      .note { margin: 0 0 0.4rem; font-size: 0.85rem; color: var(--muted); }
      .legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; margin: 0.4rem 0 0; font-size: 0.8rem; color: var(--muted); }
      .legend svg { display: inline-block; vertical-align: middle; }
      .ramp { width: 7rem; height: 0.7rem; border-radius: 3px; display: inline-block; vertical-align: middle;
        background: linear-gradient(to right, ${unsafeCSS([0, 0.25, 0.5, 0.75, 1].map(viridis).join(', '))}); }
    `,
  ];

  @property({ attribute: false }) candidates: readonly Candidate[] = [];
  @property({ type: Number }) championId: number | null = null;
  @property({ type: Number }) selectedId: number | null = null;
  /** Validation accuracy of guessing: the bottom of the colour scale. */
  @property({ type: Number }) chance = 0.5;
  /** The run's seed model (null under `init: random`) and task: drawn, layer by layer, until the first candidate exists. */
  @property({ attribute: false }) seed: Genome | null = null;
  @property({ attribute: false }) task: TaskInfo | null = null;
  /** ASHA / Hyperband runs: their rungs, to tell which children stopped early; 0 for other proposers. */
  @property({ type: Number }) rungs = 0;
  /** Leave out the colour key (a race's small trees, beside the page's full one). */
  @property({ type: Boolean }) compact = false;

  /** The node that holds the tab stop. */
  @state() private activeId: number | null = null;
  /** Fit the whole tree in the box's width; off: actual size, panned by scrolling. */
  @state() private fit = true;
  private layout: LineageLayout | null = null;
  private stopped = new Set<number>();
  private focusAfterUpdate = false;

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('candidates') || changed.has('championId'))
      this.layout = layoutLineage(this.candidates, this.championId);
    if (changed.has('candidates') || changed.has('rungs'))
      this.stopped = this.rungs > 0 ? stoppedEarlyIds(this.candidates, this.rungs) : new Set();
    if (changed.has('selectedId') && this.selectedId !== null) this.activeId = this.selectedId;
  }

  protected updated(): void {
    if (!this.focusAfterUpdate) return;
    this.focusAfterUpdate = false;
    this.renderRoot.querySelector<SVGGElement>(`[data-candidate-id="${this.activeId}"]`)?.focus();
  }

  /** Ids of the drawn candidates (a large run draws only some). */
  private drawnIds(): number[] {
    return (this.layout?.nodes ?? []).map((n) => n.candidate.id);
  }

  private tabStop(): number | null {
    const ids = this.drawnIds();
    if (this.activeId !== null && ids.includes(this.activeId)) return this.activeId;
    return this.championId ?? ids[0] ?? null;
  }

  private select(id: number): void {
    this.activeId = id;
    this.dispatchEvent(
      new CustomEvent<CandidateSelectDetail>('candidate-select', { detail: { id }, bubbles: true, composed: true }),
    );
  }

  private onKey(e: KeyboardEvent): void {
    const ids = this.drawnIds().sort((a, b) => a - b);
    const at = ids.indexOf(this.tabStop() ?? -1);
    let next: number | undefined;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = ids[Math.min(ids.length - 1, at + 1)];
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = ids[Math.max(0, at - 1)];
    else if (e.key === 'Home') next = ids[0];
    else if (e.key === 'End') next = ids[ids.length - 1];
    else if ((e.key === 'Enter' || e.key === ' ') && at >= 0) {
      e.preventDefault();
      this.select(ids[at]);
      return;
    }
    if (next === undefined) return;
    e.preventDefault();
    this.activeId = next;
    this.focusAfterUpdate = true;
  }

  private label(c: Candidate): string {
    const score = c.status === 'ok' ? `validation ${pct(c.metrics.valAccuracy)}` : c.status;
    const from =
      c.parentId === null
        ? isSeedModel(c)
          ? 'seed model'
          : 'random sample'
        : c.operators[0] === 'exploit'
          ? `copied #${c.parentId} (exploit)`
          : c.operators[0] === 'continue' || c.operators[0] === 'promote'
            ? `continues #${c.parentId}`
            : `child of #${c.parentId}`;
    const where =
      c.rung !== undefined
        ? `, rung ${c.rung}${this.stopped.has(c.id) ? ', stopped early' : ''}`
        : c.member !== undefined
          ? `, member ${c.member}`
          : '';
    const champ = c.id === this.championId ? ', champion' : '';
    return `Candidate #${c.id}, generation ${c.generation}, ${from}${where}, ${score}${champ}: ${describeArch(c.genome.arch)}`;
  }

  private node(n: TreeNode, tabStop: number | null) {
    const c = n.candidate;
    const ok = c.status === 'ok' && c.metrics.valAccuracy !== null;
    const t = ok ? ((c.metrics.valAccuracy as number) - this.chance) / (1 - this.chance) : 0;
    const onLine = this.layout?.championLine.has(c.id) ?? false;
    const cls = `node${ok ? '' : ' bad'}${onLine ? ' line' : ''}${c.id === this.selectedId ? ' selected' : ''}`;
    const stopped = this.stopped.has(c.id);
    const r = c.id === this.championId ? 8 : stopped ? 4 : 6;
    const mark =
      c.status === 'failed'
        ? svg`<rect class="mark" x=${-r} y=${-r} width=${2 * r} height=${2 * r}></rect>`
        : svg`<circle class="mark" r=${r} fill=${ok ? viridis(t) : 'none'} stroke-dasharray=${c.status === 'diverged' ? '3 2' : 'none'}></circle>`;
    return svg`<g class=${cls} transform="translate(${n.x},${n.y + TOP})" data-candidate-id=${c.id}
      data-status=${c.status} data-stopped-early=${stopped ? 'true' : 'false'}
        tabindex=${c.id === tabStop ? 0 : -1} role="button" aria-label=${this.label(c)}
        @click=${() => this.select(c.id)} @focus=${() => (this.activeId = c.id)}>
      <title>${this.label(c)}</title>
      <circle class="ring" r=${r + 4}></circle>
      ${mark}
      ${ok ? '' : svg`<path class="cross" d="M-4,-4L4,4M4,-4L-4,4"></path>`}
      ${stopped ? svg`<path class="stop" d="M${r + 3},-5V5"></path>` : ''}
      ${c.id === this.championId ? svg`<text class="crown" x="11" y="4">★</text>` : ''}
    </g>`;
  }

  render() {
    const l = this.layout;
    if (!l || l.nodes.length === 0)
      return this.seed && this.task
        ? html`<p class="note">Every model descends from this seed model, <b>${describeArch(this.seed.arch)}</b>: ${SEED_NOTE}</p>
          <arch-diagram .genome=${this.seed} .task=${this.task}></arch-diagram>`
        : html`<p class="empty">The family tree grows here: generation 0 first, then each child joined to its parent.</p>`;
    const tabStop = this.tabStop();
    const width = l.width + 24;
    const height = l.height + TOP;
    const partial = l.drawn < l.total ? html`<p class="note">${partialNote(l)}</p>` : '';
    return html`
      ${partial}
      <button class="zoom" aria-pressed=${this.fit ? 'true' : 'false'}
        @click=${() => (this.fit = !this.fit)}>${this.fit ? 'Actual size (scroll to pan)' : 'Zoom to fit'}</button>
      <div class="scroll" role="group" aria-label="Lineage tree: ${l.nodes.length} candidates. Arrow keys move between them, Enter opens one.">
        <svg class=${this.fit ? 'fit' : ''} width=${width} height=${height} viewBox="0 0 ${width} ${height}" @keydown=${this.onKey}>
          ${l.columns.map((col) => svg`<text class="col" x=${col.x} y="13" text-anchor="middle">gen ${col.generation}</text>`)}
          <g transform="translate(0,${TOP})">
            ${l.edges.map((e) => svg`<path class="edge${e.championLine ? ' line' : ''}${e.exploit ? ' exploit' : ''}" d=${e.path}></path>`)}
          </g>
          ${l.nodes.map((n) => this.node(n, tabStop))}
        </svg>
      </div>
      ${this.compact ? '' : this.legend(l)}
    `;
  }

  private legend(l: LineageLayout) {
    const red = OKABE_ITO.vermillion;
    const exploit = html`<span><svg width="46" height="10">
        <path d="M2,5H44" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 3"></path>
      </svg> exploit: copied a better member (PBT)</span>`;
    const stopped = html`<span><svg width="20" height="16">
        <circle cx="7" cy="8" r="4" fill="currentColor"></circle>
        <path d="M14,3V13" stroke="currentColor" stroke-width="2.5"></path>
      </svg> stopped early (not promoted)</span>`;
    return html`
      <div class="legend" aria-hidden="true">
        <span>validation accuracy: chance <span class="ramp"></span> 100%</span>
        <span><svg width="46" height="10"><path d="M2,5H44" stroke="currentColor" stroke-width="3"></path></svg> champion's line ★</span>
        <span><svg width="16" height="16">
          <circle cx="8" cy="8" r="6" fill="none" stroke=${red} stroke-width="2" stroke-dasharray="3 2"></circle>
          <path d="M4,4L12,12M12,4L4,12" stroke=${red} stroke-width="2"></path>
        </svg> diverged</span>
        <span><svg width="16" height="16">
          <rect x="2" y="2" width="12" height="12" fill="none" stroke=${red} stroke-width="2"></rect>
          <path d="M4,4L12,12M12,4L4,12" stroke=${red} stroke-width="2"></path>
        </svg> failed</span>
        ${l.edges.some((e) => e.exploit) ? exploit : ''}
        ${this.stopped.size > 0 ? stopped : ''}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lineage-tree': LineageTree;
  }
}
