import { describe, expect, it } from 'vitest';
import {
  candidatePool,
  changeFeatures,
  FEATURE_NAMES,
  predictionCorrelation,
  selectProposals,
  spearman,
  trainingExamples,
} from '../../src/core/learned';
import type { Proposal } from '../../src/core/proposers';
import { createRng } from '../../src/core/rng';
import { SPACE_2D } from '../../src/core/space';
import { candidate, config, mlpGenome, outsideSpace } from './fixtures';

describe('learned proposer: features and examples', () => {
  it('describes a change by the parent, the size of each change and the operator', () => {
    const parent = mlpGenome([8, 8]);
    const child = mlpGenome([8, 8], { learningRate: 0.3 });
    const f = changeFeatures(parent, 0.75, 0.5, child, ['lr-scale']);
    expect(f).toHaveLength(FEATURE_NAMES.length);
    expect(f[FEATURE_NAMES.indexOf('parent skill')]).toBeCloseTo(0.5, 12);
    expect(f[FEATURE_NAMES.indexOf('Δ log lr')]).toBeCloseTo(0.5, 6);
    expect(f[FEATURE_NAMES.indexOf('op lr-scale')]).toBe(1);
    expect(f[FEATURE_NAMES.indexOf('op widen')]).toBe(0);
    expect(f[FEATURE_NAMES.indexOf('Δ depth')]).toBe(0);
  });

  it('learns from every child with a healthy parent; an unhealthy child scores chance', () => {
    const h = [
      candidate(0, { valAccuracy: 0.7 }),
      candidate(1, { parentId: 0, generation: 1, valAccuracy: 0.8 }),
      candidate(2, { parentId: 0, generation: 1, status: 'diverged' }),
      candidate(3, { parentId: 2, generation: 2, valAccuracy: 0.9 }),
    ];
    const ex = trainingExamples(h, 0.5);
    expect(ex.map((e) => e.y)).toEqual([expect.closeTo(0.1, 12), expect.closeTo(-0.2, 12)]);
  });
});

describe('learned proposer: choosing from the pool', () => {
  const ctx = {
    config: config({ proposer: 'learned' }),
    space: SPACE_2D,
    history: [
      candidate(0, { valAccuracy: 0.6 }),
      candidate(1, { parentId: 0, generation: 1, valAccuracy: 0.7, genome: mlpGenome([9]) }),
    ],
  };

  it('builds a seeded pool of valid one-operator children with features', () => {
    const a = candidatePool(ctx, 50, createRng(1));
    expect(candidatePool(ctx, 50, createRng(1))).toEqual(a);
    expect(a.proposals).toHaveLength(50);
    for (const [i, p] of a.proposals.entries()) {
      expect(p.operators).toHaveLength(1);
      expect(outsideSpace(p.genome, SPACE_2D)).toEqual([]);
      expect(a.features[i]).toHaveLength(FEATURE_NAMES.length);
    }
  });

  it('Thompson sampling: each slot follows one member, takes its best untaken item, records the ensemble mean', () => {
    const pool: Proposal[] = [0, 1, 2, 3, 4].map((i) => ({
      genome: mlpGenome([i + 2]),
      parentId: 0,
      operators: ['widen'],
      changes: [],
    }));
    // Both members agree that item 3 is best, then item 1.
    const preds = [
      [0, 0.5, 0.1, 0.9, 0.2],
      [0.1, 0.4, 0, 0.8, 0.3],
    ];
    const picked = selectProposals(pool, preds, 2, createRng(3));
    expect(picked.map((p) => p.genome.arch)).toEqual([pool[3].genome.arch, pool[1].genome.arch]);
    expect(picked[0].predictedGain).toBeCloseTo(0.85, 12);
    // Disagreeing members: over many seeds, each member's favourite is picked first sometimes.
    const firsts = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((s) =>
        JSON.stringify(
          selectProposals(
            pool,
            [
              [1, 0, 0, 0, 0],
              [0, 0, 0, 0, 1],
            ],
            1,
            createRng(s),
          )[0].genome,
        ),
      ),
    );
    expect(firsts.size).toBe(2);
    // Without predictions: the pool in order.
    expect(selectProposals(pool, null, 2, createRng(3)).map((p) => p.predictedGain)).toEqual([undefined, undefined]);
  });

  it('skips a duplicate child while the pool has others', () => {
    const same: Proposal = { genome: mlpGenome([4]), parentId: 0, operators: ['widen'], changes: [] };
    const other: Proposal = { genome: mlpGenome([5]), parentId: 0, operators: ['widen'], changes: [] };
    const picked = selectProposals([same, { ...same }, other], [[3, 2, 1]], 2, createRng(1));
    expect(picked.map((p) => p.genome)).toEqual([same.genome, other.genome]);
  });
});

describe('rank correlation', () => {
  it("is Spearman's rho with average ranks for ties", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [1, 1, 1])).toBeNull();
    expect(spearman([1, 2], [1, 2])).toBeNull();
    // Ties: ranks [0.5, 0.5, 2] against [0, 1, 2] → 0.866.
    expect(spearman([5, 5, 6], [1, 2, 3])).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });

  it("compares a generation's predicted and measured gains", () => {
    const h = [candidate(0, { valAccuracy: 0.5 })];
    const kids = [0.6, 0.7, 0.55].map((v, i) => ({
      ...candidate(i + 1, { parentId: 0, generation: 1, valAccuracy: v }),
      predictedGain: [0.01, 0.3, -0.2][i],
    }));
    expect(predictionCorrelation(kids, [...h, ...kids], 0.5)).toBeCloseTo(1, 12);
  });
});
