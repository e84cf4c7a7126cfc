/**
 * scripts/arms-report.ts and scripts/merge-transfer.ts on small real run
 * folders (tfjs CPU backend): what they compute from the logs, and that bad
 * input exits 2 with one line naming what is wrong, writing nothing.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armsReport, parseArmsArgs } from '../../scripts/arms-report';
import { mergeTransfers, parseMergeArgs } from '../../scripts/merge-transfer';
import { parseLoopArgs } from '../../benchmarks/cli/loop';
import { finalTestAccuracy } from '../../src/core/curves';
import type { RunLog } from '../../src/core/runlog';
import { transferFrom } from '../../src/core/transfer';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig } from '../engine/helpers';
import { runCli } from './run-cli';
import { usageError } from './usage-error';

const dir = mkdtempSync(join(tmpdir(), 'successor-scripts-'));
const at = (...parts: string[]) => join(dir, ...parts);
const logs: Record<string, RunLog> = {};

/** A folder of run logs, one per seed, after `change` (a copy: validation does not check the hash chain). */
function folder(name: string, proposer: string, change: (l: RunLog) => void = () => {}): string {
  mkdirSync(at(name));
  for (const seed of [1, 2]) {
    const log = structuredClone(logs[`${proposer}-${seed}`]);
    change(log);
    writeFileSync(at(name, `xor-${proposer}-seed${seed}.json`), JSON.stringify(log));
  }
  return at(name);
}

