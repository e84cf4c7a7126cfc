import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../benchmarks/cli/args';
import { parseLoopArgs } from '../../benchmarks/cli/loop';
import { validateRunLog } from '../../src/core/runlog';
import { runCli } from './run-cli';

const LOOP = 'benchmarks/cli/loop.ts';

function usageError(argv: string[]): UsageError {
  try {
    parseLoopArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('npm run loop: bad flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'successor-cli-'));
  writeFileSync(join(dir, 'bad.json'), '{ not json');
  writeFileSync(join(dir, 'badfield.json'), JSON.stringify({ population: 0 }));
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ generation: 3 }));
  const cases: [string[], RegExp][] = [
    [['--task', 'mnist'], /^--task: must be one of spirals, moons, circles, xor, digits, got "mnist"$/],
    [['--proposer', 'genius'], /^--proposer: must be one of random, hillclimb, evolution, self-adaptive/],
    [['--generations', '0'], /^--generations: must be a positive integer/],
    [['--population', '-3'], /^--population: must be a positive integer/],
    [['--steps', 'many'], /^--steps: must be a positive integer/],
    [['--backend', 'cuda'], /^--backend: must be one of auto, webgpu, webgl, wasm, cpu/],
    [['--driver', 'firefox'], /^--driver: must be chromium or node/],
    [['--colour', 'blue'], /^--colour: unknown flag/],
    [['--seed'], /^--seed: needs a value/],
    [['--seed-genome', '{oops'], /^--seed-genome: is neither default, weak, control, lr-control nor a JSON genome$/],
    [['--config', join(dir, 'missing.json')], /^--config: cannot read/],
    [['--config', join(dir, 'bad.json')], /^--config: .* is not valid JSON/],
    [['--config', join(dir, 'badfield.json')], /^--config population: must be a positive integer/],
    [['--config', join(dir, 'typo.json')], /^--config generation: is not a config setting$/],
    [['--policy-from', join(dir, 'bad.json')], /^--policy-from: cannot read .*bad\.json as JSON/],
    [
      ['--policy-from', join(dir, 'badfield.json')],
      /^--policy-from: .*badfield\.json is not a run log this version can read/,
    ],
  ];
  for (const [args, message] of cases) {
    it(`refuses ${args.join(' ')}, naming the flag in one line`, () => {
      const e = usageError([...args, '--out', join(dir, 'out.json')]);
      expect(e.message).toMatch(message);
      expect(e.message).not.toMatch(/\n/);
    });
  }

  it('a flag overrides the config file, and is named when it is the bad one', () => {
    expect(parseLoopArgs(['--config', join(dir, 'badfield.json'), '--population', '3']).config.population).toBe(3);
    expect(usageError(['--config', join(dir, 'badfield.json'), '--population', '0']).message).toMatch(
      /^--population: /,
    );
  });

  it('a real process exits with code 2 and one line, no stack trace, nothing written', () => {
    const out = join(dir, 'out.json');
    const r = runCli(LOOP, ['--task', 'mnist', '--driver', 'node', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --task: must be one of spirals, moons, circles, xor, digits, got "mnist"\n');
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

describe('npm run loop --driver node', () => {
  it('prints a line per generation and a final table, and writes the log and CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'successor-cli-'));
    const out = join(dir, 'nested', 'run.json');
    const csv = join(dir, 'run.csv');
    const r = runCli(LOOP, [
      '--task',
      'xor',
      '--proposer',
      'hillclimb',
      '--generations',
      '3',
      '--population',
      '2',
      '--steps',
      '40',
      '--seed',
      '5',
      '--backend',
      'cpu',
      '--driver',
      'node',
      '--out',
      out,
      '--csv',
      csv,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^gen +\d+ +best child/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/final champion #\d+: mlp/);
    const log = validateRunLog(JSON.parse(readFileSync(out, 'utf8')));
    expect(log.config).toMatchObject({
      task: 'xor',
      proposer: 'hillclimb',
      generations: 3,
      population: 2,
      steps: 40,
      seed: 5,
    });
    expect(log.environment.backend).toBe('cpu');
    expect(log.environment.nodeVersion).toBe(process.version);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(1 + log.candidates.length);
    expect(rows[0].split(',')).toContain('valAccuracy');
    // Atomic writes leave no temp files behind.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['run.json']);
  });
});
