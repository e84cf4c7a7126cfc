/**
 * The `learned` proposer's pure half: what it knows about a proposed change
 * (features), what it learns from (every child so far and its gain over its
 * parent), the pool of candidate mutations it scores, and how it picks among
 * them given an ensemble's predictions (Thompson sampling: each slot follows
 * one randomly drawn ensemble member). The network that makes the predictions
 * is trained in the engine (src/engine/learned.ts), in the same worker as the
 * children.
 */
import type { Genome } from './genome';
import { OPERATOR_NAMES } from './operators';
import {
  anyParent,
  evolutionPool,
  mutate,
  mutationsOf,
  tournament,
  type Proposal,
  type ProposerContext,
} from './proposers';
import type { Rng } from './rng';
import type { Candidate } from './runlog';
import { TASKS } from './tasks';

/** Candidate mutations scored per generation. */
export const POOL_SIZE = 96;
/** Below this many examples the predictor is not trained and the pool's first proposals are used (as evolution would). */
export const MIN_EXAMPLES = 8;

/** A proposal with the predictor's expected gain (validation accuracy points as a fraction). */
export interface ScoredProposal extends Proposal {
  predictedGain?: number;
}

/** One training example: features of (parent, change) and the measured gain. */
export interface LearnedExample {
  x: number[];
  y: number;
}

const OPTS = ['sgd', 'momentum', 'adam'] as const;
const log10 = (x: number) => Math.log10(Math.max(x, 1e-12));
const dense = (g: Genome) => (g.arch.family === 'mlp' ? g.arch.layers : g.arch.head);
const units = (g: Genome) =>
  dense(g).reduce((s, l) => s + l.units, 0) +
  (g.arch.family === 'cnn' ? g.arch.blocks.reduce((s, b) => s + b.filters, 0) : 0);
const depth = (g: Genome) => dense(g).length + (g.arch.family === 'cnn' ? g.arch.blocks.length : 0);
const acts = (g: Genome) =>
  g.arch.family === 'mlp' ? g.arch.layers.map((l) => l.activation).join() : g.arch.activation;

function genomeFeatures(g: Genome): number[] {
  const h = g.hyper;
  return [
    log10(h.learningRate) / 2,
    Math.log2(h.batchSize) / 8,
    ...OPTS.map((o) => (h.optimizer === o ? 1 : 0)),
    h.weightDecay > 0 ? 1 : 0,
    (log10(h.weightDecay + 1e-6) + 6) / 4,
    h.dropout,
    depth(g) / 4,
    Math.log2(units(g) + 1) / 8,
    g.arch.family === 'cnn' ? 1 : 0,
  ];
}

/** Names of the features, in order (for the docs and tests). */
export const FEATURE_NAMES: readonly string[] = [
  'parent skill',
  'log lr',
  'log batch',
  'sgd',
  'momentum',
  'adam',
  'has weight decay',
  'log weight decay',
  'dropout',
  'depth',
  'log units',
  'cnn',
  'Δ log lr',
  'Δ log batch',
  'Δ optimizer',
  'Δ weight decay',
  'Δ dropout',
  'Δ depth',
  'Δ log units',
  'Δ activation',
  'Δ family',
  ...OPERATOR_NAMES.map((o) => `op ${o}`),
];

/**
 * Features of a proposed change: the parent's skill above chance and its
 * genome, the size of each kind of change, and which operators made it.
 */
export function changeFeatures(
  parent: Genome,
  parentAccuracy: number,
  chance: number,
  child: Genome,
  operators: readonly string[],
): number[] {
  const p = genomeFeatures(parent);
  const c = genomeFeatures(child);
  const skill = (parentAccuracy - chance) / (1 - chance);
  return [
    skill,
    ...p,
    c[0] - p[0],
    c[1] - p[1],
    parent.hyper.optimizer !== child.hyper.optimizer ? 1 : 0,
    c[7] - p[7],
    c[8] - p[8],
    c[9] - p[9],
    c[10] - p[10],
    acts(parent) !== acts(child) ? 1 : 0,
    parent.arch.family !== child.arch.family ? 1 : 0,
    ...OPERATOR_NAMES.map((o) => (operators.includes(o) ? 1 : 0)),
  ];
}

/** The chance accuracy of a run's task. */
export const chanceFor = (ctx: Pick<ProposerContext, 'config'>): number => 1 / TASKS[ctx.config.task].numClasses;

