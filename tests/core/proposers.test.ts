import { describe, expect, it } from 'vitest';
import type { Genome } from '../../src/core/genome';
import { validateGenome } from '../../src/core/genome';
import { OPERATOR_NAMES } from '../../src/core/operators';
import {
  beats,
  best,
  carriesPolicy,
  defaultPolicy,
  fitness,
  mutate,
  mutatePolicy,
  PROPOSERS,
  type ProposerContext,
} from '../../src/core/proposers';
import { createRng } from '../../src/core/rng';
import type { Candidate } from '../../src/core/runlog';
import { SPACE_2D } from '../../src/core/space';
import { candidate, config, mlpGenome, outsideSpace, snapshot } from './fixtures';

const ctx = (history: Candidate[], over: Record<string, unknown> = {}): ProposerContext => ({
  config: config(over),
  space: SPACE_2D,
  history,
});

/** A genome that differs from the others, so a child's parent can be recognised by its genome too. */
const distinct = (units: number) => mlpGenome([units]);

describe('fitness and ranking', () => {
  it('ranks by validation accuracy, then validation loss, then fewer parameters, then age', () => {
    expect(beats(candidate(1, { valAccuracy: 0.9 }), candidate(0, { valAccuracy: 0.8 }))).toBe(true);
    expect(beats(candidate(0, { valAccuracy: 0.8 }), candidate(1, { valAccuracy: 0.9 }))).toBe(false);
    expect(
      beats(candidate(1, { valAccuracy: 0.8, valLoss: 0.3 }), candidate(0, { valAccuracy: 0.8, valLoss: 0.4 })),
    ).toBe(true);
    expect(beats(candidate(1, { params: 50 }), candidate(0, { params: 60 }))).toBe(true);
    expect(beats(candidate(0), candidate(1))).toBe(true);
    expect(beats(candidate(1), candidate(0))).toBe(false);
  });

  it('never lets an unhealthy candidate win, whatever its metrics say', () => {
    const diverged = candidate(0, { status: 'diverged', valAccuracy: 1, valLoss: 0 });
    const failed = candidate(1, { status: 'failed', valAccuracy: 1, valLoss: 0 });
    const ok = candidate(2, { valAccuracy: 0.1 });
    expect(fitness(diverged)).toBe(-Infinity);
    expect(fitness(failed)).toBe(-Infinity);
    expect(best([diverged, failed, ok])?.id).toBe(2);
    expect(best([diverged, failed])).toBeUndefined();
    expect(best([])).toBeUndefined();
  });
});

describe('random proposer', () => {
  it('ignores history: the same rng seed gives the same proposals', () => {
    const h1: Candidate[] = [candidate(0)];
    const h2: Candidate[] = [
      candidate(0, { valAccuracy: 0.1 }),
      candidate(1, { parentId: 0, valAccuracy: 0.99, genome: distinct(40) }),
      candidate(2, { status: 'failed' }),
    ];
    const a = PROPOSERS.random.propose(ctx(h1), 6, createRng(9));
    const b = PROPOSERS.random.propose(ctx(h2), 6, createRng(9));
    expect(b).toEqual(a);
    expect(a).toHaveLength(6);
    expect(new Set(a.map((p) => JSON.stringify(p.genome))).size).toBe(6);
    for (const p of a) {
      expect(p.parentId).toBeNull();
      expect(p.operators).toEqual(['sample']);
      expect(outsideSpace(p.genome, SPACE_2D)).toEqual([]);
    }
    expect(PROPOSERS.random.propose(ctx(h1), 6, createRng(10))).not.toEqual(a);
  });
});

