/**
 * Turns runs into uPlot's aligned columns. In the improvement chart every
 * child is a point at its generation, spread a little sideways so siblings
 * do not hide each other; each spread x is its own column, so hovering a
 * point finds exactly one child.
 */
import type { Candidate, GenerationSummary, RunLog } from '../core/runlog';

/** Columns of the one-run improvement chart; accuracies in percent. */
export interface ImprovementData {
  xs: number[];
  /** Healthy children's validation accuracy. */
  children: (number | null)[];
  /** Diverged or failed children, drawn on the floor of the chart. */
  failed: (number | null)[];
  /** Best validation accuracy of any candidate up to each generation. */
  bestSoFar: (number | null)[];
  championVal: (number | null)[];
  championTest: (number | null)[];
  /** The child at each column, if any. */
  ids: (number | null)[];
  /** The y axis floor (failed children sit just above it). */
  floor: number;
}

const healthy = (c: Candidate) => c.status === 'ok' && c.metrics.valAccuracy !== null;

/** Sideways offset of child i of n around its generation. */
export const spread = (i: number, n: number): number =>
  n <= 1 ? 0 : (i - (n - 1) / 2) * Math.min(0.1, 0.64 / (n - 1));

/** The improvement chart's columns for one run (candidates may include an unfinished generation). */
export function improvementData(
  candidates: readonly Candidate[],
  generations: readonly GenerationSummary[],
  chance: number,
): ImprovementData {
  // Loops, not Math.min(...list) or copying arrays per child: a 30,000-candidate run must stay linear.
  let lowest = chance;
  for (const c of candidates) if (healthy(c)) lowest = Math.min(lowest, c.metrics.valAccuracy as number);
  const floor = Math.max(0, Math.floor(lowest * 20) * 5 - 5);
  const rows = new Map<number, { child?: Candidate; gen?: number }>();
  const byGen = new Map<number, Candidate[]>();
  for (const c of candidates) {
    const list = byGen.get(c.generation);
    if (list) list.push(c);
    else byGen.set(c.generation, [c]);
  }
  for (const [, list] of byGen) {
    list.sort((a, b) => a.id - b.id);
    list.forEach((c, i) => rows.set(Math.round((c.generation + spread(i, list.length)) * 1e6) / 1e6, { child: c }));
  }
  generations.forEach((g) => rows.set(g.index, { ...rows.get(g.index), gen: g.index }));
  const xs = [...rows.keys()].sort((a, b) => a - b);
  let best = -Infinity;
  const bestAt = new Map<number, number>();
  for (const g of generations) {
    for (const c of byGen.get(g.index) ?? []) if (healthy(c)) best = Math.max(best, c.metrics.valAccuracy as number);
    bestAt.set(g.index, best);
  }
  const out: ImprovementData = {
    xs,
    children: [],
    failed: [],
    bestSoFar: [],
    championVal: [],
    championTest: [],
    ids: [],
    floor,
  };
  for (const x of xs) {
    const r = rows.get(x)!;
    const c = r.child;
    out.ids.push(c ? c.id : null);
    out.children.push(c && healthy(c) ? 100 * (c.metrics.valAccuracy as number) : null);
    out.failed.push(c && !healthy(c) ? floor + 1 : null);
    const g = r.gen === undefined ? undefined : generations[r.gen];
    const b = g ? bestAt.get(g.index) : undefined;
    out.bestSoFar.push(b !== undefined && b > -Infinity ? 100 * b : null);
    out.championVal.push(g ? 100 * g.championValAccuracy : null);
    out.championTest.push(g ? 100 * g.championTestAccuracy : null);
  }
  return out;
}

/** Columns of the compare chart, per run: the champion's held-out (test) and validation accuracy per generation (percent). */
export function compareData(logs: readonly RunLog[]): {
  xs: number[];
  heldOut: (number | null)[][];
  validation: (number | null)[][];
} {
  const maxGen = Math.max(0, ...logs.map((l) => l.generations.length));
  const xs = Array.from({ length: maxGen }, (_, g) => g);
  const at = (l: RunLog, pick: (g: GenerationSummary) => number) =>
    xs.map((g) => (l.generations[g] ? 100 * pick(l.generations[g]) : null));
  return {
    xs,
    heldOut: logs.map((l) => at(l, (g) => g.championTestAccuracy)),
    validation: logs.map((l) => at(l, (g) => g.championValAccuracy)),
  };
}

/** A short label for a run in legends: "self-adaptive · seed 1 · spirals". */
export const runLabel = (log: RunLog): string =>
  `${log.config.proposer} · seed ${log.config.seed} · ${log.config.task}`;

/**
 * Labels for runs shown together, each one distinct: runs that share
 * proposer, seed and task are told apart by the settings in which they
 * differ, or else by when they started, or else by their place in the list.
 */
export function distinctLabels(logs: readonly RunLog[]): string[] {
  const base = logs.map(runLabel);
  const labels = base.map((b, i) => {
    const twins = logs.filter((_, j) => base[j] === b);
    if (twins.length < 2) return b;
    const config = logs[i].config as unknown as Record<string, unknown>;
    const differing = Object.keys(config).filter(
      (k) => new Set(twins.map((t) => JSON.stringify((t.config as unknown as Record<string, unknown>)[k]))).size > 1,
    );
    if (differing.length)
      return `${b} · ${differing.map((k) => `${k} ${typeof config[k] === 'object' ? 'custom' : String(config[k])}`).join(', ')}`;
    return `${b} · ${logs[i].createdAt.replace('T', ' ').slice(0, 19)}`;
  });
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return labels.filter((x) => x === l).length > 1 ? `${l} (${n})` : l;
  });
}
