/** Every benchmark CLI answers --help with its usage (exit 0) and runs nothing. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

describe('--help', () => {
  it('bench:report prints its usage and writes nothing', () => {
    const r = runCli('benchmarks/cli/bench-report.ts', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run bench:report -- RESULT\.json/);
    expect(r.stdout).toMatch(/--out FILE/);
    expect(r.stdout).not.toMatch(/^wrote/m);
  });

  it('bench:engine-vs-fit prints its usage without loading a backend', () => {
    const r = runCli('benchmarks/cli/engine-vs-fit.ts', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run bench:engine-vs-fit/);
    expect(r.stdout).toMatch(/--repeats N/);
    expect(r.stdout).not.toMatch(/ratio engine \/ fit/);
  });
});