describe('hillclimb proposer', () => {
  it('makes every child from the best candidate, with one operator', () => {
    const history = [
      candidate(0, { genome: distinct(4), valAccuracy: 0.6 }),
      candidate(1, { parentId: 0, genome: distinct(5), valAccuracy: 0.8, valLoss: 0.5 }),
      candidate(2, { parentId: 0, genome: distinct(6), valAccuracy: 0.8, valLoss: 0.4 }),
      candidate(3, { parentId: 1, genome: distinct(7), valAccuracy: 0.7 }),
      candidate(4, { parentId: 1, genome: distinct(8), status: 'diverged' }),
    ];
    const before = snapshot(history);
    for (let seed = 0; seed < 5; seed++) {
      const kids = PROPOSERS.hillclimb.propose(ctx(history, { proposer: 'hillclimb' }), 8, createRng(seed));
      expect(kids).toHaveLength(8);
      for (const k of kids) {
        expect(k.parentId).toBe(2);
        expect(k.operators).toHaveLength(1);
        expect(k.changes).toHaveLength(1);
        expect(k.genome).not.toEqual(history[2].genome);
        expect(() => validateGenome(k.genome)).not.toThrow();
      }
    }
    expect(history).toEqual(before);
  });

  it('falls back to the newest candidate when nothing is healthy', () => {
    const history = [candidate(0, { status: 'failed' }), candidate(1, { status: 'diverged' })];
    const kids = PROPOSERS.hillclimb.propose(ctx(history), 4, createRng(1));
    for (const k of kids) expect(k.parentId).toBe(1);
    expect(() => PROPOSERS.hillclimb.propose(ctx([]), 1, createRng(1))).toThrow();
  });
});

describe('evolution proposer (regularized evolution)', () => {
  /** Old candidates are the best, young ones mediocre, the very youngest unhealthy. */
  const agingHistory = (): Candidate[] => [
    ...[0, 1, 2, 3, 4].map((i) => candidate(i, { genome: distinct(10 + i), valAccuracy: 0.99 })),
    ...[5, 6, 7, 8, 9].map((i) => candidate(i, { parentId: 0, genome: distinct(10 + i), valAccuracy: 0.5 + i / 100 })),
    candidate(10, { parentId: 9, status: 'diverged' }),
    candidate(11, { parentId: 9, status: 'failed' }),
  ];

  it('takes parents only from the youngest `pool` healthy candidates, whatever the children per generation', () => {
    const history = agingHistory();
    for (let seed = 0; seed < 10; seed++) {
      const kids = PROPOSERS.evolution.propose(ctx(history, { pool: 3, tournament: 2 }), 12, createRng(seed));
      for (const k of kids) {
        expect([7, 8, 9]).toContain(k.parentId);
        expect(k.operators).toHaveLength(1);
      }
    }
  });

  it('with removal worst (the non-aging control) the pool is the best `pool` so far, however old', () => {
    for (let seed = 0; seed < 10; seed++) {
      const kids = PROPOSERS.evolution.propose(
        ctx(agingHistory(), { pool: 5, removal: 'worst', population: 2 }),
        12,
        createRng(seed),
      );
      for (const k of kids) expect([0, 1, 2, 3, 4]).toContain(k.parentId);
    }
  });

  it('defaults the pool to 3 × the children per generation', () => {
    expect(config({ population: 5 }).pool).toBe(15);
    expect(config({ population: 5, pool: 7 }).pool).toBe(7);
  });

  it('picks the tournament winner: a huge tournament always finds the best of the aged population', () => {
    // With 64 draws from 3 candidates, missing the best has probability (2/3)^64 ≈ 5e-12.
    const kids = PROPOSERS.evolution.propose(ctx(agingHistory(), { pool: 3, tournament: 64 }), 10, createRng(3));
    for (const k of kids) expect(k.parentId).toBe(9);
  });

  it('tournament size 1 spreads parents over the aged population', () => {
    const kids = PROPOSERS.evolution.propose(ctx(agingHistory(), { pool: 3, tournament: 1 }), 60, createRng(4));
    expect(new Set(kids.map((k) => k.parentId))).toEqual(new Set([7, 8, 9]));
  });

  it('child genomes are mutations of their parent genome', () => {
    const history = agingHistory();
    const kids = PROPOSERS.evolution.propose(ctx(history, { pool: 3 }), 20, createRng(5));
    for (const k of kids) {
      const parent = history[k.parentId as number];
      expect(k.genome).not.toEqual(parent.genome);
      expect(outsideSpace(k.genome, SPACE_2D)).toEqual([]);
    }
  });
});

