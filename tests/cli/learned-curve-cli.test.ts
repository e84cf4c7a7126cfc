/**
 * `npm run learned-curve` on bad input: exit code 2, one line on stderr
 * naming the culprit, no stack trace, and no learned-curve.md/.json left in
 * DIR. All but one case run the CLI's main in this process (a tsx process
 * costs about a second of CPU); the spawned one checks the code reaches the shell.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { learnedCurveMain } from '../../benchmarks/cli/learned-curve';
import { parseConfig } from '../../src/core/config';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { minimalLog } from '../core/fixtures';
import { runCli, runMainHere, type CliResult } from './run-cli';

const CLI = 'benchmarks/cli/learned-curve.ts';
const root = mkdtempSync(join(tmpdir(), 'successor-learned-curve-cli-'));

/** A small finished run log of `proposer`; valid, so only what a case breaks is wrong. */
function runLog(proposer: string, seed: number): RunLog {
  const log = { ...minimalLog(), config: parseConfig({ generations: 2, population: 1, proposer, seed }) };
  // The fixture must pass the reader's own check, or a case would fail for the wrong reason.
  return validateRunLog(JSON.parse(JSON.stringify(log)));
}

/** A fresh folder under the test's temp root holding `files` (name → text). */
function folder(name: string, files: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const learned = (seed: number) => JSON.stringify(runLog('learned', seed));
const evolution = (seed: number) => JSON.stringify(runLog('evolution', seed));

/** Exit 2, exactly one `error:` line matching `culprit`, no stack frame, nothing written into `dir`. */
function expectRefused(r: CliResult, culprit: RegExp, dir: string): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(culprit);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe('');
  expect(existsSync(join(dir, 'learned-curve.md'))).toBe(false);
  expect(existsSync(join(dir, 'learned-curve.json'))).toBe(false);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('npm run learned-curve: bad input', () => {
  it('a missing DIR, or none, is named', async () => {
    const dir = join(root, 'no-such-folder');
    const r = await runMainHere(() => learnedCurveMain([dir]));
    expectRefused(r, new RegExp(`^error: ${esc(dir)}: is not a folder`), dir);
    expect(existsSync(dir)).toBe(false);
    const none = await runMainHere(() => learnedCurveMain([]));
    expectRefused(none, /^error: DIR: give the folder of run logs first/, root);
  });

  it('a DIR without run logs, and one whose logs are not of the learned proposer, are named', async () => {
    const empty = folder('empty');
    expectRefused(
      await runMainHere(() => learnedCurveMain([empty])),
      new RegExp(`${esc(empty)}: holds no .json`),
      empty,
    );
    const other = folder('evolution-only', { 'run-1.json': evolution(1), 'run-2.json': evolution(2) });
    expectRefused(
      await runMainHere(() => learnedCurveMain([other])),
      new RegExp(`${esc(other)}: holds no runs of the learned proposer`),
      other,
    );
  });

  it('an unknown flag is named, from a real process', () => {
    const dir = folder('unknown-flag', { 'run-1.json': learned(1), 'run-2.json': learned(2) });
    // Without the flag this folder would be read and a curve computed: the flag alone stops it.
    expectRefused(runCli(CLI, [dir, '--eval-form'], 110_000), /^error: --eval-form: unknown flag/, dir);
  });

  it('--eval-from naming a missing folder is named, with the flag', async () => {
    const dir = folder('eval-from-missing', { 'run-1.json': learned(1) });
    const from = join(root, 'no-such-eval-folder');
    const r = await runMainHere(() => learnedCurveMain([dir, '--eval-from', from]));
    expectRefused(r, new RegExp(`^error: --eval-from: ${esc(from)}: is not a folder`), dir);
  });

  it('a corrupt run log in DIR or in --eval-from is named, and which folder it is in', async () => {
    const bad = folder('corrupt', { 'run-1.json': learned(1), 'run-2.json': '{ "schemaVersion": 1, truncat' });
    expectRefused(await runMainHere(() => learnedCurveMain([bad])), /^error: run-2\.json: is not valid JSON/, bad);
    const dir = folder('corrupt-eval', { 'run-1.json': learned(1) });
    const r = await runMainHere(() => learnedCurveMain([dir, '--eval-from', bad]));
    expectRefused(r, /^error: --eval-from: run-2\.json: is not valid JSON/, dir);
  });
});

describe('npm run learned-curve -- --help', () => {
  it('prints its usage, exits 0 and reads nothing', async () => {
    // DIR does not exist: --help must answer before any argument is checked.
    const r = await runMainHere(() => learnedCurveMain([join(root, 'absent'), '--help']));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^usage: npm run learned-curve -- DIR \[--eval-from DIR2\]\n/);
    expect(r.stdout).toMatch(/--eval-from DIR2 +score every run/);
    const alone = await runMainHere(() => learnedCurveMain(['--help']));
    expect(alone).toEqual(r);
  });
});
