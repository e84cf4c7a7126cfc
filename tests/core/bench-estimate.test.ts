import { describe, expect, it } from 'vitest';
import { atPolicyRepeats, caseCosts, createEstimator, estimateSuite, repeatsIn } from '../../src/core/bench/estimate';
import type { BenchEvent } from '../../src/core/bench/events';
import { SUITE_NAMES, suiteFingerprint, type Suite } from '../../src/core/bench/suite';
import { SUITES } from '../../src/core/bench/suites';

const measures = { train: [], infer: [], matmul: [], conv: [], dispatch: [], loop: [] };
const measured = (backend: string): BenchEvent => ({ type: 'measure', backend, measures });
const progress = (backend: string, index: number, count: number): BenchEvent => ({
  type: 'progress',
  backend,
  kind: 'matmul',
  id: `c${index}`,
  index,
  count,
});

/** Square products 256 then four of 512: each 512 product is 8× the 256's FLOPs and costs 8× as much on a GPU (2× on a CPU, say). */
const eightfold: Suite = {
  name: 'eightfold',
  version: 1,
  title: 'test',
  repeats: 3,
  warmup: 1,
  seed: 1,
  train: [],
  infer: [],
  matmul: [256, 512, 512, 512, 512].map((s, i) => ({
    id: `square-${s}-${i}`,
    m: s,
    k: s,
    n: s,
    iters: 1,
    tolerance: 1e-3,
    cost: s === 256 ? { gpu: 0.5, cpu: 0.25 } : { gpu: 4, cpu: 0.5 },
  })),
  conv: [],
  dispatch: [],
  loop: [],
};
const naive: Suite = { ...eightfold, name: 'naive', matmul: eightfold.matmul.map(({ cost: _, ...c }) => c) };