beforeAll(async () => {
  await setupCpu();
  for (const proposer of ['evolution', 'self-adaptive'])
    for (const seed of [1, 2])
      logs[`${proposer}-${seed}`] = await runLoop(
        tinyConfig({ task: 'xor', proposer, seed, generations: 3, population: 2, steps: 10 }),
        host(),
      );
  folder('evo', 'evolution');
  folder('sa', 'self-adaptive');
  folder('circles', 'evolution', (l) => (l.config.task = 'circles'));
  folder('newer', 'self-adaptive', (l) => (l.codeVersion = 'successor 9.9.9'));
  folder('longer', 'self-adaptive', (l) => (l.config.steps = 11));
  mkdirSync(at('one'));
  cpSync(at('evo', 'xor-evolution-seed1.json'), at('one', 'xor-evolution-seed1.json'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;

describe('scripts/arms-report.ts', () => {
  it('pairs the later arm with the earlier by seed: the final held-out difference is the mean of the seeds’ differences', () => {
    const { arms, out } = parseArmsArgs([`evo=${at('evo')}`, `sa=${at('sa')}`]);
    expect(out).toBeUndefined();
    const md = armsReport(arms);
    expect(md).toMatch(/^# Paired arms on xor \(code successor /);
    expect(md).toContain(`| evo | ${at('evo')} | 2 |`);
    expect(md).toContain(`| sa | ${at('sa')} | 2 |`);
    const diffs = [1, 2].map(
      (s) => finalTestAccuracy(logs[`self-adaptive-${s}`]) - finalTestAccuracy(logs[`evolution-${s}`]),
    );
    expect(md).toContain(`| sa − evo | final held-out acc | 2 | ${pts((diffs[0] + diffs[1]) / 2)} [`);
    for (const measure of ['area under held-out curve', 'success rate'])
      expect(md).toContain(`| sa − evo | ${measure} | 2 |`);
  });

  it('refuses arms it cannot compare, naming the arm, folder or flag', () => {
    const evo = `evo=${at('evo')}`;
    const cases: [string[], RegExp][] = [
      [[evo], /^arms: needs at least two NAME=DIR arms/],
      [[evo, `evo=${at('sa')}`], /^evo: names two arms/],
      [[evo, 'sa'], /^sa: is not NAME=DIR/],
      [[evo, `one=${at('one')}`], /holds fewer than two run logs/],
      [[evo, `gone=${at('missing')}`], /is not a folder of run logs/],
      [[evo, `c=${at('circles')}`], /^arms: mix tasks \(xor, circles\)/],
      [[evo, `n=${at('newer')}`], /^arms: were made by different code versions/],
      [[evo, `l=${at('longer')}`], /^l: differs from evo in more than how it proposes/],
      [[evo, `sa=${at('sa')}`, '--out'], /^--out: needs a file name/],
      [[evo, `sa=${at('sa')}`, '--out', dir], /^--out: .* is a directory/],
      [[evo, `sa=${at('sa')}`, '--format', 'md'], /^--format: unknown flag/],
    ];
    for (const [argv, message] of cases) expect(usageError(() => parseArmsArgs(argv)).message).toMatch(message);
  });

  it('as a command: prints the report and writes the same to --out; bad input exits 2 with one line and writes nothing', () => {
    const out = at('arms.md');
    const ok = runCli('scripts/arms-report.ts', [`evo=${at('evo')}`, `sa=${at('sa')}`, '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(ok.stdout);
    const bad = at('bad.md');
    const r = runCli('scripts/arms-report.ts', [`evo=${at('evo')}`, `c=${at('circles')}`, '--out', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: arms: mix tasks (xor, circles)\n');
    expect(r.stdout).toBe('');
    expect(existsSync(bad)).toBe(false);
  });
});

describe('scripts/merge-transfer.ts', () => {
  const sa = () => at('sa', 'xor-self-adaptive-seed1.json');
  const evo = () => at('evo', 'xor-evolution-seed2.json');

  it("pools the logs' examples in order and carries the first log's champion policy", () => {
    const own = [transferFrom(logs['self-adaptive-1'], 'a'), transferFrom(logs['evolution-2'], 'b')];
    expect(own[0].policy).toBeDefined();
    expect(own[0].examples.length + own[1].examples.length).toBeGreaterThan(0);
    const merged = mergeTransfers([sa(), evo()]);
    expect(merged.from).toBe('xor-self-adaptive-seed1.json+xor-evolution-seed2.json');
    expect(merged.policy).toEqual(own[0].policy);
    expect(merged.examples).toEqual([...own[0].examples, ...own[1].examples]);
    // Evolution's champions carry no policy: first, it leaves none to carry.
    expect(mergeTransfers([evo(), sa()])).not.toHaveProperty('policy');
  });

  it('refuses bad arguments and files that are not run logs, naming them', () => {
    const notLog = at('not-a-log.json');
    writeFileSync(notLog, '{"schemaVersion": 1}');
    const notJson = at('not-json.json');
    writeFileSync(notJson, '{"trunc');
    const cases: [() => unknown, RegExp][] = [
      [() => parseMergeArgs([sa()]), /^--out: is required/],
      [() => parseMergeArgs(['--out', at('x.json')]), /^RUNLOG: give at least one run log/],
      [() => parseMergeArgs([sa(), '--out']), /^--out: needs a file name/],
      [() => parseMergeArgs([sa(), '--out', 'a.json', '--out', 'b.json']), /^--out: given twice/],
      [() => parseMergeArgs([sa(), '--policy', 'x', '--out', 'a.json']), /^--policy: unknown flag/],
      [() => parseMergeArgs([sa(), '--out', dir]), /^--out: .* is a directory/],
      [() => mergeTransfers([sa(), notLog]), /^.*not-a-log\.json: is not a run log this version can read/],
      [() => mergeTransfers([notJson]), /^.*not-json\.json: is not a run log this version can read/],
      [() => mergeTransfers([at('missing.json')]), /^.*missing\.json: cannot read .*ENOENT/],
      [() => mergeTransfers([dir]), /is not a regular file/],
    ];
    for (const [f, message] of cases) expect(usageError(f).message).toMatch(message);
  });

  it('as a command: writes a config the loop reads; bad input exits 2 with one line and leaves the old file alone', () => {
    const out = at('transfer.json');
    const ok = runCli('scripts/merge-transfer.ts', [sa(), evo(), '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const merged = mergeTransfers([sa(), evo()]);
    expect(ok.stdout).toBe(`${out}: ${merged.examples.length} examples from ${merged.from}\n`);
    const loop = parseLoopArgs(['--config', out, '--task', 'xor', '--proposer', 'learned'], false);
    expect(loop.config.policyFrom).toEqual(merged);
    const before = readFileSync(out, 'utf8');
    const r = runCli('scripts/merge-transfer.ts', [sa(), at('missing.json'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*missing\.json: cannot read .*\(ENOENT\)\n$/);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(before);
  });
});
