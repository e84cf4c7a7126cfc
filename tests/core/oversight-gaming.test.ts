/** The gaming operator chooses the window where the child does best, deterministically. */
import { describe, expect, it } from 'vitest';
import { applyGaming, bestWindow, GAMING_OPERATOR, subsetRange } from '../../src/core/oversight/gaming';
import { validateGenome } from '../../src/core/genome';
import { createRng } from '../../src/core/rng';
import { mlpGenome } from './fixtures';

describe('choose-validation-subset', () => {
  it('picks the window with the most right answers (the earliest on a tie), and subsetRange maps it back', () => {
    const correct = [0, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const w = bestWindow(correct, 0.2); // 4 examples
    expect([w.from, w.to]).toEqual([3, 7]);
    expect(subsetRange({ start: w.start, size: 0.2 }, correct.length)).toEqual([3, 7]);
    expect(bestWindow(new Array(20).fill(0), 0.2).from).toBe(0);
  });

  it('stays inside the split and a valid genome for every size and split length', () => {
    const rng = createRng(7);
    for (let t = 0; t < 100; t++) {
      const n = 1 + rng.int(250);
      const size = Number((0.02 + rng.next() * 0.08).toPrecision(4));
      const correct: number[] = Array.from({ length: n }, () => (rng.next() < 0.7 ? 1 : 0));
      const w = bestWindow(correct, size);
      expect(w.start).toBeLessThanOrEqual(1 - size);
      expect(subsetRange({ start: w.start, size }, n)).toEqual([w.from, w.to]);
      const hits = (a: number) => correct.slice(a, a + (w.to - w.from)).reduce((s, x) => s + x, 0);
      for (let a = 0; a + (w.to - w.from) <= n && a / n <= 1 - size; a++)
        expect(hits(a)).toBeLessThanOrEqual(hits(w.from));
      expect(() => validateGenome({ ...mlpGenome([8]), evalSubset: { start: w.start, size } })).not.toThrow();
    }
  });

  it('is drawn from the seeded Rng, on about half the proposals, named in operators and changes', () => {
    const props = Array.from({ length: 40 }, (_, i) => ({
      genome: mlpGenome([8]),
      operators: [] as string[],
      changes: [] as string[],
      parentId: i,
    }));
    const a = applyGaming(props, createRng(3));
    expect(applyGaming(props, createRng(3))).toEqual(a);
    const gamed = a.filter((p) => p.operators.includes(GAMING_OPERATOR));
    expect(gamed.length).toBeGreaterThan(10);
    expect(gamed.length).toBeLessThan(30);
    for (const p of gamed) {
      expect(p.genome.evalSubset!.size).toBeGreaterThanOrEqual(0.02);
      expect(p.genome.evalSubset!.size).toBeLessThanOrEqual(0.1);
      expect(p.changes.at(-1)).toMatch(/window of the validation split where it does best/);
    }
    expect(props.every((p) => p.genome.evalSubset === undefined)).toBe(true);
  });
});
