import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, rngFor } from '../../src/core/rng';

const draws = (seed: number, n = 64) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('rng: seeding', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draws(42)).toEqual(draws(42));
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 50; i++) {
      expect(a.int(1000)).toBe(b.int(1000));
      expect(a.normal()).toBe(b.normal());
      expect(a.seed32()).toBe(b.seed32());
    }
  });

  it('gives different sequences for different seeds', () => {
    const seqs = [0, 1, 2, 3, 0xffffffff].map((s) => JSON.stringify(draws(s)));
    expect(new Set(seqs).size).toBe(seqs.length);
    // Neighbouring seeds must not just be shifted copies of each other.
    const a = draws(1, 32);
    const b = draws(2, 32);
    expect(a.filter((x) => b.includes(x)).length).toBe(0);
  });

  it('next() stays in [0, 1) and seed32() is an unsigned 32-bit integer', () => {
    const r = createRng(3);
    for (let i = 0; i < 2000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const s = r.seed32();
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(0xffffffff);
    }
  });

  it('deriveSeed depends on the base seed and on every part of the path, in order', () => {
    const base = deriveSeed(1, 'gen', 3);
    expect(deriveSeed(1, 'gen', 3)).toBe(base);
    expect(deriveSeed(1, 'gen', 4)).not.toBe(base);
    expect(deriveSeed(2, 'gen', 3)).not.toBe(base);
    expect(deriveSeed(1, 'gen')).not.toBe(base);
    expect(deriveSeed(1, 'train', 3)).not.toBe(base);
    expect(deriveSeed(1, 'a', 'b')).not.toBe(deriveSeed(1, 'b', 'a'));
    const many = new Set(Array.from({ length: 200 }, (_, i) => deriveSeed(9, 'train', i)));
    expect(many.size).toBe(200);
    for (const s of many) expect(s >>> 0).toBe(s);
  });

  it('rngFor(seed, path) is createRng(deriveSeed(seed, path))', () => {
    const a = rngFor(5, 'propose', 2);
    const b = createRng(deriveSeed(5, 'propose', 2));
    for (let i = 0; i < 20; i++) expect(a.next()).toBe(b.next());
  });
});

describe('rng: draws', () => {
  it('int(n) is an integer in [0, n) and reaches every value', () => {
    const r = createRng(11);
    for (const n of [1, 2, 3, 7, 100]) {
      const seen = new Set<number>();
      for (let i = 0; i < 2000; i++) {
        const k = r.int(n);
        expect(Number.isInteger(k)).toBe(true);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThan(n);
        seen.add(k);
      }
      expect(seen.size).toBe(n);
    }
  });

  it('int refuses n < 1', () => {
    const r = createRng(1);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(-3)).toThrow(RangeError);
    expect(() => r.int(Number.NaN)).toThrow(RangeError);
  });

  it('uniform(lo, hi) stays in [lo, hi)', () => {
    const r = createRng(12);
    for (let i = 0; i < 1000; i++) {
      const x = r.uniform(-2, 5);
      expect(x).toBeGreaterThanOrEqual(-2);
      expect(x).toBeLessThan(5);
    }
  });

  it('normal() has mean about 0 and variance about 1', () => {
    const r = createRng(13);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      expect(Number.isFinite(x)).toBe(true);
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // Standard error of the mean is 1/sqrt(n) ≈ 0.007; of the variance ≈ 0.01.
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.06);
  });

  it('weighted never picks a zero (or negative) weight and follows the ratios', () => {
    const r = createRng(14);
    const counts = [0, 0, 0, 0, 0];
    const n = 6000;
    for (let i = 0; i < n; i++) counts[r.weighted([0, 1, 0, 2, -5])]++;
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(counts[4]).toBe(0);
    // Expected 1/3 and 2/3 of the draws; the binomial sd is about 0.006.
    expect(counts[1] / n).toBeGreaterThan(0.3);
    expect(counts[1] / n).toBeLessThan(0.37);
    expect(counts[3] / n).toBeGreaterThan(0.63);
  });

  it('weighted with a single positive weight always returns it, even last or first', () => {
    const r = createRng(15);
    for (let i = 0; i < 200; i++) {
      expect(r.weighted([0, 0, 0, 3])).toBe(3);
      expect(r.weighted([1e-9, 0, 0])).toBe(0);
    }
  });

  it('weighted refuses an all-zero or empty weight list', () => {
    const r = createRng(16);
    expect(() => r.weighted([0, 0])).toThrow(RangeError);
    expect(() => r.weighted([])).toThrow(RangeError);
    expect(() => r.weighted([-1, -2])).toThrow(RangeError);
  });

  it('pick returns an element and refuses an empty array', () => {
    const r = createRng(17);
    const items = ['a', 'b', 'c'];
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(r.pick(items));
    expect([...seen].sort()).toEqual(items);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('shuffle returns a permutation, leaves its input alone and is seeded', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const copy = items.slice();
    const orders = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      const out = createRng(seed).shuffle(items);
      expect(out).not.toBe(items);
      expect(out.slice().sort((a, b) => a - b)).toEqual(items);
      expect(createRng(seed).shuffle(items)).toEqual(out);
      orders.add(out.join(','));
    }
    expect(items).toEqual(copy);
    expect(orders.size).toBe(10);
    expect(orders.has(items.join(','))).toBe(false);
  });
});