describe('self-adaptive proposer', () => {
  const parentWith = (policy: Genome['policy']) => {
    const g = mlpGenome([8, 8]);
    g.policy = policy;
    return [candidate(0, { genome: g, valAccuracy: 0.7 })];
  };

  it('gives each child a mutated policy, valid and normalised', () => {
    const parentPolicy = defaultPolicy();
    const history = parentWith(parentPolicy);
    const kids = PROPOSERS['self-adaptive'].propose(ctx(history, { proposer: 'self-adaptive' }), 10, createRng(1));
    const policies = new Set<string>();
    for (const k of kids) {
      expect(k.parentId).toBe(0);
      const p = k.genome.policy;
      expect(p).toBeDefined();
      expect(p).not.toEqual(parentPolicy);
      expect(() => validateGenome(k.genome)).not.toThrow();
      expect(Object.keys(p!.operatorWeights).sort()).toEqual([...OPERATOR_NAMES].sort());
      const sum = Object.values(p!.operatorWeights).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(OPERATOR_NAMES.length, 3);
      expect(p!.stepScale).toBeGreaterThanOrEqual(0.05);
      expect(p!.stepScale).toBeLessThanOrEqual(4);
      // Equal mutation strength: one operator per child, as in evolution.
      expect(k.operators).toHaveLength(1);
      policies.add(JSON.stringify(p));
    }
    expect(policies.size).toBe(kids.length);
    expect(history[0].genome.policy).toEqual(defaultPolicy());
  });

  it('draws the operators it applies from the policy', () => {
    // All weight on lr-scale. mutatePolicy floors every weight at 1e-3 (so an
    // operator can come back), so give lr-scale the ceiling, 1e3: any other
    // operator then has odds of about 1e-5 per draw.
    const weights = Object.fromEntries(OPERATOR_NAMES.map((n) => [n, n === 'lr-scale' ? 1000 : 0]));
    const history = parentWith({ operatorWeights: weights, stepScale: 3 });
    const ops: string[] = [];
    for (let seed = 0; seed < 5; seed++) {
      for (const k of PROPOSERS['self-adaptive'].propose(
        ctx(history, { proposer: 'self-adaptive' }),
        10,
        createRng(seed),
      ))
        ops.push(...k.operators);
    }
    expect(ops).toHaveLength(50);
    expect(new Set(ops)).toEqual(new Set(['lr-scale']));

    // The same with a different single operator, to rule out a coincidence.
    const w2 = Object.fromEntries(OPERATOR_NAMES.map((n) => [n, n === 'swap-optimizer' ? 1000 : 0]));
    const kids = PROPOSERS['self-adaptive'].propose(
      ctx(parentWith({ operatorWeights: w2, stepScale: 1 }), { proposer: 'self-adaptive' }),
      20,
      createRng(1),
    );
    expect(new Set(kids.flatMap((k) => k.operators))).toEqual(new Set(['swap-optimizer']));
  });

  it('gives a genome without a policy the default policy, mutated', () => {
    const kids = PROPOSERS['self-adaptive'].propose(
      ctx([candidate(0)], { proposer: 'self-adaptive' }),
      3,
      createRng(2),
    );
    for (const k of kids) {
      expect(k.genome.policy).toBeDefined();
      expect(k.genome.policy).not.toEqual(defaultPolicy());
    }
  });

  it('respects aging like evolution', () => {
    const history = [
      candidate(0, { genome: distinct(10), valAccuracy: 0.99 }),
      candidate(1, { genome: distinct(11), valAccuracy: 0.99 }),
      candidate(2, { genome: distinct(12), valAccuracy: 0.6 }),
      candidate(3, { genome: distinct(13), valAccuracy: 0.5 }),
    ];
    const kids = PROPOSERS['self-adaptive'].propose(
      ctx(history, { proposer: 'self-adaptive', pool: 2 }),
      20,
      createRng(6),
    );
    for (const k of kids) expect([2, 3]).toContain(k.parentId);
  });
});

