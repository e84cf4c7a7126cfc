import { describe, expect, it } from 'vitest';
import type { Hyperparams } from '../../src/core/genome';
import {
  exploitExplore,
  exploreHyper,
  perturbValue,
  quantileCount,
  type Explore,
  type PbtMember,
} from '../../src/core/pbt';
import { createRng } from '../../src/core/rng';
import { SPACE_2D } from '../../src/core/space';

const tag: Explore<string> = (h) => ({ hyper: `${h}*`, changes: [`${h} explored`] });
const members = (scores: number[]): PbtMember<string>[] => scores.map((score, id) => ({ id, score, hyper: `h${id}` }));

describe('PBT exploit/explore on a constructed population', () => {
  it('sizes the quantiles: a quarter, at least one from two members on', () => {
    expect([1, 2, 3, 4, 7, 8, 16].map((n) => quantileCount(n))).toEqual([0, 1, 1, 1, 1, 2, 4]);
  });

  it('the bottom quarter copies a top-quarter member and explores; the rest continue', () => {
    // Ranks: 3 (0.9), 6 (0.85), 1 (0.8), 7 (0.6), 0 (0.5), 4 (0.4), 2 (0.2), 5 (0.1).
    const pop = members([0.5, 0.8, 0.2, 0.9, 0.4, 0.1, 0.85, 0.6]);
    const steps = exploitExplore(pop, createRng(7), tag);
    expect(steps.map((s) => s.memberId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const exploited = steps.filter((s) => s.exploited);
    expect(exploited.map((s) => s.memberId).sort()).toEqual([2, 5]);
    for (const s of exploited) {
      expect([3, 6]).toContain(s.sourceId);
      expect(s.hyper).toBe(`h${s.sourceId}*`);
      expect(s.changes).toEqual([`h${s.sourceId} explored`]);
    }
    for (const s of steps.filter((x) => !x.exploited)) {
      expect(s.sourceId).toBe(s.memberId);
      expect(s.hyper).toBe(`h${s.memberId}`);
      expect(s.changes).toEqual([]);
    }
  });

  it('draws the source uniformly from the top quarter', () => {
    const pop = members([0.1, 0.2, 0.9, 0.3, 0.95, 0.4, 0.5, 0.6]);
    const counts = new Map<number, number>();
    for (let seed = 0; seed < 400; seed++)
      for (const s of exploitExplore(pop, createRng(seed), tag))
        if (s.exploited) counts.set(s.sourceId, (counts.get(s.sourceId) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([2, 4]);
    expect(counts.get(2)! / 800).toBeGreaterThan(0.4);
    expect(counts.get(4)! / 800).toBeGreaterThan(0.4);
  });

  it('makes every diverged member exploit, even beyond the bottom quarter, and ranks ties by age', () => {
    const pop = members([-Infinity, 0.7, -Infinity, 0.7, 0.3, -Infinity, 0.2, 0.1]);
    const steps = exploitExplore(pop, createRng(1), tag);
    // Top quarter (two of eight): 1 and 3. Exploiting: the three diverged ones, one more than a quarter.
    expect(steps.filter((s) => s.exploited).map((s) => s.memberId)).toEqual([0, 2, 5]);
    for (const s of steps.filter((x) => x.exploited)) expect([1, 3]).toContain(s.sourceId);
    const tied = exploitExplore(members([0.5, 0.5, 0.5, 0.5]), createRng(3), tag);
    expect(tied.filter((s) => s.exploited).map((s) => [s.memberId, s.sourceId])).toEqual([[3, 0]]);
  });

  it('leaves a population with nothing healthy, or of one, alone', () => {
    expect(exploitExplore(members([-Infinity, -Infinity]), createRng(1), tag).every((s) => !s.exploited)).toBe(true);
    expect(exploitExplore(members([0.4]), createRng(1), tag)).toEqual([
      { memberId: 0, sourceId: 0, exploited: false, hyper: 'h0', changes: [] },
    ]);
  });
});

describe('explore', () => {
  it('multiplies by 0.8 or 1.2 within the range, or resamples', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 50; seed++) seen.add(perturbValue(0.5, { min: 0, max: 1 }, createRng(seed), 0));
    expect([...seen].sort()).toEqual([0.4, 0.6]);
    expect(perturbValue(0.95, { min: 0, max: 1 }, createRng(2), 0)).toBeLessThanOrEqual(1);
    const resampled = Array.from({ length: 50 }, (_, s) => perturbValue(0.5, { min: 2, max: 3 }, createRng(s), 1));
    expect(resampled.every((x) => x >= 2 && x <= 3)).toBe(true);
  });

  it('explores a genome’s hyperparameters inside the space and keeps its optimizer', () => {
    const h: Hyperparams = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 1e-4, dropout: 0.1 };
    const explore = exploreHyper(SPACE_2D, 0);
    for (let seed = 0; seed < 40; seed++) {
      const { hyper, changes } = explore(h, createRng(seed));
      expect(hyper.optimizer).toBe('adam');
      expect([0.008, 0.012].map((x) => x.toFixed(6))).toContain(hyper.learningRate.toFixed(6));
      expect([16, 64]).toContain(hyper.batchSize);
      expect(['0.080000', '0.120000']).toContain(hyper.dropout.toFixed(6));
      expect(changes.find((c) => c.startsWith('lr '))).toMatch(/^lr 0\.010→(8\.0e-3|0\.012)$/);
    }
    const high = exploreHyper(SPACE_2D, 0)({ ...h, learningRate: 1 }, createRng(1)).hyper.learningRate;
    expect(high).toBeLessThanOrEqual(SPACE_2D.learningRate.max);
  });
});
