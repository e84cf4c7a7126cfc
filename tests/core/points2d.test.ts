import { describe, expect, it } from 'vitest';
import { generatePoints, POINT_TASKS, SCALE } from '../../src/core/points2d';
import { createRng } from '../../src/core/rng';

describe('generatePoints', () => {
  for (const task of POINT_TASKS) {
    it(`${task}: balanced labels, finite values, deterministic given the seed`, () => {
      for (const n of [200, 201]) {
        const p = generatePoints(task, n, createRng(1));
        expect(p.n).toBe(n);
        expect(p.x).toHaveLength(2 * n);
        expect(p.y).toHaveLength(n);
        const ones = p.y.reduce((a, b) => a + b, 0);
        const zeros = p.y.filter((v) => v === 0).length;
        expect(ones + zeros).toBe(n);
        expect(Math.abs(ones - zeros)).toBeLessThanOrEqual(1);
        // The shapes fit in the unit box before scaling; noise of std 0.08 cannot push far beyond.
        for (const v of p.x) {
          expect(Number.isFinite(v)).toBe(true);
          expect(Math.abs(v)).toBeLessThan(2 * SCALE);
        }
      }
      const a = generatePoints(task, 100, createRng(7));
      const b = generatePoints(task, 100, createRng(7));
      expect(Array.from(b.x)).toEqual(Array.from(a.x));
      expect(Array.from(b.y)).toEqual(Array.from(a.y));
      const c = generatePoints(task, 100, createRng(8));
      expect(Array.from(c.x)).not.toEqual(Array.from(a.x));
    });
  }

  it('xor without noise: label 0 where x and y share a sign, 1 where they differ', () => {
    const p = generatePoints('xor', 400, createRng(3), 0);
    for (let i = 0; i < p.n; i++) {
      const same = Math.sign(p.x[2 * i]) === Math.sign(p.x[2 * i + 1]);
      expect(p.y[i]).toBe(same ? 0 : 1);
    }
  });

  it('circles without noise: label 0 inside radius 0.45·SCALE, label 1 outside 0.65·SCALE', () => {
    const p = generatePoints('circles', 400, createRng(4), 0);
    for (let i = 0; i < p.n; i++) {
      const r = Math.hypot(p.x[2 * i], p.x[2 * i + 1]) / SCALE;
      if (p.y[i] === 0) expect(r).toBeLessThanOrEqual(0.45 + 1e-6);
      else expect(r).toBeGreaterThanOrEqual(0.65 - 1e-6);
    }
  });

  it('spirals without noise: every point lies on its arm (angle 2.5π·t + label·π at radius 0.05 + 0.9t)', () => {
    const p = generatePoints('spirals', 400, createRng(5), 0);
    for (let i = 0; i < p.n; i++) {
      const x = p.x[2 * i] / SCALE;
      const y = p.x[2 * i + 1] / SCALE;
      const r = Math.hypot(x, y);
      const t = (r - 0.05) / 0.9;
      expect(t).toBeGreaterThanOrEqual(-1e-5);
      expect(t).toBeLessThanOrEqual(1 + 1e-5);
      const angle = 1.25 * 2 * Math.PI * t + p.y[i] * Math.PI;
      expect(x / r).toBeCloseTo(Math.cos(angle), 3);
      expect(y / r).toBeCloseTo(Math.sin(angle), 3);
    }
  });

  it('more noise spreads the points further from the noise-free shape', () => {
    const clean = generatePoints('circles', 500, createRng(6), 0);
    const noisy = generatePoints('circles', 500, createRng(6), 0.3);
    const spread = (x: Float32Array) => Math.max(...Array.from(x, Math.abs));
    expect(spread(noisy.x)).toBeGreaterThan(spread(clean.x));
  });
});
