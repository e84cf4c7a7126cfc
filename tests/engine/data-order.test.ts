// One epoch shuffle for every trainer: the engine's (train.ts, population/train-group.ts) and the
// benchmark's training workload draw their batches through core/data-order.ts. Checked here against
// expectations written out by hand and against a reference shuffle written independently of the module.
import { describe, expect, it } from 'vitest';
import { DataOrder } from '../../src/core/data-order';
import { createRng, rngFor, type Rng } from '../../src/core/rng';
import { SUITES } from '../../src/core/bench/suites';
import { caseDataOrder } from '../../src/engine/bench/workloads/train';

/** An Rng whose int() returns the scripted values in turn (only int is used by a shuffle). */
function scripted(values: number[]): Rng {
  let i = 0;
  const rng = createRng(0);
  return {
    ...rng,
    int: (n: number) => {
      const v = values[i++];
      if (v === undefined || v >= n) throw new Error(`script exhausted or out of range at draw ${i}`);
      return v;
    },
  };
}

/** Fisher–Yates from the top, a batch at a time, a short tail skipped: the trainer's documented order. */
function reference(rng: Rng, n: number, batch: number, batches: number): number[][] {
  const order = Array.from({ length: n }, (_, i) => i);
  const out: number[][] = [];
  let at = n;
  while (out.length < batches) {
    if (at + batch > n) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      at = 0;
    }
    out.push(order.slice(at, at + batch));
    at += batch;
  }
  return out;
}

const take = (o: DataOrder, count: number) => Array.from({ length: count }, () => Array.from(o.nextBatch()));

describe('the epoch shuffle', () => {
  it('follows a hand-worked example: shuffle, two batches, the fifth example skipped, shuffle again', () => {
    // n = 5: draws int(5), int(4), int(3), int(2) per epoch.
    // Epoch 1 from [0,1,2,3,4]: i=4 j=0 → [4,1,2,3,0]; i=3 j=3 → same; i=2 j=1 → [4,2,1,3,0]; i=1 j=0 → [2,4,1,3,0].
    // Epoch 2 from [2,4,1,3,0]: i=4 j=4 → same; i=3 j=0 → [3,4,1,2,0]; i=2 j=2 → same; i=1 j=1 → same.
    const o = new DataOrder(scripted([0, 3, 1, 0, 4, 0, 2, 1]), 5, 2);
    expect(take(o, 4)).toEqual([
      [2, 4],
      [1, 3],
      [3, 4],
      [1, 2],
    ]);
  });

  it('writes batches side by side into a shared buffer, as a batched group reads them', () => {
    const a = new DataOrder(createRng(1), 10, 3);
    const b = new DataOrder(createRng(2), 10, 4);
    const buf = new Int32Array(8).fill(-1);
    a.next(buf, 0);
    b.next(buf, 4);
    expect(Array.from(buf.subarray(0, 3))).toEqual(reference(createRng(1), 10, 3, 1)[0]);
    expect(buf[3]).toBe(-1);
    expect(Array.from(buf.subarray(4))).toEqual(reference(createRng(2), 10, 4, 1)[0]);
  });

  it("the benchmark's training order is the engine's order drawn from the case's own stream", () => {
    const suite = SUITES.quick;
    expect(suite.train.length).toBeGreaterThan(0);
    for (const c of suite.train) {
      const n = 1000;
      const batch = Math.min(c.genome.hyper.batchSize, n);
      const count = Math.ceil((3 * n) / batch); // three epochs
      const ctx = { rng: (...path: (string | number)[]) => rngFor(suite.seed, 'bench', ...path) };
      const bench = take(caseDataOrder(ctx, c, n), count);
      expect(bench).toEqual(reference(rngFor(suite.seed, 'bench', 'batches', c.id), n, batch, count));
      expect(bench).toEqual(take(new DataOrder(rngFor(suite.seed, 'bench', 'batches', c.id), n, batch), count));
    }
  });
});
