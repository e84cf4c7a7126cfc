/**
 * Lays out a run's family tree with d3-hierarchy's tidy tree (Reingold–
 * Tilford): generations run left to right, siblings stack top to bottom.
 *
 * A tidy tree places nodes by depth, but a child can be several generations
 * younger than its parent (evolution picks parents from older generations).
 * So each such edge passes through invisible waypoints, one per skipped
 * generation and shared by all children of that parent: a node's depth is
 * then exactly its generation, and no two nodes of a generation overlap.
 * Candidates without a parent (generation 0, `random` samples) hang off a
 * virtual root that is not drawn.
 */
import { stratify, tree } from 'd3-hierarchy';
import type { Candidate } from '../core/runlog';

/** A drawn candidate. `x` runs along generations, `y` across siblings. */
export interface TreeNode {
  candidate: Candidate;
  x: number;
  y: number;
}

/** A parent → child edge as an SVG path. */
export interface TreeEdge {
  parentId: number;
  childId: number;
  path: string;
  /** On the current champion's line of descent. */
  championLine: boolean;
  /** PBT's exploit: the child took over this parent's weights and hyperparameters in place of a worse member. */
  exploit: boolean;
}

/** Everything the tree component draws. */
export interface LineageLayout {
  nodes: TreeNode[];
  edges: TreeEdge[];
  width: number;
  height: number;
  /** x of each generation's column, for labels. */
  columns: { generation: number; x: number }[];
  /** Ids on the champion's line of descent (champion included). */
  championLine: Set<number>;
  /** Candidates drawn and in all: a large run draws its latest generations and the champion's line only. */
  drawn: number;
  total: number;
  /** The first generation drawn whole (older ones show only the champion's line). */
  fromGeneration: number;
}