describe('the suite time estimate', () => {
  it("scales the first case's time by each case's cost: later cases 8× the first's work are estimated 8× the naive", () => {
    expect(caseCosts(eightfold, 'webgpu')).toEqual([0.5, 4, 4, 4, 4]);
    expect(caseCosts(eightfold, 'wasm')).toEqual([0.25, 0.5, 0.5, 0.5, 0.5]);
    expect(caseCosts(naive, 'webgpu')).toEqual([1, 1, 1, 1, 1]);
    const scaled = estimateSuite(1000, 1500, caseCosts(eightfold, 'webgpu'));
    const flat = estimateSuite(1000, 1500, caseCosts(naive, 'webgpu'));
    expect(flat.remainingMs).toBeCloseTo(4 * 1000, 9);
    expect(scaled.remainingMs / 4).toBeCloseTo(8 * (flat.remainingMs / 4), 9);
    expect(scaled.totalMs).toBeCloseTo(1500 + 32_000, 9);
  });

  it('is never below the time already spent, however small the cases left', () => {
    for (const elapsed of [0, 999, 1000, 60_000])
      for (const rest of [[], [0.001], [1e-9, 1e-9], [3]]) {
        const e = estimateSuite(1000, elapsed, [1, ...rest], 1);
        expect(e.remainingMs).toBeGreaterThanOrEqual(0);
        expect(e.totalMs).toBeGreaterThanOrEqual(Math.max(elapsed, 1000) + e.remainingMs - 1e-9);
        expect(e.totalMs).toBeGreaterThanOrEqual(elapsed);
      }
  });

  it("re-estimates at each backend's first case, with that backend's costs; a later backend assumed as long as this one", () => {
    let t = 0;
    const est = createEstimator(() => t, { eightfold });
    expect(
      est({ type: 'bench-start', suite: { name: 'eightfold', version: 1 }, backends: ['webgpu', 'cpu'] }),
    ).toBeNull();
    t = 60_000; // the CPU's reference outputs and the check before the first case
    expect(est(progress('webgpu', 0, 5))).toBeNull();
    t = 62_000;
    // webgpu: 2 s × (4 × 8) = 64 s more here; cpu assumed as long, 2 s × (1 + 4 × 8) = 66 s; 62 s already spent.
    expect(est(measured('webgpu'))).toBe(
      "webgpu's first case took 2 s: about 2 min more (3 min in all) for 5 cases on 2 " +
        "backends (estimated from this device's first case, scaled by each case's cost)",
    );
    expect(est(progress('webgpu', 1, 5))).toBeNull();
    expect(est(measured('webgpu'))).toBeNull();
    t = 200_000;
    expect(est(progress('cpu', 0, 5))).toBeNull();
    t = 201_000;
    // cpu, by its own costs: 1 s × (4 × 2) = 8 s more, 201 s spent.
    expect(est(measured('cpu'))).toBe(
      "cpu's first case took 1 s: about 8 s more (3 min in all) for 5 cases on 2 backends " +
        "(estimated from this device's first case, scaled by each case's cost)",
    );
  });

  it('takes a first case repeated until stable at the suite’s repeats, not at the repeats it ran', () => {
    // The micro v3 reference: square-256 ran 44 repeats under --until-stable in 2 min; the suite's policy is 3.
    const stat = (n: number) => ({ median: 1, min: 1, max: 1, samples: Array.from({ length: n }, () => 1) });
    const ran44 = { ...measures, matmul: [{ id: 'square-256', gflops: stat(44) }] } as unknown as typeof measures;
    expect(repeatsIn(ran44)).toBe(44);
    expect(repeatsIn(measures)).toBe(0);
    expect(atPolicyRepeats(120_000, 44, 3)).toBeCloseTo((120_000 * 3) / 44);
    // A case that settled at the minimum (or below it, in a test) is taken as it is.
    expect(atPolicyRepeats(120_000, 3, 3)).toBe(120_000);
    expect(atPolicyRepeats(120_000, 0, 3)).toBe(120_000);
    let t = 0;
    const est = createEstimator(() => t, { eightfold });
    est({ type: 'bench-start', suite: { name: 'eightfold', version: 1 }, backends: ['webgpu'] });
    est(progress('webgpu', 0, 5));
    t = 44_000;
    // 44 s over 44 repeats is 3 s at the suite's 3: 3 s × (4 × 8) = 96 s (2 min) more, not 44 s × 32 = 23 min.
    expect(est({ type: 'measure', backend: 'webgpu', measures: ran44 })).toMatch(
      /^webgpu's first case took 44 s: about 2 min more \(2 min in all\) for 5 cases on 1 backend /,
    );
  });

  it('falls back to every case like the first for a suite it has no costs for (another version, or part of one)', () => {
    let t = 0;
    const est = createEstimator(() => t, { eightfold });
    est({ type: 'bench-start', suite: { name: 'eightfold', version: 2 }, backends: ['webgpu', 'cpu'] });
    est(progress('webgpu', 0, 5));
    t = 2000;
    // 2 s × 4 cases left here + 2 s × 5 cases on the next backend = 18 s.
    expect(est(measured('webgpu'))).toMatch(
      /^webgpu's first case took 2 s: about 18 s more \(20 s in all\) for 5 cases/,
    );
    // The right version but only part of its cases (2 of 5): naive too, 1 s × 1 + 1 s × 2.
    const part = createEstimator(() => t, { eightfold });
    part({ type: 'bench-start', suite: { name: 'eightfold', version: 1 }, backends: ['webgpu', 'cpu'] });
    part(progress('webgpu', 0, 2));
    t += 1000;
    expect(part(measured('webgpu'))).toMatch(/^webgpu's first case took 1 s: about 3 s more/);
  });
});

describe('the shipped suites’ costs', () => {
  it('cover every case, on both kinds, and are not workload (the fingerprint ignores them)', () => {
    for (const name of SUITE_NAMES) {
      const s = SUITES[name];
      const cases = [...s.train, ...s.infer, ...s.matmul, ...s.conv, ...s.dispatch, ...s.loop];
      for (const c of cases) expect(c.cost, `${name} ${c.id}`).toBeDefined();
      const doubled = JSON.parse(JSON.stringify(s), (k, v) =>
        k === 'cost' ? { gpu: v.gpu * 2, cpu: v.cpu } : v,
      ) as Suite;
      expect(caseCosts(doubled, 'webgpu')).not.toEqual(caseCosts(s, 'webgpu'));
      expect(suiteFingerprint(doubled)).toBe(suiteFingerprint(s));
    }
  });

  it("make micro's estimate from its first case (a 256 product) far above the naive one", () => {
    const micro = SUITES.micro;
    for (const b of ['webgpu', 'cpu']) {
      const costs = caseCosts(micro, b);
      const flat = costs.map(() => 1);
      const ratio =
        estimateSuite(10_000, 10_000, costs, 1).remainingMs / estimateSuite(10_000, 10_000, flat, 1).remainingMs;
      // The 2048 product alone costs 17× (SwiftShader) and 15× (CPU) the 256 one.
      expect(ratio, b).toBeGreaterThan(2);
    }
  });
});
