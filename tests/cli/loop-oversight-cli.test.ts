/**
 * `npm run loop` with oversight flags (node driver, cpu): budgets, decisions files, pauses with no terminal,
 * bad flags. The chromium driver's: tests/browser/loop-cli-chromium-oversight.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/oversight/chain';
import { validateRunLog } from '../../src/core/runlog';
import { parseLoopArgs } from '../../benchmarks/cli/loop';
import { runCli } from './run-cli';
import { usageError } from './usage-error';

const LOOP = 'benchmarks/cli/loop.ts';
const dir = mkdtempSync(join(tmpdir(), 'successor-oversight-'));
const small = [
  '--driver',
  'node',
  '--backend',
  'cpu',
  '--task',
  'xor',
  '--proposer',
  'evolution',
  '--generations',
  '4',
  '--population',
  '3',
  '--steps',
  '20',
  '--progress-every',
  '10',
];
const read = (p: string) => validateRunLog(JSON.parse(readFileSync(p, 'utf8')));

describe('npm run loop: oversight', () => {
  it('--max-candidates stops the run there and says which limit stopped it', () => {
    const out = join(dir, 'budget.json');
    const r = runCli(LOOP, [...small, '--max-candidates', '5', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stopped by the maxCandidates budget at generation 2: candidates 5 ≥ limit 5$/m);
    expect(r.stdout).toMatch(/^run log chain head [0-9a-f]{64}/m);
    const log = read(out);
    expect(log.candidates).toHaveLength(5);
    expect(log.stopReason).toMatchObject({ kind: 'budget', budget: 'maxCandidates' });
    expect(verifyChain(log)).toMatchObject({ ok: true });
  });

  it('--approve champion with a decisions file: rejected candidates never become champion, decisions logged', () => {
    const decisions = join(dir, 'decisions.json');
    writeFileSync(decisions, JSON.stringify({ default: 'reject' }));
    const out = join(dir, 'gated.json');
    const r = runCli(LOOP, [...small, '--approve', 'champion', '--decisions', decisions, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rejected #\d+ as champion \(decisions file .*decisions\.json \(default\)\)$/m);
    const log = read(out);
    const logged = log.generations.flatMap((g) => g.decisions ?? []);
    expect(logged.length).toBeGreaterThan(0);
    for (const g of log.generations) expect(logged.some((d) => d.candidateId === g.championId)).toBe(false);
  });

  it('a pause tripwire with no one at a terminal ends the run there, the pause its stop reason', () => {
    const out = join(dir, 'paused.json');
    const r = runCli(LOOP, [...small, '--tripwires', 'speed:0:pause', '--out', out]);
    expect(r.stdout).toMatch(/^tripwire speed at generation \d+: .*no one is there to resume it: the loop stopped$/m);
    expect(r.stdout).toMatch(
      /^stopped by the speed tripwire at generation \d+: .*\(a pause, with no one to resume it/m,
    );
    expect(r.code).toBe(0);
    const log = read(out);
    expect(log.status).toBe('done');
    expect(log.stopReason).toMatchObject({ kind: 'tripwire', rule: 'speed', action: 'pause' });
    expect(verifyChain(log)).toMatchObject({ ok: true });
  });

  // The parser is called directly for each bad flag; one real process checks what reaches the shell.
  it('refuses bad oversight flags, naming the flag in one line', () => {
    const cases: [string[], RegExp][] = [
      [['--tripwires', 'speed:fast:warn'], /^--tripwires: speed: threshold must be a non-negative number/],
      [['--max-flops', '-1'], /^--max-flops: must be a positive number/],
      [['--max-params', '50'], /^--max-params: the seed genome already has 114 parameters, more than 50/],
      [['--approve', 'champion'], /^--approve: needs a terminal to ask on, or --decisions FILE/],
    ];
    for (const [args, message] of cases) {
      const e = usageError(() => parseLoopArgs([...small, ...args, '--out', join(dir, 'never.json')], false));
      expect(e.message).toMatch(message);
      expect(e.message).not.toMatch(/\n/);
    }
  });

  it('exits 2 on a bad oversight flag, with one line on stderr and nothing written', () => {
    const out = join(dir, 'never.json');
    const r = runCli(LOOP, [...small, '--tripwires', 'speed:fast:warn', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: --tripwires: speed: threshold must be a non-negative number/);
    expect(existsSync(out)).toBe(false);
  });
});
