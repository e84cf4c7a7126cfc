import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchMain, type BenchDrivers } from '../../benchmarks/cli/bench-main';
import { validateBenchResult } from '../../src/core/bench/validate';
import { runCli, runMainHere } from './run-cli';

const BENCH = 'benchmarks/cli/bench.ts';

/** bench.ts's drivers for a run that bad flags must stop before anything runs. */
const refuse = () => Promise.reject(new Error('a run started despite a bad flag'));
const RUN_NOTHING: BenchDrivers = { node: refuse, chromium: refuse, population: { node: refuse, chromium: refuse } };

describe('npm run bench: bad flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'successor-bench-cli-'));
  writeFileSync(join(dir, 'notjson.json'), '{ nope');
  writeFileSync(join(dir, 'foreign.json'), JSON.stringify({ hello: 1 }));
  const cases: [string[], RegExp][] = [
    [['--suite', 'huge'], /^error: --suite: unknown suite "huge" \(known: standard, micro, quick, population\)$/],
    [['--backends', 'webgpu,cuda'], /^error: --backends: unknown backend "cuda" \(known: webgpu, webgl, wasm, cpu\)$/],
    [['--backends', 'cpu,cpu'], /^error: --backends: "cpu" is given twice$/],
    [['--driver', 'firefox'], /^error: --driver: must be chromium or node/],
    [['--reference', join(dir, 'notjson.json')], /^error: --reference: cannot read .* as JSON/],
    [
      ['--reference', join(dir, 'foreign.json')],
      /^error: --reference: .* is not a benchmark result: kind: must be "successor-bench"/,
    ],
    [['--fast'], /^error: --fast: unknown flag/],
    [['--until-stable', 'soon'], /^error: --until-stable: must be a number from 0 to 86400, got "soon"$/],
    [['--until-stable', '0'], /^error: --until-stable: must be more than 0 seconds$/],
    [['--min-region-ms', '-5'], /^error: --min-region-ms: must be a number from 0 to 60000, got "-5"$/],
  ];
  for (const [i, [args, message]] of cases.entries()) {
    it(`refuses ${args.join(' ')} with exit code 2, one line, nothing written`, async () => {
      const out = join(dir, `out-${args[0].slice(2)}.json`);
      const driver = args[0] === '--driver' ? [] : ['--driver', 'node'];
      const argv = [...args, ...driver, '--out', out];
      // The first from a real process (the code reaches the shell); the rest through the same main in this one.
      const r = i === 0 ? runCli(BENCH, argv) : await runMainHere(() => benchMain(argv, process.cwd(), RUN_NOTHING));
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('npm run bench --driver node', () => {
  it('runs the quick suite on the tfjs CPU backend, prints figures and a table, writes a valid scored JSON and a self-contained report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'successor-bench-cli-'));
    const out = join(dir, 'nested', 'quick.json');
    const r = runCli(BENCH, [
      '--suite',
      'quick',
      '--backends',
      'cpu,webgl',
      '--driver',
      'node',
      '--label',
      'node test',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cpu +check: matches the cpu backend/m);
    expect(r.stdout).toMatch(/^cpu +train spirals-mlp-32-32 .* samples\/s +\(3 repeats, .*first step/m);
    expect(r.stdout).toMatch(/^webgl +unavailable: /m);
    expect(r.stdout).toMatch(/^score \(100 = reference\) +[\d,.]+ \[[\d,.]+, [\d,.]+\] +—$/m);
    expect(r.stdout).toMatch(/^CPU on this device: score [\d,.]+ \[[\d,.]+, [\d,.]+\]/m);
    expect(r.stdout).toMatch(
      /^host load \(1 min\) before [\d,.]+, after [\d,.]+ on \d+ cores; other processes used [\d,.]+ cores during the run/m,
    );
    const result = validateBenchResult(JSON.parse(readFileSync(out, 'utf8')));
    expect(result).toMatchObject({
      label: 'node test',
      suite: { name: 'quick', version: 3 },
      environment: { driver: 'node', nodeVersion: process.version },
    });
    expect(result.flags.WEBGPU_CPU_FORWARD).toBe(false);
    expect(result.reference).toMatchObject({ suite: 'quick', backend: 'cpu' });
    const [cpu, webgl] = result.backends;
    expect(cpu.status).toBe('ok');
    expect(cpu.score).toBeGreaterThan(0);
    // Whole runs of the loop, at least one per repeat (v3): the quick suite's 3 repeats.
    expect(cpu.measures!.loop[0].generationsPerMin.samples.length).toBeGreaterThanOrEqual(3);
    expect(result.hostLoad!.others!.cores).toBeGreaterThanOrEqual(0);
    expect(cpu.scoreInterval![0]).toBeLessThanOrEqual(cpu.score!);
    expect(cpu.reliability).toBeDefined();
    expect(result.hostLoad!.before).toHaveLength(3);
    expect(result.flags.minRegionMs).toBe(100);
    for (const m of cpu.measures!.matmul) expect(m.runsPerRegion).toBeGreaterThanOrEqual(1);
    expect(webgl).toMatchObject({ status: 'unavailable', score: null });
    const html = readFileSync(join(dir, 'nested', 'quick.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).toContain('What the figures mean');
    expect(html).toContain('CPU on this device: score');
    // Self-contained: nothing is fetched from anywhere.
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(readdirSync(join(dir, 'nested')).sort()).toEqual(['quick.html', 'quick.json']);

    // Several results side by side in one report.
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...result, label: 'another device' }));
    const compare = join(dir, 'compare.html');
    const rep = runCli('benchmarks/cli/bench-report.ts', [out, other, '--out', compare]);
    expect(rep.code).toBe(0);
    const both = readFileSync(compare, 'utf8');
    expect(both).toContain('node test · cpu');
    expect(both).toContain('another device · cpu');
    const bad = runCli('benchmarks/cli/bench-report.ts', [join(dir, 'nested'), '--out', compare]);
    expect(bad.code).toBe(2);
  });
});
