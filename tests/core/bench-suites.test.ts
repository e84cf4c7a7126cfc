import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateGenome } from '../../src/core/genome';
import { TASKS } from '../../src/core/tasks';
import { SUITE_NAMES, suiteFingerprint } from '../../src/core/bench/suite';
import { SUITES } from '../../src/core/bench/suites';
import { applyScores } from '../../src/core/bench/score';
import { validateBenchResult } from '../../src/core/bench/validate';
import { backend, result } from './bench-fixtures';

/**
 * Each shipped suite's workload, pinned to its version. If this fails you
 * changed what a suite runs: bump its version, update the pin, and ship a
 * new reference result (benchmarks/results/reference-<suite>.json).
 */
const PINNED: Record<string, { version: number; fingerprint: string }> = {
  standard: { version: 3, fingerprint: 'ca44a1ce' },
  micro: { version: 3, fingerprint: 'a26788b9' },
  quick: { version: 3, fingerprint: '264d295e' },
};

describe('the shipped suites', () => {
  it('never change their workload without a new version', () => {
    for (const name of SUITE_NAMES)
      expect({ name, version: SUITES[name].version, fingerprint: suiteFingerprint(SUITES[name]) }).toEqual({
        name,
        ...PINNED[name],
      });
  });

  it('are well formed: unique ids, valid genomes, cases that fit their task', () => {
    for (const name of SUITE_NAMES) {
      const s = SUITES[name];
      expect(s.name).toBe(name);
      expect(s.repeats).toBeGreaterThanOrEqual(3);
      for (const kind of ['train', 'infer', 'matmul', 'conv', 'dispatch', 'loop'] as const) {
        const ids = s[kind].map((c) => c.id);
        expect(new Set(ids).size, `${name} ${kind} ids`).toBe(ids.length);
      }
      for (const c of [...s.train, ...s.infer]) expect(validateGenome(c.genome)).toEqual(c.genome);
      for (const c of s.infer) expect(c.samples).toBeLessThanOrEqual(TASKS[c.task].splits.train);
      for (const c of s.loop) expect(c.targetAccuracy).toBeGreaterThan(0);
    }
  });

  it('cover every measure: standard the models and the loop, micro the kernels (square matmul 256 to 2048), quick all of them', () => {
    const has = (n: keyof typeof SUITES) =>
      (['train', 'infer', 'matmul', 'conv', 'dispatch', 'loop'] as const).filter((k) => SUITES[n][k].length > 0);
    expect(has('standard')).toEqual(['train', 'infer', 'loop']);
    expect(has('micro')).toEqual(['matmul', 'conv', 'dispatch']);
    expect(has('quick')).toEqual(['train', 'infer', 'matmul', 'conv', 'dispatch', 'loop']);
    const squares = SUITES.micro.matmul.filter((m) => m.id.startsWith('square-')).map((m) => [m.m, m.k, m.n]);
    // v3 dropped 4096 (most of v2's ~100 minutes on a software or CPU adapter); 2048 is the largest square product.
    expect(squares).toEqual([256, 512, 1024, 2048].map((s) => [s, s, s]));
    expect(new Set(SUITES.standard.train.map((c) => c.task))).toEqual(new Set(['digits', 'spirals']));
  });

  it("micro has (since v2) the population trainer's products: K = 32 MLPs 784-256-10 at batch 256, the first layer forward and weight gradient", () => {
    const products = SUITES.micro.matmul.filter((c) => c.models !== undefined);
    expect(products.map(({ m, k, n, models, product }) => ({ m, k, n, models, product }))).toEqual([
      { m: 256, k: 784, n: 256, models: 32, product: 'forward' },
      { m: 784, k: 256, n: 256, models: 32, product: 'weight-gradient' },
    ]);
    // Seconds per product on a software adapter: one product per region keeps them to minutes in a micro run.
    for (const c of products) expect(c.iters).toBe(1);
    // No other suite has them, so their workloads (and references) are unchanged.
    expect([...SUITES.standard.matmul, ...SUITES.quick.matmul].some((c) => c.models !== undefined)).toBe(false);
  });
});

describe('micro v3 and its reference', () => {
  const micro = SUITES.micro;
  const mine = result([backend('webgpu', 2), backend('cpu')], {
    suite: {
      name: 'micro',
      version: micro.version,
      fingerprint: suiteFingerprint(micro),
      title: micro.title,
      repeats: micro.repeats,
      warmup: micro.warmup,
    },
  });

  it('is scored against the shipped micro v3 reference, and the old v1 reference is unscored against it', () => {
    // The CLI and the page both take benchmarks/results/reference-micro.json for a micro run.
    const shipped = validateBenchResult(JSON.parse(readFileSync('benchmarks/results/reference-micro.json', 'utf8')));
    expect(shipped.suite).toMatchObject({ name: 'micro', version: 3, fingerprint: suiteFingerprint(micro) });
    const scored = validateBenchResult(applyScores(mine, shipped));
    // A micro v3 run is compared with it (this fixture's few figures are not micro's, so its score
    // itself is null; the reference scores itself at 100 in bench-intervals.test.ts).
    expect(scored.reference).toMatchObject({ suite: 'micro', version: 3, backend: 'cpu' });
    for (const b of scored.backends) expect(b.scoreNote ?? '').not.toMatch(/the reference is suite/);
    // The v1 reference (kept as a fixture: what a user's old result file looks like) is not comparable.
    const v1 = validateBenchResult(
      JSON.parse(readFileSync('tests/fixtures/bench/reference-micro-v1-schema1.json', 'utf8')),
    );
    expect(v1.suite.version).toBe(1);
    const old = validateBenchResult(applyScores(v1, shipped));
    for (const b of old.backends) {
      expect(b.score).toBeNull();
      expect(b.scoreNote).toBe('not scored: the reference is suite micro v3, this is micro v1');
    }
  });

  it('leaves micro v2 results loadable but unscored against a v3 reference, with a note naming both versions', () => {
    // A v3 reference as the lead will make it: the same suite with --reference self.
    const v3Reference = validateBenchResult(applyScores(mine, mine));
    expect(v3Reference.backends[0].score).toBeCloseTo(200, 6);
    expect(v3Reference.backends[1].score).toBeCloseTo(100, 6);
    const v2 = validateBenchResult(
      JSON.parse(JSON.stringify({ ...mine, suite: { ...mine.suite, version: 2, fingerprint: 'd60dfa05' } })),
    );
    const scored = validateBenchResult(applyScores(v2, v3Reference));
    for (const b of scored.backends) {
      expect(b.score).toBeNull();
      expect(b.scoreNote).toBe('not scored: the reference is suite micro v3, this is micro v2');
    }
  });

  it('is unscored, with a note, where no reference file is found at all', () => {
    const scored = validateBenchResult(applyScores(mine, null));
    expect(scored.backends.map((b) => [b.score, b.scoreNote])).toEqual([
      [null, 'not scored: no reference result for suite micro v3'],
      [null, 'not scored: no reference result for suite micro v3'],
    ]);
  });
});
