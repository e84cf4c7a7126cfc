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
import { runCli } from './run-cli';

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

  it('refuses bad oversight flags with exit code 2, one line, nothing written', () => {
    const cases: [string[], RegExp][] = [
      [['--tripwires', 'speed:fast:warn'], /^error: --tripwires: speed: threshold must be a non-negative number/],
      [['--max-flops', '-1'], /^error: --max-flops: must be a positive number/],
      [['--approve', 'champion'], /^error: --approve: needs a terminal to ask on, or --decisions FILE/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, 'never.json');
      const r = runCli(LOOP, [...small, ...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});
