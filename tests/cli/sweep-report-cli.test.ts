import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../benchmarks/cli/args';
import { parseSweepArgs } from '../../benchmarks/cli/sweep';
import { PROPOSER_NAMES } from '../../src/core/config';
import { validateRunLog } from '../../src/core/runlog';
import {
  parseImproverReportArgs,
  improverReportMain,
  IMPROVER_REPORT_HELP,
} from '../../benchmarks/cli/improver-report';
import { parseSweepReportArgs, REPORT_HELP } from '../../benchmarks/cli/report';
import { runCli, runMainHere } from './run-cli';

const SWEEP = 'benchmarks/cli/sweep.ts';
const REPORT = 'benchmarks/cli/report.ts';
const tiny = ['--task', 'xor', '--generations', '2', '--population', '2', '--steps', '20', '--backend', 'cpu'];

describe('npm run sweep and npm run report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'successor-sweep-'));
  const out = join(dir, 'sweep');

  it('runs every (proposer, seed) pair as its own run log, in parallel', () => {
    const r = runCli(SWEEP, [
      '--proposers',
      'random,hillclimb',
      '--seeds',
      '1-2',
      ...tiny,
      '--jobs',
      '2',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4 runs .* 0 already done, 4 to run, 2 at a time/);
    expect(r.stdout.match(/^\[\d\/4\] done/gm)).toHaveLength(4);
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'xor-hillclimb-seed1.json',
      'xor-hillclimb-seed2.json',
      'xor-random-seed1.json',
      'xor-random-seed2.json',
    ]);
    const log = validateRunLog(JSON.parse(readFileSync(join(out, 'xor-hillclimb-seed2.json'), 'utf8')));
    expect(log.config).toMatchObject({
      task: 'xor',
      proposer: 'hillclimb',
      seed: 2,
      generations: 2,
      population: 2,
      steps: 20,
    });
  });

  it('resumes: finished runs are skipped; a missing or interrupted one is redone from scratch', () => {
    const kept = join(out, 'xor-random-seed1.json');
    const keptTime = statSync(kept).mtimeMs;
    rmSync(join(out, 'xor-hillclimb-seed1.json'));
    writeFileSync(join(out, 'xor-random-seed2.json'), '{"truncated": ');
    writeFileSync(join(out, 'xor-hillclimb-seed1.json.1234.tmp'), 'partial');
    const r = runCli(SWEEP, ['--proposers', 'random,hillclimb', '--seeds', '1-2', ...tiny, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 already done, 2 to run/);
    expect(statSync(kept).mtimeMs).toBe(keptTime);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(validateRunLog(JSON.parse(readFileSync(join(out, 'xor-random-seed2.json'), 'utf8'))).status).toBe('done');
  });

  it('--emit-jobs prints one self-contained loop command per run and runs nothing', () => {
    const other = join(dir, 'emitted');
    const r = runCli(SWEEP, [
      '--proposers',
      'random,evolution',
      '--seeds',
      '1-3',
      ...tiny,
      '--out',
      other,
      '--emit-jobs',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    for (const l of lines)
      expect(l).toMatch(
        /^npm run loop -- --task xor --proposer (random|evolution) --seed [123] .*--steps 20 .*--driver node --out \S+\.json$/,
      );
    expect(existsSync(other)).toBe(false);
  });

  it('the report merges the runs into Markdown, JSON, CSV, SVG and PNG', () => {
    const r = runCli(REPORT, [out, '--target', '0.8']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| hillclimb \| 2 \|/);
    expect(r.stdout).toMatch(/Against `random`/);
    for (const f of ['report.md', 'summary.json', 'summary.csv', 'best-so-far.svg', 'best-so-far.png'])
      expect(existsSync(join(out, f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.runs).toBe(4);
    expect(summary.proposers.map((p: { proposer: string }) => p.proposer)).toEqual(['hillclimb', 'random']);
    expect(readFileSync(join(out, 'best-so-far.png')).subarray(1, 4).toString()).toBe('PNG');
    // The report's own files are never read back as runs: running it again works.
    expect(runCli(REPORT, [out]).code).toBe(0);
  });

  it('refuses to merge runs of another config, naming the mismatch, and writes nothing', () => {
    const mixed = join(dir, 'mixed');
    expect(runCli(SWEEP, ['--proposers', 'random', '--seeds', '1', ...tiny, '--out', mixed]).code).toBe(0);
    expect(
      runCli(SWEEP, [
        '--proposers',
        'evolution',
        '--seeds',
        '1',
        ...tiny.slice(0, -4),
        '--steps',
        '30',
        '--backend',
        'cpu',
        '--out',
        mixed,
      ]).code,
    ).toBe(0);
    const r = runCli(REPORT, [mixed]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^error: runs: cannot be merged: xor-random-seed1\.json: config steps is 20, but xor-evolution-seed1\.json has 30$/,
    );
    expect(existsSync(join(mixed, 'report.md'))).toBe(false);
  });

  it('refuses a foreign JSON file, naming it', () => {
    writeFileSync(join(out, 'notes.json'), JSON.stringify({ hello: 'world' }));
    const r = runCli(REPORT, [out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: notes\.json: is not a run log this version can read: schemaVersion: missing/);
  });

  it('refuses bad sweep flags, naming the flag in one line (exit code 2 from a real process)', () => {
    for (const [args, msg] of [
      [['--proposers', 'random,oracle', '--out', out], /^--proposers: unknown proposer "oracle"/],
      [['--proposers', 'random', '--seeds', '3-1', '--out', out], /^--seeds: range 3-1 runs backwards/],
      [['--proposers', 'random'], /^--out: is required/],
      [['--proposers', 'random', '--out', out, '--jobs', '0'], /^--jobs: must be a positive integer/],
      [['--proposers', 'random', '--out', out, '--steps', '0'], /^--steps: must be a positive integer/],
      [['--proposers', 'random', '--out', out, '--seed', '3'], /^--seed: unknown flag/],
    ] as [string[], RegExp][]) {
      expect(() => parseSweepArgs(args)).toThrow(UsageError);
      expect(() => parseSweepArgs(args)).toThrow(msg);
    }
    const r = runCli(SWEEP, ['--proposers', 'random,oracle', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: --proposers: unknown proposer "oracle" (known: ${PROPOSER_NAMES.join(', ')})\n`);
  });
});

describe('--help of npm run report and npm run improver-report', () => {
  it('the parsers answer help, and still refuse a missing folder or an unknown flag', () => {
    expect(parseSweepReportArgs(['--help'])).toBe('help');
    expect(parseSweepReportArgs(['some/dir', '--target', '0.8', '--help'])).toBe('help');
    expect(parseSweepReportArgs(['d', '--target', '0.8'])).toEqual({
      dir: 'd',
      target: 0.8,
      baseline: 'random',
      allowMixed: false,
    });
    expect(() => parseSweepReportArgs([])).toThrow(UsageError);
    expect(() => parseSweepReportArgs(['d', '--nope'])).toThrow(/unknown flag/);
    expect(parseImproverReportArgs(['--help'])).toBe('help');
    expect(parseImproverReportArgs(['d'])).toBe('d');
    expect(() => parseImproverReportArgs([])).toThrow(UsageError);
    expect(() => parseImproverReportArgs(['--nope'])).toThrow(UsageError);
  });

  it('improver-report --help prints its usage to stdout and exits 0', async () => {
    const r = await runMainHere(() => improverReportMain(['--help']));
    expect(r).toEqual({ code: 0, stdout: IMPROVER_REPORT_HELP, stderr: '' });
    expect(r.stdout).toMatch(/^usage: npm run improver-report -- DIR\n/);
  });

  it('report --help prints its usage to stdout and exits 0 from the shell', () => {
    const r = runCli(REPORT, ['--help']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(REPORT_HELP);
    for (const flag of ['--target', '--baseline', '--allow-mixed']) expect(r.stdout).toContain(flag);
  });
});
