/**
 * `--learned-pool` and `--learned-members` reach the learned proposer: read
 * from the loop's own flags, each changes what it proposes. A history made by
 * hand (no children trained) is enough for the predictor to have examples,
 * so this takes seconds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLoopArgs } from '../../benchmarks/cli/loop';
import { candidatePool, MIN_EXAMPLES } from '../../src/core/learned';
import type { Proposal } from '../../src/core/proposers';
import { createRng } from '../../src/core/rng';
import { TASKS } from '../../src/core/tasks';
import type { Candidate } from '../../src/core/runlog';
import { proposeLearned } from '../../src/engine/learned';
import { candidate, mlpGenome } from '../core/fixtures';
import { setupCpu } from './helpers';

beforeAll(setupCpu);

// A seed at 60% and 12 children whose gain grows with their learning rate: something to learn.
const LRS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.003, 0.03, 0.15];
const history: Candidate[] = [
  candidate(0, { valAccuracy: 0.6 }),
  ...LRS.map((lr, i) => ({
    ...candidate(i + 1, {
      parentId: 0,
      generation: 1,
      genome: mlpGenome([8, 8], { learningRate: lr }),
      valAccuracy: 0.6 + 0.1 * Math.log10(lr / 0.03),
    }),
    operators: ['lr-scale'],
  })),
];

const propose = (flags: string[], seed = 5) => {
  const { config } = parseLoopArgs(['--task', 'spirals', '--proposer', 'learned', '--population', '8', ...flags]);
  const ctx = { config, space: TASKS.spirals.space, history };
  return { ctx, picks: proposeLearned(ctx, config.population, createRng(seed)) };
};
const key = (p: Proposal) => JSON.stringify([p.parentId, p.genome]);

describe('the learned proposer reads its flags', () => {
  it('the history has enough examples for the predictor to be used', () => {
    expect(LRS.length).toBeGreaterThanOrEqual(MIN_EXAMPLES);
  });

  it('--learned-pool sets the pool it chooses from', async () => {
    const small = propose(['--learned-pool', '8']);
    expect(small.ctx.config.learnedPool).toBe(8);
    // A pool of 8 for 8 children: it can only propose that pool (the first 8 draws of the same seed).
    const pool = new Set(candidatePool(small.ctx, 8, createRng(5)).proposals.map(key));
    const picked = await small.picks;
    for (const p of picked) expect(pool.has(key(p))).toBe(true);
    for (const p of picked) expect(p.predictedGain).toBeTypeOf('number');
    // The default pool of 96: its predictor's favourites come from beyond the first 8.
    const big = await propose([]).picks;
    expect(big.filter((p) => !pool.has(key(p))).length).toBeGreaterThan(0);
  }, 60_000);

  it('--learned-members sets the ensemble: one member picks greedily, and the predictions change', async () => {
    const one = propose(['--learned-members', '1']);
    expect(one.ctx.config.learnedMembers).toBe(1);
    const gains = (await one.picks).map((p) => p.predictedGain as number);
    // One member is its own ensemble mean, so its picks come best first.
    for (let i = 1; i < gains.length; i++) expect(gains[i]).toBeLessThanOrEqual(gains[i - 1]);
    const eight = (await propose(['--learned-members', '8']).picks).map((p) => p.predictedGain as number);
    const five = (await propose([]).picks).map((p) => p.predictedGain as number);
    expect(eight).not.toEqual(five);
    expect(gains).not.toEqual(five);
    // Thompson sampling over several members does not pick in the mean's order here.
    expect(five.some((g, i) => i > 0 && g > five[i - 1])).toBe(true);
  }, 60_000);
});
