/**
 * A run told in words: what change made each new champion, whether it
 * helped on held-out data beyond the measurement's noise, and one sentence
 * summing the run up. Held-out (test) accuracy leads wherever a number is
 * written: validation scores of champions are inflated by selection.
 *
 * Noise: an accuracy measured on n examples has a binomial standard error
 * √(p(1−p)/n). A difference between two champions' accuracies on the same
 * split is called beyond noise when it exceeds twice √(SE₁² + SE₂²) — the
 * independent-samples form, which overstates the noise of two models scored
 * on the same examples, so "beyond noise" is the cautious verdict.
 */
import type { Genome } from '../core/genome';
import type { Candidate, GenerationSummary } from '../core/runlog';
import { randomStarts } from './format';
import { diffGenomes, type FieldChange } from './genome-diff';

/** Binomial standard error of an accuracy p measured on n examples. */
export const binomialSE = (p: number, n: number): number => Math.sqrt(Math.max(0, p * (1 - p)) / Math.max(1, n));

/** Twice the standard error of the difference between two accuracies on n examples each. */
export const noiseOfDifference = (a: number, b: number, n: number): number =>
  2 * Math.hypot(binomialSE(a, n), binomialSE(b, n));

const layerField = /^(layer|head layer|conv block) (\d+)$/;

function layerPhrase(c: FieldChange): string {
  const [, kind, i] = layerField.exec(c.field)!;
  const [bu, ...brest] = c.before.split(' ');
  const [au, ...arest] = c.after.split(' ');
  if (brest.join(' ') === arest.join(' ') && Number(bu) !== Number(au)) {
    const what = kind === 'conv block' ? `${kind} ${i} ${bu}→${au} filters` : `${kind} ${i} ${bu}→${au}`;
    return `${Number(au) > Number(bu) ? 'widened' : 'narrowed'} ${what}`;
  }
  if (bu === au) return `${kind} ${i} ${brest.join(' ')}→${arest.join(' ')}`;
  return `${kind} ${i} ${c.before}→${c.after}`;
}

/**
 * The change from a parent's genome to its child's, in a few words:
 * "widened layer 1 8→14", "added a layer (8t → 8t-8t)", "switched to relu",
 * "learning rate 0.03→0.011". Layers count from 1, as the inspector shows them.
 */
export function describeChange(parent: Genome, child: Genome): string {
  const diff = diffGenomes(parent, child);
  const arch = diff.find((d) => d.field === 'architecture');
  const policy = diff.filter((d) => d.field.startsWith('policy'));
  const rest = diff.filter((d) => d !== arch && !policy.includes(d));
  const depth = (g: Genome) =>
    g.arch.family === 'mlp' ? g.arch.layers.length : g.arch.blocks.length + g.arch.head.length;
  const parts: string[] = [];
  if (arch && (parent.arch.family !== child.arch.family || depth(parent) !== depth(child))) {
    const verb =
      parent.arch.family !== child.arch.family
        ? 'changed family'
        : depth(child) > depth(parent)
          ? 'added a layer'
          : 'removed a layer';
    parts.push(`${verb} (${arch.before} → ${arch.after})`);
  } else {
    const layers = rest.filter((d) => layerField.test(d.field));
    const acts = layers.map((d) => [d.before.split(' ').slice(1).join(' '), d.after.split(' ').slice(1).join(' ')]);
    const sameUnits = layers.every((d) => d.before.split(' ')[0] === d.after.split(' ')[0]);
    if (layers.length > 1 && sameUnits && new Set(acts.map((a) => a[1])).size === 1)
      parts.push(`switched to ${acts[0][1]}`);
    else parts.push(...layers.map(layerPhrase));
    if (arch && layers.length === 0) parts.push(`${arch.before} → ${arch.after}`);
  }
  for (const d of rest.filter((x) => !layerField.test(x.field))) parts.push(`${d.field} ${d.before}→${d.after}`);
  if (parts.length === 0 && policy.length) parts.push('changed only how it proposes');
  return parts.length ? parts.join('; ') : 'no change (retrained)';
}

