import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { checkComparable, jobFile, parseSeeds, sweepJobs } from '../../src/core/sweep';
import { summariseSweep } from '../../src/core/sweep-summary';
import { areaUnderBestSoFar, generationsToTarget } from '../../src/core/curves';
import type { RunLog } from '../../src/core/runlog';
import { SCHEMA_VERSION } from '../../src/core/runlog';

/** A finished run whose champion line is `curve` (validation) and ends at `test`. */
function fakeRun(
  proposer: string,
  seed: number,
  curve: number[],
  test: number,
  over: Record<string, unknown> = {},
): RunLog {
  const config = parseConfig({ task: 'spirals', proposer, seed, generations: curve.length, population: 2, ...over });
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: 'test',
    createdAt: '2026-01-01T00:00:00Z',
    status: 'done',
    config,
    environment: {
      requestedBackend: 'cpu',
      backend: 'cpu',
      fallbacks: [],
      adapter: null,
      tfjsVersion: 'x',
      platform: 'test',
    },
    candidates: [],
    generations: curve.map((v, index) => ({
      index,
      championId: 0,
      championValAccuracy: v,
      championTestAccuracy: test,
      bestValAccuracy: v,
      candidateIds: [],
      ms: 1,
    })),
  };
}

describe('seed lists', () => {
  it('parses ranges and lists, without duplicates', () => {
    expect(parseSeeds('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('3,1,2-4')).toEqual([3, 1, 2, 4]);
    expect(parseSeeds('7')).toEqual([7]);
  });
  it('refuses malformed or backwards ranges, naming them', () => {
    expect(() => parseSeeds('1-')).toThrow(/"1-" is not a seed/);
    expect(() => parseSeeds('5-2')).toThrow(/5-2 runs backwards/);
    expect(() => parseSeeds('a')).toThrow(/"a"/);
  });
});

describe('sweep jobs', () => {
  it('makes one job per (proposer, seed), each named by its file, the rest of the config shared', () => {
    const base = parseConfig({ task: 'moons', generations: 3 });
    const jobs = sweepJobs(base, ['random', 'evolution'], [1, 2, 3]);
    expect(jobs).toHaveLength(6);
    expect(new Set(jobs.map((j) => j.file)).size).toBe(6);
    expect(jobs[4]).toMatchObject({ proposer: 'evolution', seed: 2, file: jobFile('moons', 'evolution', 2) });
    for (const j of jobs) expect({ ...j.config, proposer: 'x', seed: 0 }).toEqual({ ...base, proposer: 'x', seed: 0 });
  });
});

describe('merging run logs', () => {
  const ok = [fakeRun('random', 1, [0.5, 0.6], 0.6), fakeRun('evolution', 1, [0.5, 0.7], 0.7)];
  it('accepts runs that differ only in proposer, seed and backend', () => {
    const other = fakeRun('evolution', 2, [0.5, 0.7], 0.7);
    other.config.backend = 'webgpu';
    expect(() => checkComparable([...ok, other].map((log, i) => ({ file: `f${i}`, log })))).not.toThrow();
  });
  it('refuses runs of other code or another backend, naming both, unless mixing is allowed', () => {
    const a = { ...ok[0], codeVersion: '0.1.0+aaaaaaaaaaaa' };
    const b = { ...ok[1], codeVersion: '0.1.0+bbbbbbbbbbbb' };
    const runs = [
      { file: 'a.json', log: a },
      { file: 'b.json', log: b },
    ];
    expect(() => checkComparable(runs)).toThrow(
      /b\.json was made by code 0\.1\.0\+bbbbbbbbbbbb, but a\.json by 0\.1\.0\+aaaaaaaaaaaa/,
    );
    expect(() => checkComparable(runs, true)).not.toThrow();
    const wasm = { ...a, environment: { ...a.environment, backend: 'wasm' } };
    expect(() =>
      checkComparable([
        { file: 'a.json', log: a },
        { file: 'w.json', log: { ...wasm, config: ok[1].config } },
      ]),
    ).toThrow(/w\.json ran on backend wasm, but a\.json on cpu/);
  });
  it('refuses a different task, naming the files and tasks', () => {
    const moons = fakeRun('random', 2, [0.5, 0.6], 0.6, { task: 'moons' });
    expect(() =>
      checkComparable([
        { file: 'a.json', log: ok[0] },
        { file: 'b.json', log: moons },
      ]),
    ).toThrow(/b\.json: task moons differs from a\.json's spirals/);
  });
  it('refuses a different budget, naming the field', () => {
    const longer = fakeRun('random', 2, [0.5, 0.6], 0.6, { steps: 999 });
    expect(() =>
      checkComparable([
        { file: 'a.json', log: ok[0] },
        { file: 'b.json', log: longer },
      ]),
    ).toThrow(/b\.json: config steps is 999, but a\.json has 300/);
  });
  it('refuses another schema version, an unfinished run, and a duplicate', () => {
    const old = { ...ok[0], schemaVersion: 0 } as unknown as RunLog;
    expect(() => checkComparable([{ file: 'old.json', log: old }])).toThrow(/old\.json: schemaVersion 0/);
    const stopped = { ...ok[0], status: 'stopped' as const };
    expect(() => checkComparable([{ file: 's.json', log: stopped }])).toThrow(/s\.json: run is stopped/);
    expect(() =>
      checkComparable([
        { file: 'a.json', log: ok[0] },
        { file: 'c.json', log: ok[0] },
      ]),
    ).toThrow(/c\.json and a\.json are both random seed 1/);
  });
});

describe('sweep summary', () => {
  it('computes curve measures and separates a clearly better proposer from random', () => {
    expect(areaUnderBestSoFar(ok())).toBeCloseTo(0.6, 12);
    expect(generationsToTarget(ok(), 0.65)).toBe(2);
    expect(generationsToTarget(ok(), 0.95)).toBeNull();
    const runs = [
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((s) => fakeRun('random', s, [0.5, 0.55, 0.6], 0.6 + (s % 3) * 0.01)),
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((s) => fakeRun('evolution', s, [0.5, 0.7, 0.9], 0.9 + (s % 3) * 0.01)),
    ];
    const s = summariseSweep(runs, 0.85);
    const evo = s.proposers.find((p) => p.proposer === 'evolution')!;
    expect(evo.finalTest.mean).toBeCloseTo(0.91, 2);
    expect(evo.finalTest.lo).toBeLessThanOrEqual(evo.finalTest.mean);
    expect(evo.reachedTarget).toBe(8);
    expect(evo.timeToTarget.val).toMatchObject({ reached: 8, median: 2 });
    // The fake runs' test accuracy is flat at its final value, so it is "reached" only if that passes the target.
    expect(evo.timeToTarget.heldOut.reached).toBe(8);
    evo.curve.forEach((e, g) => expect(e.mean).toBeCloseTo([0.5, 0.7, 0.9][g], 12));
    const cmp = s.comparisons.find((c) => c.proposer === 'evolution' && c.measure === 'finalHeldOut')!;
    expect(cmp.difference.mean).toBeCloseTo(0.3, 6);
    expect(cmp.difference.lo).toBeGreaterThan(0.25);
    // Exact paired sign-flip test over 8 seeds that all agree: 2 / 2^8.
    expect(cmp.pValue).toBeCloseTo(2 / 256, 12);
    expect(cmp.pSuperior).toBe(1);
    expect(cmp.verdict).toBe('better');
    expect(s.seedsShared).toBe(true);
    // Reproducible: resampling is seeded.
    expect(summariseSweep(runs, 0.85)).toEqual(s);
  });

  function ok(): RunLog {
    return fakeRun('random', 1, [0.5, 0.6, 0.7], 0.7);
  }
});