describe('self-adaptive ablations', () => {
  const skewed = (i: number) => {
    const g = mlpGenome([8 + i]);
    g.policy = {
      operatorWeights: Object.fromEntries(OPERATOR_NAMES.map((n) => [n, n === OPERATOR_NAMES[i] ? 100 : 1])),
      stepScale: 0.5 + i / 10,
    };
    return g;
  };
  const history = [0, 1, 2, 3].map((i) => candidate(i, { genome: skewed(i), valAccuracy: 0.5 + i / 10 }));

  it("frozen: every child carries its parent's policy unchanged, one operator each", () => {
    const kids = PROPOSERS['self-adaptive-frozen'].propose(
      ctx(history, { proposer: 'self-adaptive-frozen' }),
      20,
      createRng(3),
    );
    for (const k of kids) {
      const parent = history.find((c) => c.id === k.parentId)!;
      expect(k.genome.policy).toEqual(parent.genome.policy);
      expect(k.operators).toHaveLength(1);
    }
    // The child's policy is a copy, not the parent's object.
    kids[0].genome.policy!.stepScale = 9;
    expect(history.map((c) => c.genome.policy!.stepScale)).toEqual([0.5, 0.6, 0.7, 0.8]);
  });

  it('frozen from the default policy proposes like evolution', () => {
    const plain = [candidate(0, { genome: mlpGenome([8]) })];
    const withPolicy = [candidate(0, { genome: { ...mlpGenome([8]), policy: defaultPolicy() } })];
    const a = PROPOSERS.evolution.propose(ctx(plain), 12, createRng(5));
    const b = PROPOSERS['self-adaptive-frozen'].propose(
      ctx(withPolicy, { proposer: 'self-adaptive-frozen' }),
      12,
      createRng(5),
    );
    const opCount = (ps: typeof a) => OPERATOR_NAMES.map((n) => ps.filter((p) => p.operators[0] === n).length);
    expect(b.every((p) => JSON.stringify(p.genome.policy) === JSON.stringify(defaultPolicy()))).toBe(true);
    expect(opCount(b).reduce((x, y) => x + y, 0)).toBe(12);
    expect(opCount(a).reduce((x, y) => x + y, 0)).toBe(12);
  });

  it('shuffled: policies come from random members, not with the parent', () => {
    let foreign = 0;
    const kids = PROPOSERS['self-adaptive-shuffled'].propose(
      ctx(history, { proposer: 'self-adaptive-shuffled' }),
      40,
      createRng(4),
    );
    for (const k of kids) {
      expect(k.operators).toHaveLength(1);
      // A mutated policy keeps its donor's favourite operator far ahead (100 vs 1, τ = 0.35).
      const w = k.genome.policy!.operatorWeights;
      const favourite = OPERATOR_NAMES.reduce((a, b) => ((w[a] ?? 0) >= (w[b] ?? 0) ? a : b));
      const donor = OPERATOR_NAMES.indexOf(favourite);
      expect(donor).toBeGreaterThanOrEqual(0);
      if (donor !== k.parentId) foreign++;
    }
    // Tournaments of 3 pick the best parent (id 3) most of the time; donors are uniform over the four.
    expect(foreign).toBeGreaterThan(15);
    const selfAdaptive = PROPOSERS['self-adaptive'].propose(
      ctx(history, { proposer: 'self-adaptive' }),
      40,
      createRng(4),
    );
    for (const k of selfAdaptive) {
      const w = k.genome.policy!.operatorWeights;
      expect(OPERATOR_NAMES.indexOf(OPERATOR_NAMES.reduce((a, b) => ((w[a] ?? 0) >= (w[b] ?? 0) ? a : b)))).toBe(
        k.parentId,
      );
    }
  });

  it('names the proposers that carry a policy', () => {
    expect(
      ['self-adaptive', 'self-adaptive-frozen', 'self-adaptive-shuffled'].every((p) => carriesPolicy(p as never)),
    ).toBe(true);
    expect(carriesPolicy('evolution')).toBe(false);
  });
});

