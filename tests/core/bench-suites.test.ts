import { describe, expect, it } from 'vitest';
import { validateGenome } from '../../src/core/genome';
import { TASKS } from '../../src/core/tasks';
import { SUITE_NAMES, suiteFingerprint } from '../../src/core/bench/suite';
import { SUITES } from '../../src/core/bench/suites';

/**
 * Each shipped suite's workload, pinned to its version. If this fails you
 * changed what a suite runs: bump its version, update the pin, and ship a
 * new reference result (benchmarks/results/reference-<suite>.json).
 */
const PINNED: Record<string, { version: number; fingerprint: string }> = {
  standard: { version: 3, fingerprint: 'ca44a1ce' },
  micro: { version: 1, fingerprint: '0b45ee0a' },
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

  it('cover every measure: standard the models and the loop, micro the kernels (matmul 256 to 4096), quick all of them', () => {
    const has = (n: keyof typeof SUITES) =>
      (['train', 'infer', 'matmul', 'conv', 'dispatch', 'loop'] as const).filter((k) => SUITES[n][k].length > 0);
    expect(has('standard')).toEqual(['train', 'infer', 'loop']);
    expect(has('micro')).toEqual(['matmul', 'conv', 'dispatch']);
    expect(has('quick')).toEqual(['train', 'infer', 'matmul', 'conv', 'dispatch', 'loop']);
    const squares = SUITES.micro.matmul.filter((m) => m.m === m.k && m.k === m.n).map((m) => m.m);
    expect(Math.min(...squares)).toBe(256);
    expect(Math.max(...squares)).toBe(4096);
    expect(new Set(SUITES.standard.train.map((c) => c.task))).toEqual(new Set(['digits', 'spirals']));
  });
});
