import { describe, expect, it } from 'vitest';
import { type Genome, validateGenome } from '../../src/core/genome';
import { applicableOperators, getOperator, OPERATOR_NAMES, OPERATORS } from '../../src/core/operators';
import { createRng, deriveSeed } from '../../src/core/rng';
import { sampleGenome, SPACE_2D, SPACE_DIGITS, type SearchSpace } from '../../src/core/space';
import { TASKS } from '../../src/core/tasks';
import { cnnGenome, mlpGenome, outsideSpace, snapshot } from './fixtures';

const SPACES: [string, SearchSpace][] = [
  ['2d', SPACE_2D],
  ['digits', SPACE_DIGITS],
];
/** Scales the self-adaptive proposer can reach (its step scale lives in [0.05, 4]) plus the usual 1. */
const SCALES = [0.05, 1, 4];

/** Genomes pinned to the edges of a space: where clamping could turn a change into a no-op. */
function edgeGenomes(space: SearchSpace): Genome[] {
  const lo = space.units.min;
  const hi = space.units.max;
  const hyperAt = (which: 'min' | 'max'): Genome['hyper'] => ({
    optimizer: space.optimizers[0],
    learningRate: space.learningRate[which],
    batchSize: which === 'min' ? space.batchSizes[0] : space.batchSizes[space.batchSizes.length - 1],
    weightDecay: which === 'min' ? space.weightDecay.min : space.weightDecay.max,
    dropout: which === 'min' ? 0 : space.dropout.max,
  });
  const out: Genome[] = [];
  for (const which of ['min', 'max'] as const) {
    const units = which === 'min' ? lo : hi;
    const depth = which === 'min' ? space.layers.min : space.layers.max;
    out.push({
      hyper: hyperAt(which),
      arch: {
        family: 'mlp',
        layers: Array.from({ length: depth }, () => ({ units, activation: space.activations[0] })),
      },
    });
    out.push({ hyper: hyperAt(which), arch: { family: 'mlp', layers: [{ units, activation: space.activations[0] }] } });
    if (space.families.includes('cnn')) {
      const c = space.conv;
      const blocks = which === 'min' ? Math.max(1, c.minBlocks) : c.maxBlocks;
      out.push({
        hyper: hyperAt(which),
        arch: {
          family: 'cnn',
          blocks: Array.from({ length: blocks }, () => ({
            filters: which === 'min' ? c.filtersMin : c.filtersMax,
            kernel: c.kernels[0],
            pool: true,
          })),
          activation: space.activations[0],
          head: Array.from({ length: which === 'min' ? space.layers.min : space.layers.max }, () => ({
            units,
            activation: space.activations[0],
          })),
        },
      });
    }
  }
  // Weight decay just above its floor, learning rate near (not at) a bound.
  out.push({
    hyper: { ...hyperAt('min'), weightDecay: 1e-6, learningRate: space.learningRate.min * 1.01 },
    arch: { family: 'mlp', layers: [{ units: lo + 1, activation: space.activations[1] }] },
  });
  return out;
}

/** Genomes to mutate: seed genomes, edges, random samples, and descendants of random operator chains. */
function genomesFor(space: SearchSpace, spaceName: string): Genome[] {
  const gs: Genome[] = [];
  for (const t of Object.values(TASKS)) if (t.space === space) gs.push(t.seedGenomes.default, t.seedGenomes.weak);
  gs.push(...edgeGenomes(space));
  for (let s = 0; s < 40; s++) gs.push(sampleGenome(space, createRng(deriveSeed(s, 'sample', spaceName))));
  for (let s = 0; s < 20; s++) {
    const rng = createRng(deriveSeed(s, 'chain', spaceName));
    let g = sampleGenome(space, rng);
    for (let k = 0; k < 12; k++) {
      const ops = applicableOperators(g, space);
      g = rng.pick(ops).apply(g, space, rng, rng.pick(SCALES)).genome;
      gs.push(g);
    }
  }
  return gs;
}

describe('sampleGenome', () => {
  for (const [name, space] of SPACES) {
    it(`draws valid genomes inside the ${name} space, deterministically`, () => {
      const families = new Set<string>();
      for (let s = 0; s < 200; s++) {
        const g = sampleGenome(space, createRng(s));
        expect(() => validateGenome(g)).not.toThrow();
        expect(outsideSpace(g, space)).toEqual([]);
        expect(sampleGenome(space, createRng(s))).toEqual(g);
        families.add(g.arch.family);
      }
      expect([...families].sort()).toEqual([...space.families].sort());
    });
  }
});