/** A child's measured gain over its parent (an unhealthy child scores chance). */
export function measuredGain(child: Candidate, parent: Candidate, chance: number): number | null {
  if (parent.metrics.valAccuracy === null) return null;
  const v = child.status === 'ok' && child.metrics.valAccuracy !== null ? child.metrics.valAccuracy : chance;
  return v - parent.metrics.valAccuracy;
}

/** Every child with a healthy parent in the history, as a training example. */
export function trainingExamples(history: readonly Candidate[], chance: number): LearnedExample[] {
  const byId = new Map(history.map((c) => [c.id, c]));
  const out: LearnedExample[] = [];
  for (const c of history) {
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    if (!parent || parent.status !== 'ok') continue;
    const y = measuredGain(c, parent, chance);
    if (y === null) continue;
    out.push({
      x: changeFeatures(parent.genome, parent.metrics.valAccuracy as number, chance, c.genome, c.operators),
      y,
    });
  }
  return out;
}

/** A pool of one-operator mutations of tournament-chosen parents, as evolution would propose them, with their features. */
export function candidatePool(
  ctx: ProposerContext,
  size: number,
  rng: Rng,
): { proposals: Proposal[]; features: number[][] } {
  const chance = chanceFor(ctx);
  const pop = evolutionPool(ctx.history, ctx.config);
  const proposals: Proposal[] = [];
  const features: number[][] = [];
  for (let i = 0; i < size; i++) {
    const parent = pop.length ? tournament(pop, ctx.config.tournament, rng) : anyParent(ctx.history);
    const m = mutate(parent.genome, ctx.space, rng, mutationsOf(ctx.config), 1);
    proposals.push({ ...m, parentId: parent.id });
    features.push(changeFeatures(parent.genome, parent.metrics.valAccuracy ?? chance, chance, m.genome, m.operators));
  }
  return { proposals, features };
}

/**
 * Picks `count` proposals from the pool. `predictions[m][i]` is ensemble member
 * m's predicted gain for pool item i. Each slot draws one member at random and
 * takes its best untaken item (Thompson sampling over the ensemble), so the
 * ensemble's disagreement is the exploration. Without predictions it takes the
 * pool in order (evolution's proposals).
 */
export function selectProposals(
  pool: readonly Proposal[],
  predictions: readonly (readonly number[])[] | null,
  count: number,
  rng: Rng,
): ScoredProposal[] {
  if (!predictions || predictions.length === 0) return pool.slice(0, count).map((p) => ({ ...p }));
  const taken = new Set<number>();
  const seen = new Set<string>();
  const out: ScoredProposal[] = [];
  const meanOf = (i: number) => predictions.reduce((s, m) => s + m[i], 0) / predictions.length;
  while (out.length < count && taken.size < pool.length) {
    const member = predictions[rng.int(predictions.length)];
    let best = -1;
    for (let i = 0; i < pool.length; i++) if (!taken.has(i) && (best < 0 || member[i] > member[best])) best = i;
    taken.add(best);
    const key = JSON.stringify([pool[best].parentId, pool[best].genome]);
    // The same child twice would waste a slot: skip duplicates while the pool lasts.
    if (seen.has(key) && taken.size < pool.length) continue;
    seen.add(key);
    out.push({ ...pool[best], predictedGain: meanOf(best) });
  }
  return out;
}

/** Spearman rank correlation (average ranks for ties); null with fewer than 3 pairs or no variation. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new RangeError('spearman: need equally many values');
  if (a.length < 3) return null;
  const ranks = (xs: readonly number[]) => {
    const idx = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(xs.length);
    for (let i = 0; i < idx.length;) {
      let j = i;
      while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
      for (let k = i; k <= j; k++) r[idx[k][1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const m = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = m(ra);
  const mb = m(rb);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb);
}

/** Rank correlation between the predicted and measured gains of one generation's children. */
export function predictionCorrelation(
  children: readonly Candidate[],
  history: readonly Candidate[],
  chance: number,
): number | null {
  const byId = new Map(history.map((c) => [c.id, c]));
  const pred: number[] = [];
  const meas: number[] = [];
  for (const c of children) {
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    if (c.predictedGain === undefined || !parent) continue;
    const g = measuredGain(c, parent, chance);
    if (g === null) continue;
    pred.push(c.predictedGain);
    meas.push(g);
  }
  return spearman(pred, meas);
}
