/**
 * What changed between a parent's genome and its child's, field by field, in
 * words a student can read ("learning rate 0.03 → 0.011").
 */
import type { Genome } from '../core/genome';
import { describeArch } from '../core/genome';

/** One field that differs. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const num = (x: number): string =>
  x === 0 ? '0' : Math.abs(x) < 0.01 || Math.abs(x) >= 1000 ? x.toExponential(2) : String(Number(x.toPrecision(3)));

/** A genome as labelled, human-readable fields, in display order. */
export function genomeFields(g: Genome): [string, string][] {
  const h = g.hyper;
  const fields: [string, string][] = [
    ['architecture', describeArch(g.arch)],
    ['optimizer', h.optimizer],
    ['learning rate', num(h.learningRate)],
    ['batch size', String(h.batchSize)],
    ['weight decay', num(h.weightDecay)],
    ['dropout', num(h.dropout)],
  ];
  if (g.arch.family === 'mlp') {
    g.arch.layers.forEach((l, i) => fields.push([`layer ${i + 1}`, `${l.units} ${l.activation}`]));
  } else {
    g.arch.blocks.forEach((b, i) =>
      fields.push([`conv block ${i + 1}`, `${b.filters} filters ${b.kernel}×${b.kernel}${b.pool ? ' + pool' : ''}`]),
    );
    fields.push(['conv activation', g.arch.activation]);
    g.arch.head.forEach((l, i) => fields.push([`head layer ${i + 1}`, `${l.units} ${l.activation}`]));
  }
  if (g.policy) {
    fields.push(['policy step scale', num(g.policy.stepScale)]);
    const top = Object.entries(g.policy.operatorWeights).sort((a, b) => b[1] - a[1])[0];
    if (top) fields.push(['policy favourite operator', top[0]]);
  }
  return fields;
}

/** Fields whose values differ (a field only one side has shows `—` on the other). */
export function diffGenomes(parent: Genome, child: Genome): FieldChange[] {
  const a = new Map(genomeFields(parent));
  const b = new Map(genomeFields(child));
  const order = [...new Set([...a.keys(), ...b.keys()])];
  return order
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => ({ field: k, before: a.get(k) ?? '—', after: b.get(k) ?? '—' }));
}