describe('operators', () => {
  it('have unique names and can be looked up', () => {
    expect(new Set(OPERATOR_NAMES).size).toBe(OPERATORS.length);
    for (const name of OPERATOR_NAMES) expect(getOperator(name).name).toBe(name);
    expect(() => getOperator('teleport')).toThrow(/teleport/);
    // The typed name list and the operators themselves are one list, in one order.
    expect(OPERATORS.map((o) => o.name)).toEqual([...OPERATOR_NAMES]);
  });

  for (const [name, space] of SPACES) {
    it(`every applicable operator on ${name} genomes gives a valid, in-space, changed genome and leaves its input alone`, () => {
      const problems: string[] = [];
      let applications = 0;
      const used = new Set<string>();
      const genomes = genomesFor(space, name);
      genomes.forEach((g, gi) => {
        expect(outsideSpace(g, space)).toEqual([]);
        for (const op of applicableOperators(g, space)) {
          for (const scale of SCALES) {
            for (let s = 0; s < 3; s++) {
              const before = snapshot(g);
              const rng = createRng(deriveSeed(gi, op.name, scale, s));
              const { genome: out, change } = op.apply(g, space, rng, scale);
              applications++;
              used.add(op.name);
              const where = `${op.name} (scale ${scale}, seed ${s}) on ${JSON.stringify(before)}`;
              expect(g, `input changed by ${where}`).toEqual(before);
              try {
                validateGenome(out);
              } catch (e) {
                problems.push(`${where}: invalid: ${(e as Error).message}`);
              }
              const outside = outsideSpace(out, space);
              if (outside.length) problems.push(`${where}: left the space: ${outside.join(', ')}`);
              if (JSON.stringify(out) === JSON.stringify(before)) problems.push(`${where}: no change ("${change}")`);
              expect(typeof change).toBe('string');
              expect(change.length).toBeGreaterThan(0);
            }
          }
        }
      });
      expect(problems.slice(0, 10)).toEqual([]);
      expect(applications).toBeGreaterThan(1000);
      // Every operator the space allows was exercised somewhere.
      const expected = OPERATOR_NAMES.filter((n) => genomes.some((g) => getOperator(n).applies(g, space)));
      expect([...used].sort()).toEqual(expected.slice().sort());
    });
  }

  it('lr-scale and weight-decay step away from a bound instead of clamping into a no-op', () => {
    const lr = getOperator('lr-scale');
    const wd = getOperator('weight-decay');
    const { min, max } = SPACE_2D.learningRate;
    for (let s = 0; s < 50; s++) {
      expect(
        lr.apply(mlpGenome([8], { learningRate: max }), SPACE_2D, createRng(s), 1).genome.hyper.learningRate,
      ).toBeLessThan(max);
      expect(
        lr.apply(mlpGenome([8], { learningRate: min }), SPACE_2D, createRng(s), 1).genome.hyper.learningRate,
      ).toBeGreaterThan(min);
      const top = SPACE_2D.weightDecay.max;
      expect(
        wd.apply(mlpGenome([8], { weightDecay: top }), SPACE_2D, createRng(s), 1).genome.hyper.weightDecay,
      ).toBeLessThan(top);
      expect(
        wd.apply(mlpGenome([8], { weightDecay: 1e-6 }), SPACE_2D, createRng(s), 1).genome.hyper.weightDecay,
      ).not.toBe(1e-6);
    }
  });

  it('are deterministic given the rng seed', () => {
    for (const op of applicableOperators(cnnGenome(), SPACE_DIGITS)) {
      const a = op.apply(cnnGenome(), SPACE_DIGITS, createRng(5), 1);
      const b = op.apply(cnnGenome(), SPACE_DIGITS, createRng(5), 1);
      expect(b).toEqual(a);
    }
  });

  it('say when they cannot apply', () => {
    const names = (g: Genome, space: SearchSpace) => applicableOperators(g, space).map((o) => o.name);
    // An mlp in the 2-D space: no conv operators, no family switch.
    const mlp = names(mlpGenome([8, 8]), SPACE_2D);
    for (const n of ['add-conv-block', 'remove-conv-block', 'conv-filters', 'switch-family'])
      expect(mlp).not.toContain(n);
    for (const n of ['lr-scale', 'add-layer', 'remove-layer', 'widen', 'narrow', 'change-activation'])
      expect(mlp).toContain(n);
    // A linear model: nothing to remove, narrow, widen or re-activate.
    const linear = names(mlpGenome([]), SPACE_2D);
    for (const n of ['remove-layer', 'narrow', 'widen', 'change-activation']) expect(linear).not.toContain(n);
    expect(linear).toContain('add-layer');
    // At the depth limit no layer can be added; at the width limits no widen / narrow.
    expect(names(mlpGenome([8, 8, 8, 8]), SPACE_2D)).not.toContain('add-layer');
    expect(names(mlpGenome([64, 64]), SPACE_2D)).not.toContain('widen');
    expect(names(mlpGenome([2, 2]), SPACE_2D)).not.toContain('narrow');
    // A cnn in the digits space gets the conv operators and the family switch.
    const cnn = names(cnnGenome(), SPACE_DIGITS);
    for (const n of ['add-conv-block', 'remove-conv-block', 'conv-filters', 'switch-family']) expect(cnn).toContain(n);
  });
});