describe('unhealthy candidates are never parents when a healthy one exists', () => {
  const history = [
    candidate(0, { genome: distinct(4), valAccuracy: 0.3 }),
    candidate(1, { parentId: 0, genome: distinct(5), status: 'diverged', valAccuracy: 0.99, valLoss: 0.01 }),
    candidate(2, { parentId: 0, genome: distinct(6), status: 'failed', valAccuracy: 0.99, valLoss: 0.01 }),
    candidate(3, { parentId: 0, genome: distinct(7), status: 'diverged' }),
    candidate(4, { parentId: 0, genome: distinct(8), status: 'failed' }),
  ];
  for (const name of [
    'hillclimb',
    'evolution',
    'self-adaptive',
    'self-adaptive-frozen',
    'self-adaptive-shuffled',
  ] as const) {
    it(name, () => {
      for (let seed = 0; seed < 5; seed++) {
        const kids = PROPOSERS[name].propose(
          ctx(history, { proposer: name, population: 2, tournament: 3 }),
          10,
          createRng(seed),
        );
        for (const k of kids) expect(k.parentId).toBe(0);
      }
    });
  }
});

describe('mutation helpers', () => {
  it('mutate applies exactly `count` operators, drawn only from positive weights', () => {
    const r = mutate(mlpGenome([8, 8]), SPACE_2D, createRng(1), 3, 1, { 'swap-optimizer': 1, widen: 1 });
    expect(r.operators).toHaveLength(3);
    expect(r.changes).toHaveLength(3);
    for (const o of r.operators) expect(['swap-optimizer', 'widen']).toContain(o);
  });

  it('mutate falls back to a uniform draw when no applicable operator has weight', () => {
    const r = mutate(mlpGenome([8]), SPACE_2D, createRng(1), 2, 1, { 'add-conv-block': 5 });
    expect(r.operators).toHaveLength(2);
    expect(r.genome).not.toEqual(mlpGenome([8]));
  });

  it('mutatePolicy keeps weights within [1e-3, 1e3] before normalising and is seeded', () => {
    const p = mutatePolicy(defaultPolicy(), createRng(3));
    expect(mutatePolicy(defaultPolicy(), createRng(3))).toEqual(p);
    expect(mutatePolicy(defaultPolicy(), createRng(4))).not.toEqual(p);
    const all = (w: number) => ({
      operatorWeights: Object.fromEntries(OPERATOR_NAMES.map((n) => [n, w])),
      stepScale: 1,
    });
    // Every weight at or past a bound is clamped to that bound, so all end equal: exactly 1 after
    // normalising to mean 1. Without the floor, zeros stay zero (0/0); without the ceiling, the noise
    // on 1e6 would leave them unequal.
    for (const w of [0, 1e-9, 1e6]) {
      const out = mutatePolicy(all(w), createRng(5));
      expect(Object.values(out.operatorWeights), `all weights ${w}`).toEqual(OPERATOR_NAMES.map(() => 1));
    }
    // One at the ceiling, the rest at the floor: the ratio is exactly the width of the range.
    const [first, ...rest] = OPERATOR_NAMES;
    const mixed = mutatePolicy(
      { operatorWeights: { ...all(0).operatorWeights, [first]: 1e6 }, stepScale: 1 },
      createRng(6),
    );
    for (const n of rest) expect(mixed.operatorWeights[first]! / mixed.operatorWeights[n]!).toBeCloseTo(1e6, -1);
    const extreme = mutatePolicy({ ...all(1), stepScale: 100 }, createRng(5));
    expect(extreme.stepScale).toBeLessThanOrEqual(4);
  });
});

describe('mutation strength (`mutations`)', () => {
  it('every mutating proposer applies exactly that many operators per child; unset, one, as before', () => {
    const history = [
      candidate(0, { genome: distinct(4), valAccuracy: 0.6 }),
      candidate(1, { parentId: 0, genome: distinct(5), valAccuracy: 0.8 }),
    ];
    for (const name of ['hillclimb', 'evolution', 'self-adaptive', 'self-adaptive-shuffled'] as const) {
      const one = PROPOSERS[name].propose(ctx(history, { proposer: name }), 6, createRng(1));
      const unset = PROPOSERS[name].propose(ctx(history, { proposer: name, mutations: 1 }), 6, createRng(1));
      expect(unset).toEqual(one);
      for (const k of one) expect(k.operators).toHaveLength(1);
      const three = PROPOSERS[name].propose(ctx(history, { proposer: name, mutations: 3 }), 6, createRng(1));
      for (const k of three) {
        expect(k.operators).toHaveLength(3);
        expect(() => validateGenome(k.genome)).not.toThrow();
      }
    }
  });
});
