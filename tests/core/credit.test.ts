/**
 * The self-adaptive credit (src/core/credit.ts): a carrier's operators are
 * credited with its gain over its parent *relative to its siblings'*, graded
 * and clipped, in units of the run's spread between children (never below the
 * split's binomial noise).
 */
import { describe, expect, it } from 'vitest';
import { CREDIT, creditContext, creditPolicy } from '../../src/core/credit';
import type { ProposalPolicy } from '../../src/core/genome';
import { OPERATOR_NAMES, type OperatorName } from '../../src/core/operator-names';
import { defaultPolicy, PROPOSERS } from '../../src/core/proposers';
import { createRng } from '../../src/core/rng';
import type { Candidate } from '../../src/core/runlog';
import { SPACE_2D } from '../../src/core/space';
import { noiseThreshold } from '../../src/core/success';
import { candidate, config, mlpGenome } from './fixtures';

const N = 200; // spirals' validation split

/** A child of `parentId` in `generation`, made by `op`. */
function child(id: number, parentId: number, generation: number, valAccuracy: number, op: OperatorName): Candidate {
  const c = candidate(id, { parentId, generation, valAccuracy, genome: mlpGenome([8 + id]) });
  c.operators = [op];
  return c;
}

const OTHERS: OperatorName[] = ['batch-size', 'dropout', 'weight-decay', 'change-activation'];

/**
 * A lucky parent at 60% whose children all fall below it; the lr-scale child
 * falls least (−2 points, within the binomial threshold of 4.9, so the old
 * credit gave it nothing). Gains −10, −9, −8, −11 and −2 points.
 */
function luckyParent(): Candidate[] {
  const accs = [0.5, 0.51, 0.52, 0.49];
  return [
    candidate(0, { valAccuracy: 0.6 }),
    ...accs.map((a, i) => child(i + 1, 0, 1, a, OTHERS[i])),
    child(5, 0, 1, 0.58, 'lr-scale'),
  ];
}

const logWeight = (p: ProposalPolicy, op: OperatorName) => Math.log(p.operatorWeights[op] ?? 1);

describe('creditContext: advantages over siblings and the run’s spread', () => {
  it('subtracts the median of the siblings’ gains, leaving each child out of its own baseline', () => {
    const ctx = creditContext(luckyParent());
    // lr-scale: −0.02 − median(−0.10, −0.09, −0.08, −0.11) = −0.02 + 0.095.
    expect(ctx.advantage.get(5)).toBeCloseTo(0.075, 12);
    expect(ctx.advantage.get(4)).toBeCloseTo(-0.11 + 0.085, 12);
    expect(ctx.advantage.get(2)).toBeCloseTo(0, 12);
    expect(ctx.advantage.has(0)).toBe(false); // generation 0 has no parent
    // |advantages| 0.015, 0, 0.015, 0.025, 0.075: median 0.015.
    expect(ctx.spread).toBeCloseTo(1.4826 * 0.015, 12);
  });

  it('an only child is measured against its parent; unhealthy children and children of unhealthy parents are left out', () => {
    const history = [
      candidate(0, { valAccuracy: 0.6 }),
      child(1, 0, 1, 0.7, 'lr-scale'),
      { ...child(2, 1, 2, 0.9, 'dropout'), status: 'diverged' as const },
      candidate(3, { parentId: 2, generation: 3, valAccuracy: 0.8 }),
    ];
    const ctx = creditContext(history);
    expect([...ctx.advantage.keys()]).toEqual([1]);
    expect(ctx.advantage.get(1)).toBeCloseTo(0.1, 12);
  });
});

