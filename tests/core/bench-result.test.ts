import { describe, expect, it } from 'vitest';
import { combineChecks, compareOutputs } from '../../src/core/bench/check';
import { figuresOf } from '../../src/core/bench/figures';
import { applyScores } from '../../src/core/bench/score';
import { geomean, median, relativeSpread, summarise } from '../../src/core/bench/stats';
import { BenchResultError, validateBenchResult } from '../../src/core/bench/validate';
import { backend, result } from './bench-fixtures';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('benchmark statistics', () => {
  it('medians, ranges, spread and geometric mean', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const s = summarise([10, 12, 8]);
    expect(s).toMatchObject({ median: 10, min: 8, max: 12, samples: [10, 12, 8] });
    expect(relativeSpread(s)).toBeCloseTo(0.2);
    expect(geomean([1, 100])).toBeCloseTo(10);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('the correctness check against the CPU', () => {
  it('passes within tolerance, fails beyond it, and treats NaN or a wrong length as unbounded', () => {
    const cpu = Float32Array.of(1, 2, 3);
    expect(compareOutputs('a', Float32Array.of(1, 2, 3.0005), cpu, 1e-3)).toMatchObject({ passed: true });
    expect(compareOutputs('a', Float32Array.of(1, 2, 3.01), cpu, 1e-3)).toMatchObject({ passed: false });
    expect(compareOutputs('a', Float32Array.of(1, NaN, 3), cpu, 1e-3)).toEqual({
      id: 'a',
      maxAbsError: null,
      tolerance: 1e-3,
      passed: false,
    });
    expect(compareOutputs('a', Float32Array.of(1, 2), cpu, 1e-3).passed).toBe(false);
    const all = combineChecks([
      compareOutputs('a', cpu, cpu, 1e-3),
      compareOutputs('b', Float32Array.of(0, 2, 3), cpu, 1e-3),
    ]);
    expect(all.passed).toBe(false);
    expect(all.maxAbsError).toBe(1);
  });
});

describe('the score', () => {
  const ref = result([backend('cpu', 1), backend('webgpu', 3)]);

  it('is 100 for the reference cpu entry and the geometric mean of value ÷ reference elsewhere', () => {
    const mine = applyScores(result([backend('webgpu', 2), backend('cpu', 1)]), ref);
    expect(mine.backends[0].score).toBeCloseTo(200, 6);
    expect(mine.backends[1].score).toBeCloseTo(100, 6);
    // One sub-score per case; dispatch µs (lower is better) is inverted, so it also reads 200.
    expect(mine.backends[0].subscores.map((s) => s.id)).toEqual([
      'train/t1',
      'infer/i1',
      'matmul/square-64',
      'conv/c1',
      'dispatch/d1',
      'loop/l1',
    ]);
    for (const s of mine.backends[0].subscores) expect(s.score).toBeCloseTo(200, 6);
    expect(mine.reference).toMatchObject({ suite: 'quick', version: 2, backend: 'cpu' });
    validateBenchResult(mine);
  });

  it('gives no score to a backend whose outputs differ from the CPU, and says why', () => {
    const wrong = backend('webgpu', 50, {
      status: 'wrong',
      reason: 'outputs differ',
      check: {
        passed: false,
        maxAbsError: 0.5,
        items: [{ id: 'matmul/square-64', maxAbsError: 0.5, tolerance: 1e-3, passed: false }],
      },
    });
    const mine = applyScores(result([wrong, backend('cpu', 1)]), ref);
    expect(mine.backends[0].score).toBeNull();
    expect(mine.backends[0].scoreNote).toMatch(/differ from the CPU/);
    expect(mine.backends[1].score).toBeCloseTo(100, 6);
    validateBenchResult(mine);
  });

  it('is withheld without a reference of the same suite, version and workload', () => {
    expect(applyScores(result([backend('cpu')]), null).backends[0].scoreNote).toMatch(/no reference result/);
    const other = applyScores(
      result([backend('cpu')]),
      result([backend('cpu')], { suite: { ...ref.suite, version: 1 } }),
    );
    expect(other.backends[0].score).toBeNull();
    expect(other.backends[0].scoreNote).toMatch(/v1, this is quick v2/);
    const changed = applyScores(
      result([backend('cpu')]),
      result([backend('cpu')], { suite: { ...ref.suite, fingerprint: 'ffffffff' } }),
    );
    expect(changed.backends[0].scoreNote).toMatch(/different workload/);
  });
});

describe('validateBenchResult', () => {
  const good = applyScores(result([backend('webgpu', 2), backend('cpu')]), result([backend('cpu')]));

  it('accepts a scored result and lists one scored figure per case', () => {
    expect(validateBenchResult(clone(good))).toEqual(good);
    expect(figuresOf(good.backends[0].measures!).filter((f) => f.scoreId).length).toBe(6);
  });

  const cases: [string, (r: Record<string, any>) => void, RegExp][] = [
    ['foreign JSON', (r) => delete r.kind, /^kind: must be "successor-bench"/],
    ['another schema version', (r) => (r.schemaVersion = 3), /^schemaVersion: is 3; this version reads 1 and 2/],
    ['a bad date', (r) => (r.createdAt = 'yesterday'), /^createdAt: must be an ISO date/],
    ['no suite version', (r) => delete r.suite.version, /^suite\.version: must be a positive integer/],
    [
      'no user agent or Node version',
      (r) => delete r.environment.nodeVersion,
      /^environment: must have a userAgent or a nodeVersion/,
    ],
    ['an unknown status', (r) => (r.backends[0].status = 'great'), /^backends\[0\]\.status: unknown status "great"/],
    [
      'a median outside its range',
      (r) => (r.backends[0].measures.matmul[0].gflops.median = 99),
      /^backends\[0\]\.measures\.matmul\[0\]\.gflops: must have min ≤ median ≤ max/,
    ],
    [
      'a missing figure',
      (r) => delete r.backends[1].measures.train[0].samplesPerSec,
      /^backends\[1\]\.measures\.train\[0\]\.samplesPerSec: must be an object/,
    ],
    [
      'a wrong backend with a score',
      (r) => Object.assign(r.backends[0], { status: 'wrong' }),
      /^backends\[0\]\.score: must be null for a backend with status wrong/,
    ],
    [
      'an ok backend that failed its check',
      (r) => (r.backends[0].check.items[0].passed = false),
      /^backends\[0\]\.check\.passed: must be true exactly when every item passed/,
    ],
    [
      'a duplicate backend',
      (r) => (r.backends[1].backend = 'webgpu'),
      /^backends\[1\]\.backend: duplicate backend webgpu/,
    ],
    [
      'a reference of another suite',
      (r) => (r.reference.suite = 'micro'),
      /^reference: must be the same suite and version/,
    ],
  ];
  for (const [what, mutate, message] of cases) {
    it(`refuses ${what}, naming the path`, () => {
      const r = clone(good) as Record<string, any>;
      mutate(r);
      expect(() => validateBenchResult(r)).toThrow(BenchResultError);
      expect(() => validateBenchResult(r)).toThrow(message);
    });
  }
});
