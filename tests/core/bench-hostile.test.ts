/**
 * Benchmark results no benchmark writes, as a hostile or corrupted file
 * would bring them to `bench:report`, the page or `--reference`: refused by
 * `validateBenchResult` with a short message naming the path, never a crash
 * later (issue 19, "Validators that hold").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../benchmarks/cli/args';
import { parseBenchArgs } from '../../benchmarks/cli/bench-args';
import { parseReportArgs } from '../../benchmarks/cli/bench-report';
import { applyScores } from '../../src/core/bench/score';
import { BenchResultError, MAX_BACKENDS, MAX_LABEL, validateBenchResult } from '../../src/core/bench/validate';
import { backend, result } from './bench-fixtures';

const good = applyScores(result([backend('webgpu', 2), backend('cpu')]), result([backend('cpu')]));
const edited = (edit: (r: any) => void): any => {
  const r = JSON.parse(JSON.stringify(good));
  edit(r);
  return r;
};
function refusal(edit: (r: any) => void): BenchResultError {
  try {
    validateBenchResult(edited(edit));
  } catch (e) {
    expect(e).toBeInstanceOf(BenchResultError);
    return e as BenchResultError;
  }
  throw new Error('expected the result to be refused');
}
function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

describe('validateBenchResult refuses what no benchmark writes', () => {
  it('type-checks environment.os and environment.cpu', () => {
    expect(refusal((r) => (r.environment.os = 5)).path).toBe('environment.os');
    expect(refusal((r) => (r.environment.cpu = { model: 'x' })).path).toBe('environment.cpu');
    expect(() =>
      validateBenchResult(edited((r) => ((r.environment.os = 'Linux 6.1'), (r.environment.cpu = 'AMD EPYC')))),
    ).not.toThrow();
  });

  it('refuses deeply nested unknown fields without overflowing the stack', () => {
    for (const edit of [
      (r: any) => (r.extra = deep(100_000)),
      (r: any) => (r.backends[0].extra = deep(100_000)),
      (r: any) => (r.backends[0].measures.matmul[0].note = deep(100_000)),
    ]) {
      const e = refusal(edit);
      expect(e.message).toMatch(/extra|note/);
      expect(e.message).toMatch(/nested more than 16 levels/);
    }
  });

  it('bounds the label, the number of backends and every string', () => {
    const long = refusal((r) => (r.label = 'x'.repeat(30_000_000)));
    expect(long.path).toBe('label');
    expect(long.message).toContain(`at most ${MAX_LABEL} characters`);
    expect(() => validateBenchResult(edited((r) => (r.label = 'x'.repeat(MAX_LABEL))))).not.toThrow();
    const many = refusal(
      (r) => (r.backends = Array.from({ length: 3000 }, (_, i) => ({ ...r.backends[1], backend: `b${i}` }))),
    );
    expect(many.path).toBe('backends');
    expect(many.message).toContain(`at most ${MAX_BACKENDS}`);
    expect(
      refusal(
        (r) => (r.backends[0].adapterLimits = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
      ).path,
    ).toBe('backends[0].adapterLimits');
    expect(refusal((r) => (r.backends[0].measures.matmul[0].gflops.samples = new Array(100_000).fill(1))).path).toBe(
      'backends[0].measures.matmul[0].gflops.samples',
    );
  });

  it('reads small unknown fields and refuses big ones, with short messages', () => {
    expect(() =>
      validateBenchResult(edited((r) => ((r.note = 'from a newer version'), (r.backends[0].driverVersion = '1.2')))),
    ).not.toThrow();
    const e = refusal((r) => (r.environment.blob = 'y'.repeat(1_000_000)));
    expect(e.path).toBe('environment.blob');
    expect(e.message.length).toBeLessThan(200);
    expect(refusal((r) => (r.schemaVersion = 'z'.repeat(1_000_000))).message.length).toBeLessThan(200);
  });
});

describe('bench:report over a hostile file', () => {
  it('names the file and the field instead of crashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(edited((r) => (r.environment.os = 7))));
    expect(() => parseReportArgs([bad, '--out', join(dir, 'out.html')])).toThrow(UsageError);
    expect(() => parseReportArgs([bad, '--out', join(dir, 'out.html')])).toThrow(
      /bad\.json: not a benchmark result: environment\.os: must be a string/,
    );
  });
});

describe('bench --label', () => {
  it(`is refused above ${MAX_LABEL} characters, before anything runs`, () => {
    const out = join(tmpdir(), 'bench-label-test.json');
    const args = (label: string) => [
      '--suite',
      'quick',
      '--driver',
      'node',
      '--reference',
      'none',
      '--html',
      'none',
      '--out',
      out,
      '--label',
      label,
    ];
    expect(parseBenchArgs(args('RTX 4070 / Chrome 131'), process.cwd()).label).toBe('RTX 4070 / Chrome 131');
    expect(() => parseBenchArgs(args('x'.repeat(MAX_LABEL + 1)), process.cwd())).toThrow(
      /^--label: must be at most 120 characters, got 121$/,
    );
  });
});