describe('creditPolicy', () => {
  const t = noiseThreshold(0.6, N);

  it('credits a child that beat its siblings although it fell below its lucky parent', () => {
    const history = luckyParent();
    const credited = creditPolicy(defaultPolicy(), history[5], history, N);
    // Advantage 7.5 points against a scale of 4.9 (the binomial floor; the run's spread is 2.2): clipped to CREDIT.
    expect(0.075 / t).toBeGreaterThan(1);
    expect(logWeight(credited, 'lr-scale')).toBeCloseTo(CREDIT, 12);
    for (const o of OPERATOR_NAMES.filter((n) => n !== 'lr-scale')) expect(logWeight(credited, o)).toBe(0);
  });

  it('is graded: a small advantage moves the weight a little, a negative one down, none not at all', () => {
    const history = luckyParent();
    const down = creditPolicy(defaultPolicy(), history[4], history, N);
    expect(logWeight(down, 'change-activation')).toBeCloseTo((CREDIT * (-0.11 + 0.085)) / t, 12);
    expect(logWeight(down, 'change-activation')).toBeLessThan(0);
    expect(logWeight(down, 'change-activation')).toBeGreaterThan(-CREDIT);
    // Three children level with each other: each one's advantage is exactly 0.
    const level = [candidate(0, { valAccuracy: 0.6 }), ...[1, 2, 3].map((i) => child(i, 0, 1, 0.55, OTHERS[i]))];
    const none = defaultPolicy();
    expect(creditPolicy(none, level[2], level, N)).toBe(none);
  });

  it('measures against the run’s spread when it exceeds the split’s noise', () => {
    // Siblings 20 points apart: the spread between children, not the binomial noise, is the unit.
    const accs = [0.4, 0.8, 0.45, 0.75, 0.62];
    const history = [candidate(0, { valAccuracy: 0.6 }), ...accs.map((a, i) => child(i + 1, 0, 1, a, OTHERS[i % 4]))];
    const ctx = creditContext(history);
    expect(ctx.spread).toBeGreaterThan(t);
    // The +20-point child: +26.5 points over its siblings' median, 0.76 of the spread.
    const credited = creditPolicy(defaultPolicy(), history[2], history, N, ctx);
    const a = ctx.advantage.get(2) as number;
    expect(a).toBeCloseTo(0.265, 12);
    expect(a).toBeGreaterThan(t); // the binomial unit would have clipped it
    expect(a).toBeLessThan(ctx.spread);
    expect(logWeight(credited, OTHERS[1])).toBeCloseTo((CREDIT * a) / ctx.spread, 12);
  });

  it('leaves the policy alone without a healthy parent, for an unhealthy carrier, or one without operators', () => {
    const history = luckyParent();
    const p = defaultPolicy();
    expect(creditPolicy(p, history[0], history, N)).toBe(p);
    const sick = { ...history[5], status: 'failed' as const };
    expect(creditPolicy(p, sick, [...history.slice(0, 5), sick], N)).toBe(p);
    const bare = { ...history[5], operators: [] };
    expect(creditPolicy(p, bare, [...history.slice(0, 5), bare], N)).toBe(p);
  });
});

describe('the proposers use it', () => {
  const withPolicy = (history: Candidate[]) =>
    history.map((c) => ({ ...c, genome: { ...c.genome, policy: defaultPolicy() } }));
  const ctx = (history: Candidate[], proposer: string) => ({
    config: config({ proposer }),
    space: SPACE_2D,
    history,
  });

  it('self-adaptive: the children of the credited child carry lr-scale at about e^CREDIT', () => {
    const history = withPolicy(luckyParent());
    // Children of the lr-scale child (the best of generation 1, so tournaments pick it most often).
    const kids = PROPOSERS['self-adaptive']
      .propose(ctx(history, 'self-adaptive'), 60, createRng(7))
      .filter((k) => k.parentId === 5);
    expect(kids.length).toBeGreaterThan(10);
    const lead = (p: ProposalPolicy) =>
      logWeight(p, 'lr-scale') - OTHERS.reduce((s, o) => s + logWeight(p, o), 0) / OTHERS.length;
    const mean = kids.reduce((s, k) => s + lead(k.genome.policy as ProposalPolicy), 0) / kids.length;
    // CREDIT = 2 plus log-normal noise (τ = 0.35) averaged over the children.
    expect(mean).toBeGreaterThan(1.5);
    expect(mean).toBeLessThan(2.5);
  });

  it('frozen: no credit reaches the children', () => {
    const history = withPolicy(luckyParent());
    for (const k of PROPOSERS['self-adaptive-frozen'].propose(ctx(history, 'self-adaptive-frozen'), 20, createRng(7)))
      expect(k.genome.policy).toEqual(defaultPolicy());
  });
});
