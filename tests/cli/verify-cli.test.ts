/**
 * `npm run verify`: the chain holds on a real run log; a single changed
 * number is named; a forged log (numbers changed and the chain recomputed)
 * passes the chain but not --replay, which retrains the champions on cpu.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extendChain, sealChain } from '../../src/core/oversight/chain';
import type { RunLog } from '../../src/core/runlog';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig } from '../engine/helpers';
import { parseVerifyArgs, readLog } from '../../benchmarks/cli/verify';
import { runCli } from './run-cli';
import { usageError } from './usage-error';

const VERIFY = 'benchmarks/cli/verify.ts';
const dir = mkdtempSync(join(tmpdir(), 'successor-verify-'));
let log: RunLog;
const save = (name: string, l: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(l, null, 1));
  return p;
};
const copy = () => JSON.parse(JSON.stringify(log)) as RunLog;

beforeAll(async () => {
  await setupCpu();
  log = await runLoop(
    tinyConfig({ task: 'xor', generations: 3, population: 2, steps: 20, maxCandidates: 100 }),
    host(),
  );
});

describe('npm run verify', () => {
  it('exits 0 when the chain holds', () => {
    const r = runCli(VERIFY, [save('ok.json', log)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^chain holds: 8 records, head [0-9a-f]{16}…$/m);
  });

  it('names the first record whose one number was changed', () => {
    const l = copy();
    l.candidates[3].metrics.valLoss = (l.candidates[3].metrics.valLoss ?? 0) + 1e-9;
    const r = runCli(VERIFY, [save('one-number.json', l)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^chain broken: candidates\[3\] was altered/m);
  });

  it('--replay reproduces the champions bit for bit, and catches a forged log whose chain was recomputed', () => {
    const ok = runCli(VERIFY, [save('ok2.json', log), '--replay']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/replay: \d+ champions reproduced bit for bit on cpu/);
    const forged = copy();
    const champ = forged.generations[2].championId;
    const c = forged.candidates.find((x) => x.id === champ)!;
    c.metrics.valLoss = (c.metrics.valLoss ?? 0) * 0.5;
    for (const r of [...forged.candidates, ...forged.generations]) delete r.hash;
    delete forged.chain;
    extendChain(forged);
    sealChain(forged);
    const r = runCli(VERIFY, [save('forged.json', forged), '--replay']);
    expect(r.stdout).toMatch(/chain holds/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(`replay differs: candidates\\[${forged.candidates.indexOf(c)}\\]\\.metrics\\.valLoss`),
    );
  });

  // The parser and the reader are called directly; one real process checks what reaches the shell.
  it('refuses bad arguments and unreadable logs, naming them in one line', () => {
    expect(usageError(() => parseVerifyArgs(['--fast', 'x.json'])).message).toMatch(/^--fast: unknown flag/);
    expect(usageError(() => readLog(join(dir, 'nope.json'))).message).toMatch(/^RUNLOG: cannot read/);
    expect(usageError(() => readLog('/dev/zero')).message).toMatch(/^RUNLOG: \/dev\/zero is not a regular file/);
  });

  it('exits 2 on a bad argument, with one line on stderr', () => {
    const r = runCli(VERIFY, ['--fast', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: --fast: unknown flag/);
  });
});
