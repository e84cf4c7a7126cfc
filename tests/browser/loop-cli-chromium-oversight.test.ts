/**
 * Oversight through the default driver: the loop runs in the real page in
 * headless Chromium while approvals and a tripwire's pause are answered from
 * Node — by the driver's approver and pause control (a person at the
 * terminal stands behind them), or, with no terminal, by a decisions file
 * and the unattended rule (a pause ends the run).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoopInChromium } from '../../benchmarks/drivers/loop-chromium';
import { parseConfig } from '../../src/core/config';
import type { ApprovalRequest } from '../../src/core/oversight/approval';
import { verifyChain } from '../../src/core/oversight/chain';
import { validateRunLog } from '../../src/core/runlog';
import { runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'successor-chromium-oversight-'));
const small = { task: 'circles', seedGenome: 'weak', proposer: 'evolution', generations: 3, population: 2, steps: 30 };

describe('oversight with --driver chromium', () => {
  it('the page asks the driver for approvals and holds at a pause until the driver resumes it', async () => {
    const asked: ApprovalRequest[] = [];
    const order: string[] = [];
    const config = parseConfig({ ...small, seed: 3, backend: 'cpu', approve: 'champion', tripwires: 'growth:0:pause' });
    const log = await runLoopInChromium(
      process.cwd(),
      config,
      (e, control) => {
        order.push(e.type);
        if (e.type === 'generation-done' && e.summary.trips?.some((t) => t.action === 'pause'))
          setTimeout(() => {
            order.push('resume');
            control.resume();
          }, 300);
      },
      () => undefined,
      undefined,
      {
        approve: async (req) => {
          asked.push(req);
          return { approve: false, by: 'test reviewer', at: '2026-01-01T00:00:00.000Z' };
        },
      },
    );
    expect(log.status).toBe('done');
    expect(log.generations).toHaveLength(3); // held at the pause, then went on
    expect(log.generations[0].trips).toMatchObject([{ rule: 'growth', action: 'pause' }]);
    const resumed = order.indexOf('resume');
    expect(resumed).toBeGreaterThan(order.indexOf('generation-done'));
    expect(order.slice(order.indexOf('generation-done') + 1, resumed)).not.toContain('child-start');
    expect(asked.length).toBeGreaterThan(0);
    expect(log.generations.flatMap((g) => g.decisions ?? [])).toHaveLength(asked.length);
    expect(log.generations.flatMap((g) => g.decisions ?? [])[0]).toMatchObject({ by: 'test reviewer', approve: false });
    for (const g of log.generations) expect(g.championId).toBe(0); // every change rejected
    expect(verifyChain(JSON.parse(JSON.stringify(log)))).toMatchObject({ ok: true });
  });

  it('npm run loop with --approve --decisions and a pause tripwire, no terminal: decided by the file, stopped at the pause', () => {
    const decisions = join(dir, 'decisions.json');
    writeFileSync(decisions, JSON.stringify({ default: 'approve' }));
    const out = join(dir, 'run.json');
    const r = runCli('benchmarks/cli/loop.ts', [
      ...['--task', 'circles', '--seed-genome', 'weak', '--proposer', 'evolution', '--seed', '3'],
      ...['--generations', '4', '--population', '2', '--steps', '30'],
      '--backend',
      'cpu',
      '--approve',
      'champion',
      '--decisions',
      decisions,
      '--tripwires',
      'speed:0:pause',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^approved #\d+ as champion \(decisions file .*decisions\.json \(default\)\)$/m);
    expect(r.stdout).toMatch(/no one is there to resume it: the loop stopped$/m);
    const log = validateRunLog(JSON.parse(readFileSync(out, 'utf8')));
    expect(log.stopReason).toMatchObject({ kind: 'tripwire', rule: 'speed', action: 'pause' });
    expect(log.generations).toHaveLength(log.stopReason!.generation + 1);
    expect(log.generations.length).toBeLessThan(4); // ended at the pause, before the planned end
    expect(log.generations.flatMap((g) => g.decisions ?? [])[0]).toMatchObject({ approve: true });
    expect(log.environment.userAgent).toMatch(/Chrome/);
  });
});