/** One row of the change column. */
export interface ChampionChange {
  generation: number;
  /** Whether this generation crowned a new champion. */
  isNew: boolean;
  /** What made it, from its parent; '' when not new or it is the seed. */
  change: string;
  /** The parent, when it was not the previous champion. */
  fromId: number | null;
  /** Change in held-out (test) and validation accuracy over the previous champion (fractions). */
  testDelta: number | null;
  valDelta: number | null;
  /** Twice the standard error of the held-out difference (a fraction). */
  testNoise: number | null;
  verdict: 'gain' | 'loss' | 'within noise' | null;
  /** The cell's text, e.g. "+12.0 test, +11.5 val: beyond noise (±4.6)". */
  effect: string;
}

const pts = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;

/** The change column: per completed generation, what changed the champion and what it did. */
export function championChanges(
  generations: readonly GenerationSummary[],
  candidates: readonly Candidate[],
  split: { validation: number; test: number },
): ChampionChange[] {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return generations.map((g, i) => {
    const prev = i > 0 ? generations[i - 1] : null;
    const isNew = prev !== null && prev.championId !== g.championId;
    const none: ChampionChange = {
      generation: g.index,
      isNew,
      change: '',
      fromId: null,
      testDelta: null,
      valDelta: null,
      testNoise: null,
      verdict: null,
      effect: '',
    };
    if (!prev || !isNew) return none;
    const champ = byId.get(g.championId);
    const parent = champ?.parentId != null ? byId.get(champ.parentId) : undefined;
    const change = champ && parent ? describeChange(parent.genome, champ.genome) : '';
    const testDelta = g.championTestAccuracy - prev.championTestAccuracy;
    const valDelta = g.championValAccuracy - prev.championValAccuracy;
    const testNoise = noiseOfDifference(g.championTestAccuracy, prev.championTestAccuracy, split.test);
    const verdict = Math.abs(testDelta) <= testNoise ? 'within noise' : testDelta > 0 ? 'gain' : 'loss';
    const word = verdict === 'within noise' ? 'within noise' : 'beyond noise';
    return {
      ...none,
      change,
      fromId: parent && parent.id !== prev.championId ? parent.id : null,
      testDelta,
      valDelta,
      testNoise,
      verdict,
      effect: `${pts(testDelta)} test, ${pts(valDelta)} val: ${word} (±${(100 * testNoise).toFixed(1)})`,
    };
  });
}

const whole = (x: number): string => `${Math.round(100 * x)}%`;

/**
 * One plain sentence for the run so far, e.g. "From 52% to 96% held-out in
 * 5 generations; the biggest step was added a layer (…) in generation 2
 * (+38 points)."
 */
export function summariseRun(
  generations: readonly GenerationSummary[],
  candidates: readonly Candidate[],
  split: { validation: number; test: number },
): string {
  if (generations.length < 2) return '';
  const first = generations[0];
  const last = generations[generations.length - 1];
  const n = generations.length - 1;
  const span = `${n} generation${n === 1 ? '' : 's'}`;
  const rows = championChanges(generations, candidates, split).filter((r) => r.isNew);
  if (rows.length === 0) {
    const random = randomStarts(candidates);
    return random
      ? `The best of generation 0's ${random} random models (${whole(first.championTestAccuracy)} held-out) was never beaten on validation in ${span}.`
      : `The seed model's ${whole(first.championTestAccuracy)} held-out was never beaten on validation in ${span}.`;
  }
  const rise = last.championTestAccuracy - first.championTestAccuracy;
  const noise = noiseOfDifference(last.championTestAccuracy, first.championTestAccuracy, split.test);
  const best = rows.reduce((a, b) => ((b.testDelta ?? -1) > (a.testDelta ?? -1) ? b : a));
  const step =
    best.change && (best.testDelta ?? 0) > 0
      ? `; the biggest step was “${best.change}” in generation ${best.generation} (${pts(best.testDelta!)} points)`
      : '';
  if (Math.abs(rise) <= noise) {
    return (
      `Held-out accuracy went from ${whole(first.championTestAccuracy)} to ` +
      `${whole(last.championTestAccuracy)} in ${span} — within its noise (±` +
      `${(100 * noise).toFixed(1)} points), though validation went from ` +
      `${whole(first.championValAccuracy)} to ${whole(last.championValAccuracy)}.`
    );
  }
  if (rise < 0)
    return (
      `Held-out accuracy fell from ${whole(first.championTestAccuracy)} to ` +
      `${whole(last.championTestAccuracy)} in ${span}, though validation rose: the ` +
      `champions fit the validation split, not the task.`
    );
  return `From ${whole(first.championTestAccuracy)} to ${whole(last.championTestAccuracy)} held-out in ${span}${step}.`;
}
