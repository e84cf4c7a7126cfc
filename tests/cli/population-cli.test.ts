/**
 * The population suite from the command line, through both entry points:
 * `npm run bench -- --suite population` and `npm run bench:population`.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchMain, type BenchDrivers } from '../../benchmarks/cli/bench-main';
import { populationMain } from '../../benchmarks/cli/population-main';
import type { PopulationResult } from '../../src/core/bench/population';
import { runCli, runMainHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'successor-population-cli-'));

/** bench.ts's and population.ts's drivers for a run that bad flags must stop before anything runs. */
const refuse = () => Promise.reject(new Error('a run started despite a bad flag'));
const RUN_NOTHING: BenchDrivers = { node: refuse, chromium: refuse, population: { node: refuse, chromium: refuse } };

describe('the population suite: bad flags', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'benchmarks/cli/bench.ts',
      ['--suite', 'population', '--backends', 'webgpu,cpu'],
      /^error: --backends: the population suite runs on one backend at a time/,
    ],
    [
      'benchmarks/cli/bench.ts',
      ['--suite=population', '--backend', 'cuda'],
      /^error: --backend: must be cpu, webgpu or wasm, got "cuda"$/,
    ],
    ['benchmarks/cli/population.ts', ['--k', '8,0'], /^error: --k: must be an integer from 1 to 1,024, got "0"$/],
    [
      'benchmarks/cli/bench.ts',
      ['--suite', 'population', '--k', '10000000'],
      /^error: --k: must be an integer from 1 to 1,024, got "10000000"$/,
    ],
    ['benchmarks/cli/bench.ts', ['--suite', 'population', '--k', '1,8,8'], /^error: --k: 8 is given twice$/],
    [
      'benchmarks/cli/population.ts',
      ['--models', 'mlp-9'],
      /^error: --models: unknown model "mlp-9" \(known: mlp-2-32-2, mlp-784-256-10, cnn-c8-c16, mlp-784-64-10, /,
    ],
    [
      'benchmarks/cli/population.ts',
      ['--loop-generations', '1'],
      /^error: --loop-generations: must be an integer from 2 to/,
    ],
    ['benchmarks/cli/population.ts', ['--sizes', 'huge'], /^error: --sizes: must be quick or full, got "huge"$/],
    [
      'benchmarks/cli/population.ts',
      ['--vs-stock'],
      /^error: --vs-stock: compares the wasm backend's BatchMatMul kernels; the backend is cpu$/,
    ],
    [
      'benchmarks/cli/population.ts',
      ['--backend', 'wasm', '--vs-untiled'],
      /^error: --vs-untiled: compares the fused WebGPU kernels; the backend is wasm$/,
    ],
    [
      'benchmarks/cli/population.ts',
      ['--backend', 'wasm', '--vs-tiled'],
      /^error: --vs-tiled: compares the fused WebGPU kernels; the backend is wasm$/,
    ],
    [
      'benchmarks/cli/population.ts',
      ['--vs-dropout'],
      /^error: --vs-dropout: measures the fused WebGPU kernels; the backend is cpu$/,
    ],
    [
      'benchmarks/cli/population.ts',
      ['--modes', 'fused,fast'],
      /^error: --modes: unknown mode "fast" \(known: alone, batched, fused\)$/,
    ],
  ];
  for (const [i, [script, args, message]] of cases.entries()) {
    it(`${script.split('/')[1]} ${args.join(' ')}: exit code 2, one line, nothing written`, async () => {
      const out = join(dir, `bad-${args.join('_').replace(/[^\w]/g, '')}.json`);
      const argv = [...args, '--out', out];
      // Each entry point's first case from a real process (the code reaches the shell); the rest through the
      // same main in this one.
      const first = cases.findIndex((c) => c[0] === script) === i;
      const r = first
        ? runCli(script, argv)
        : await runMainHere(() =>
            script === 'benchmarks/cli/bench.ts'
              ? benchMain(argv, process.cwd(), RUN_NOTHING)
              : populationMain(argv, process.cwd(), RUN_NOTHING.population),
          );
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('npm run bench -- --suite population --driver node', () => {
  it('runs the quick sizes (K 1, 8, 32) on the CPU backend, prints the ratios and writes them keyed by speedup and K', () => {
    const out = join(dir, 'nested', 'population.json');
    const r = runCli('benchmarks/cli/bench.ts', [
      '--suite',
      'population',
      '--driver',
      'node',
      '--sizes',
      'quick',
      '--models',
      'mlp-2-32-2',
      '--steps',
      '10',
      '--repeats',
      '1',
      '--label',
      'cli test',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}mlp-2-32-2 K=32 batched: [\d,]+ samples\/s training/m);
    for (const k of [1, 8, 32])
      expect(r.stdout).toMatch(new RegExp(`^mlp-2-32-2 +${k} +[\\d,]+ +[\\d,]+ +— +[\\d.]+× +— +`, 'm'));
    const result = JSON.parse(readFileSync(out, 'utf8')) as PopulationResult;
    expect(result).toMatchObject({
      suite: 'population',
      version: 1,
      label: 'cli test',
      driver: 'node',
      backend: 'cpu',
    });
    expect(Object.keys(result.speedups)).toEqual([1, 8, 32].map((k) => `mlp-2-32-2/batched-vs-alone/speedup-k${k}`));
    const k32 = result.comparisons.find((c) => c.k === 32)!;
    expect(result.speedups['mlp-2-32-2/batched-vs-alone/speedup-k32']).toBeCloseTo(
      k32.samplesPerSec.batched! / k32.samplesPerSec.alone!,
      10,
    );
    expect(k32.valLossMaxRelDiff).toBeLessThan(1e-5);
    // One repeat says nothing about a figure's spread: the verdict says so, in the JSON and under the table.
    expect(result.reliability?.reliable).toBe(false);
    expect(result.reliability?.reasons[0]).toMatch(
      /^mlp-2-32-2 K=\d+ \S+ has a single repeat, so its spread is unknown$/,
    );
    expect(r.stdout).toMatch(/^UNRELIABLE: mlp-2-32-2 K=\d+ \S+ has a single repeat/m);
  });

  it('prints its own usage under --help', () => {
    const r = runCli('benchmarks/cli/bench.ts', ['--suite', 'population', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run bench:population/);
    expect(r.stdout).toMatch(/--sizes quick\|full/);
  });
});