/** Spacing of the layout, in px. */
export interface LayoutOptions {
  generationGap: number;
  siblingGap: number;
  margin: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { generationGap: 78, siblingGap: 22, margin: 18 };

/**
 * Most candidates the tree draws. Laying out and drawing 30,000 nodes froze
 * the page for seconds; a person cannot read that many anyway, and the
 * champion's line and the latest generations are what the tree is for.
 */
export const MAX_TREE_NODES = 2000;

/** The champion's line plus whole generations from the latest back, within `max` candidates. */
function latestWindow(
  candidates: readonly Candidate[],
  line: Set<number>,
  max: number,
): { shown: Candidate[]; fromGeneration: number } {
  if (candidates.length <= max) return { shown: [...candidates], fromGeneration: 0 };
  const perGen = new Map<number, number>();
  let last = 0;
  for (const c of candidates) {
    perGen.set(c.generation, (perGen.get(c.generation) ?? 0) + 1);
    last = Math.max(last, c.generation);
  }
  let room = max - line.size;
  let from = last + 1;
  // At least the latest generation, however large; then older ones while they fit.
  while (from > 0 && (from === last + 1 || (perGen.get(from - 1) ?? 0) <= room)) {
    room -= perGen.get(from - 1) ?? 0;
    from--;
  }
  const inWindow = candidates.filter((c) => c.generation >= from);
  const shown = inWindow.length > max ? inWindow.slice(0, Math.max(0, max - line.size)) : inWindow;
  const ids = new Set(shown.map((c) => c.id));
  for (const c of candidates) if (line.has(c.id) && !ids.has(c.id)) shown.push(c);
  return { shown, fromGeneration: from };
}

interface Row {
  key: string;
  parent: string | null;
  /** Creation order, to keep siblings stable as the tree grows. */
  order: number;
  candidate?: Candidate;
}

/** Ancestors of `id`, itself included. */
export function lineOf(id: number | null | undefined, byId: Map<number, Candidate>): Set<number> {
  const out = new Set<number>();
  let c = id === null || id === undefined ? undefined : byId.get(id);
  while (c && !out.has(c.id)) {
    out.add(c.id);
    c = c.parentId === null ? undefined : byId.get(c.parentId);
  }
  return out;
}

/** A smooth horizontal curve through points. */
function curve(points: [number, number][]): string {
  let d = `M${points[0][0]},${points[0][1]}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    const mx = (x0 + x1) / 2;
    d += ` C${mx},${y0} ${mx},${y1} ${x1},${y1}`;
  }
  return d;
}

/** Positions every candidate and edge; `championId` marks the highlighted line. */
export function layoutLineage(
  all: readonly Candidate[],
  championId: number | null,
  opts: LayoutOptions = DEFAULT_LAYOUT,
  maxNodes = MAX_TREE_NODES,
): LineageLayout {
  const championLine = lineOf(championId, new Map(all.map((c) => [c.id, c])));
  const { shown: candidates, fromGeneration } = latestWindow(all, championLine, maxNodes);
  const counts = { drawn: candidates.length, total: all.length, fromGeneration };
  // Only drawn candidates are parents here: a child of an undrawn one hangs off the root.
  const byId = new Map(candidates.map((c) => [c.id, c]));
  if (candidates.length === 0)
    return { nodes: [], edges: [], width: 0, height: 0, columns: [], championLine, ...counts };
  const rows: Row[] = [{ key: 'root', parent: null, order: -1 }];
  const seen = new Set<string>(['root']);
  for (const c of [...candidates].sort((a, b) => a.id - b.id)) {
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    const base = parent ? `c${parent.id}` : 'root';
    let above = base;
    // One waypoint per skipped generation, shared by the parent's later children.
    for (let g = (parent ? parent.generation : -1) + 1; g < c.generation; g++) {
      const key = `${base}@${g}`;
      if (!seen.has(key)) {
        seen.add(key);
        rows.push({ key, parent: above, order: c.id });
      }
      above = key;
    }
    rows.push({ key: `c${c.id}`, parent: above, order: c.id, candidate: c });
    seen.add(`c${c.id}`);
  }
  const root = stratify<Row>()
    .id((r) => r.key)
    .parentId((r) => r.parent)(rows)
    .sort((a, b) => a.data.order - b.data.order);
  const laid = tree<Row>().nodeSize([opts.siblingGap, opts.generationGap])(root);
  const laidOut = laid.descendants();
  let minBreadth = Infinity;
  let maxBreadth = -Infinity;
  for (const n of laidOut) {
    minBreadth = Math.min(minBreadth, n.x);
    maxBreadth = Math.max(maxBreadth, n.x);
  }
  // Depth 0 is the virtual root: generation g sits at depth g + 1.
  const px = (depth: number) => opts.margin + (depth - 1) * opts.generationGap;
  const py = (breadth: number) => opts.margin + breadth - minBreadth;
  const nodes: TreeNode[] = [];
  const edges: TreeEdge[] = [];
  for (const n of laidOut) {
    const c = n.data.candidate;
    if (!c) continue;
    nodes.push({ candidate: c, x: px(n.depth), y: py(n.x) });
    if (c.parentId === null || !byId.has(c.parentId)) continue;
    const points: [number, number][] = [];
    for (let a = n.parent; a; a = a.parent) {
      points.unshift([px(a.depth), py(a.x)]);
      if (a.data.candidate) break;
    }
    points.push([px(n.depth), py(n.x)]);
    edges.push({
      parentId: c.parentId,
      childId: c.id,
      path: curve(points),
      championLine: championLine.has(c.id) && championLine.has(c.parentId),
      exploit: c.operators[0] === 'exploit',
    });
  }
  const maxGen = candidates.reduce((m, c) => Math.max(m, c.generation), 0);
  return {
    nodes,
    edges,
    championLine,
    ...counts,
    width: 2 * opts.margin + maxGen * opts.generationGap,
    height: 2 * opts.margin + (maxBreadth - minBreadth),
    columns: Array.from({ length: maxGen + 1 }, (_, g) => ({ generation: g, x: px(g + 1) })),
  };
}
