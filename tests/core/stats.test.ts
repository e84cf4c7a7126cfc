import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { bootstrapDifference, bootstrapMean, mean, permutationTest, quantile, std } from '../../src/core/stats';

/** n draws from a normal distribution with a known mean, from a seeded generator. */
function normalSample(n: number, mu: number, sigma: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => mu + sigma * rng.normal());
}

describe('descriptive statistics', () => {
  it('mean, sample std and quantiles match hand-computed values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(std([3])).toBe(0);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });
});

describe('bootstrap confidence intervals', () => {
  it('a 95% interval contains the known population mean in about 95% of samples', () => {
    // 200 samples of 30 from N(0.7, 0.05): the coverage should be near 95%.
    let covered = 0;
    for (let s = 0; s < 200; s++) {
      const e = bootstrapMean(normalSample(30, 0.7, 0.05, 1000 + s), createRng(s), 0.95, 2000);
      expect(e.lo).toBeLessThanOrEqual(e.mean);
      expect(e.hi).toBeGreaterThanOrEqual(e.mean);
      if (e.lo <= 0.7 && 0.7 <= e.hi) covered++;
    }
    expect(covered / 200).toBeGreaterThan(0.88);
    expect(covered / 200).toBeLessThan(0.99);
  });

  it('narrows as the sample grows and is exact for constant data', () => {
    const small = bootstrapMean(normalSample(10, 0.5, 0.1, 1), createRng(1));
    const large = bootstrapMean(normalSample(400, 0.5, 0.1, 1), createRng(1));
    expect(large.hi - large.lo).toBeLessThan((small.hi - small.lo) / 3);
    const flat = bootstrapMean([0.8, 0.8, 0.8], createRng(2));
    expect(flat.hi - flat.lo).toBe(0);
    expect(flat.mean).toBeCloseTo(0.8, 12);
  });

  it('the difference interval contains the true difference and excludes 0 when groups clearly differ', () => {
    const a = normalSample(20, 0.9, 0.02, 5);
    const b = normalSample(20, 0.8, 0.02, 6);
    const d = bootstrapDifference(a, b, createRng(3));
    expect(d.lo).toBeLessThan(0.1);
    expect(d.hi).toBeGreaterThan(0.1);
    expect(d.lo).toBeGreaterThan(0);
  });

  it('refuses empty or non-finite input with a clear error', () => {
    expect(() => bootstrapMean([], createRng(1))).toThrow(/no values/);
    expect(() => bootstrapMean([1, NaN], createRng(1))).toThrow(/finite/);
  });
});

describe('permutation test', () => {
  it('separates clearly different samples', () => {
    const p = permutationTest(normalSample(10, 0.9, 0.02, 1), normalSample(10, 0.7, 0.02, 2), createRng(4), 5000);
    expect(p).toBeLessThan(0.001);
  });

  it('does not separate samples from the same distribution', () => {
    const p = permutationTest(normalSample(10, 0.8, 0.05, 3), normalSample(10, 0.8, 0.05, 4), createRng(5), 5000);
    expect(p).toBeGreaterThan(0.05);
  });

  it('gives p = 1 for identical samples and is never exactly 0', () => {
    expect(permutationTest([0.5, 0.6, 0.7], [0.5, 0.6, 0.7], createRng(6), 999)).toBe(1);
    const p = permutationTest([1, 1, 1, 1, 1], [0, 0, 0, 0, 0], createRng(7), 999);
    expect(p).toBeGreaterThan(0);
    // Only 2 of the 252 relabellings are as extreme: p ≈ 2/252.
    expect(p).toBeGreaterThan(0.002);
    expect(p).toBeLessThan(0.02);
  });

  it('is reproducible from the seed', () => {
    const a = [0.81, 0.84, 0.79, 0.86];
    const b = [0.78, 0.8, 0.77, 0.83];
    expect(permutationTest(a, b, createRng(9))).toBe(permutationTest(a, b, createRng(9)));
  });
});
