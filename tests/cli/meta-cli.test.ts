import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMetaArgs } from '../../benchmarks/cli/meta';
import { validateRunLog } from '../../src/core/runlog';
import { runCli } from './run-cli';
import { usageError } from './usage-error';

const META = 'benchmarks/cli/meta.ts';
// The smallest meta-search there is: round 0 (the baseline and one random configuration) on one
// training seed, then the finalist and the baseline on two held-out seeds of xor and of the
// held-out task moons — ten tiny runs.
const tiny = [
  ...['--task', 'xor', '--generations', '2', '--population', '1', '--steps', '2', '--backend', 'cpu'],
  ...['--rounds', '1', '--children', '1', '--train-seeds', '1', '--held-out-seeds', '2-3'],
  ...['--held-out-tasks', 'moons'],
];

describe('npm run meta', () => {
  const dir = mkdtempSync(join(tmpdir(), 'successor-meta-'));
  const out = join(dir, 'meta');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--emit-jobs prints the first stage as loop commands with their config files, and runs nothing', () => {
    const r = runCli(META, [...tiny, '--out', out, '--emit-jobs']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^npm run loop -- --config \S+\/configs\/evolution-t3-m1-[0-9a-f]{8}\.json --seed 1 /);
    expect(r.stderr).toMatch(/search round 0, 2 runs/);
    expect(readdirSync(join(out, 'configs'))).toHaveLength(2);
    expect(existsSync(join(out, 'runs'))).toBe(false);
  });

  it('runs the search and the held-out evaluation on both tasks, then reports the finalist against the baseline', () => {
    const r = runCli(META, [...tiny, '--out', out, '--jobs', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const runs = readdirSync(join(out, 'runs'));
    expect(runs).toHaveLength(10);
    const logs = runs.map((f) => ({ f, log: validateRunLog(JSON.parse(readFileSync(join(out, 'runs', f), 'utf8'))) }));
    for (const { log } of logs) expect(log.status).toBe('done');
    // The held-out task's runs really trained on moons, on the held-out seeds only, from configs/moons/.
    const moons = logs.filter(({ f }) => f.startsWith('moons-'));
    expect(moons).toHaveLength(4);
    for (const { log } of moons) {
      expect(log.config.task).toBe('moons');
      expect([2, 3]).toContain(log.config.seed);
    }
    expect(readdirSync(join(out, 'configs', 'moons'))).toHaveLength(2);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as {
      stage: string;
      finalists: { key: string }[];
      comparisons: { task?: string; measure: string; seeds: number; p: number; pHolm: number }[];
    };
    expect(meta.stage).toBe('done');
    expect(meta.finalists).toHaveLength(1);
    expect(meta.comparisons.map((c) => [c.task ?? 'xor', c.measure, c.seeds])).toEqual([
      ['xor', 'finalTest', 2],
      ['xor', 'heldOutArea', 2],
      ['moons', 'finalTest', 2],
      ['moons', 'heldOutArea', 2],
    ]);
    for (const c of meta.comparisons) expect(c.pHolm).toBeGreaterThanOrEqual(c.p);
    const md = readFileSync(join(out, 'meta.md'), 'utf8');
    expect(md).toMatch(/\| moons \(held-out task\) \| final held-out acc \| 2 \|/);
    expect(md).toMatch(/Verdict: /);
    // Ten loop processes, one after another on a loaded machine: more than the default 120 s can take.
  }, 300_000);

  it('picks up where it left off: a second call trains nothing', () => {
    const r = runCli(META, [...tiny, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/done {2}/);
    expect(r.stdout).toMatch(/Verdict: /);
  });

  it('refuses a folder started with other options (exit 2, one line)', () => {
    const r = runCli(META, [...tiny, '--meta-seed', '2', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/meta-options\.json/);
  });

  it('refuses held-out seeds that are training seeds, and settings the outer loop owns', () => {
    expect(
      usageError(() => parseMetaArgs(['--out', out, '--train-seeds', '1-3', '--held-out-seeds', '3-5'])).message,
    ).toMatch(/must not be training seeds/);
    expect(usageError(() => parseMetaArgs(['--out', out, '--proposer', 'learned'])).message).toMatch(/proposer/);
    expect(usageError(() => parseMetaArgs(['--out', out, '--rounds', '0'])).message).toMatch(/--rounds/);
  });

  it('refuses held-out tasks that are unknown, the search task, named twice, or need another genome', () => {
    const bad = (...a: string[]) => usageError(() => parseMetaArgs(['--out', out, '--task', 'spirals', ...a])).message;
    expect(bad('--held-out-tasks', 'moons,planets')).toMatch(/--held-out-tasks.*"planets" is not a task/);
    expect(bad('--held-out-tasks', 'moons,spirals')).toMatch(/--held-out-tasks.*spirals is the search's own task/);
    expect(bad('--held-out-tasks', 'moons,moons')).toMatch(/--held-out-tasks.*named twice/);
    const genome = JSON.stringify({
      hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0, dropout: 0 },
      arch: { family: 'mlp', layers: [{ units: 8, activation: 'tanh' }] },
    });
    expect(bad('--held-out-tasks', 'moons', '--seed-genome', genome)).toMatch(/--held-out-tasks.*preset --seed-genome/);
  });
});
