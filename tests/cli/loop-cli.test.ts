import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRunLog } from '../../src/core/runlog';
import { runCli } from './run-cli';

const LOOP = 'benchmarks/cli/loop.ts';

describe('npm run loop: bad flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'successor-cli-'));
  writeFileSync(join(dir, 'bad.json'), '{ not json');
  writeFileSync(join(dir, 'badfield.json'), JSON.stringify({ population: 0 }));
  const cases: [string[], RegExp][] = [
    [['--task', 'mnist'], /^error: --task: must be one of spirals, moons, circles, xor, digits, got "mnist"$/],
    [['--proposer', 'genius'], /^error: --proposer: must be one of random, hillclimb, evolution, self-adaptive/],
    [['--generations', '0'], /^error: --generations: must be a positive integer/],
    [['--population', '-3'], /^error: --population: must be a positive integer/],
    [['--steps', 'many'], /^error: --steps: must be a positive integer/],
    [['--backend', 'cuda'], /^error: --backend: must be one of auto, webgpu, webgl, wasm, cpu/],
    [['--driver', 'firefox'], /^error: --driver: must be chromium or node/],
    [['--colour', 'blue'], /^error: --colour: unknown flag/],
    [['--seed'], /^error: --seed: needs a value/],
    [['--config', join(dir, 'missing.json')], /^error: --config: cannot read/],
    [['--config', join(dir, 'bad.json')], /^error: --config: .* is not valid JSON/],
    [['--config', join(dir, 'badfield.json')], /^error: --config population: must be a positive integer/],
    [['--policy-from', join(dir, 'bad.json')], /^error: --policy-from: cannot read .*bad\.json as JSON/],
    [['--policy-from', join(dir, 'badfield.json')], /^error: --policy-from: .*badfield\.json is not a run log this version can read/],
  ];
  for (const [args, message] of cases) {
    it(`refuses ${args.join(' ')} with exit code 2, one line, nothing written`, () => {
      const out = join(dir, `out-${args[0].slice(2)}.json`);
      const driver = args[0] === '--driver' ? [] : ['--driver', 'node'];
      const r = runCli(LOOP, [...args, ...driver, '--out', out]);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('npm run loop --driver node', () => {
  it('prints a line per generation and a final table, and writes the log and CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'successor-cli-'));
    const out = join(dir, 'nested', 'run.json');
    const csv = join(dir, 'run.csv');
    const r = runCli(LOOP, ['--task', 'xor', '--proposer', 'hillclimb', '--generations', '3', '--population', '2', '--steps', '40', '--seed', '5', '--backend', 'cpu', '--driver', 'node', '--out', out, '--csv', csv]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^gen +\d+ +best child/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/final champion #\d+: mlp/);
    const log = validateRunLog(JSON.parse(readFileSync(out, 'utf8')));
    expect(log.config).toMatchObject({ task: 'xor', proposer: 'hillclimb', generations: 3, population: 2, steps: 40, seed: 5 });
    expect(log.environment.backend).toBe('cpu');
    expect(log.environment.nodeVersion).toBe(process.version);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(1 + log.candidates.length);
    expect(rows[0].split(',')).toContain('valAccuracy');
    // Atomic writes leave no temp files behind.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['run.json']);
  });
});
