/**
 * Approval gates and tripwires in a real loop (tfjs CPU): a rejected
 * candidate never becomes champion and every decision is logged; a tripwire
 * with `stop` ends the run with its reason, one with `pause` holds the loop
 * until resumed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/core/oversight/approval';
import { verifyChain } from '../../src/core/oversight/chain';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { RunControl } from '../../src/engine/control';
import type { LoopEvent } from '../../src/engine/events';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig, withoutTimes } from './helpers';

const base = { task: 'xor', proposer: 'evolution', generations: 4, population: 3, steps: 20, progressEvery: 10 };
let free: RunLog;
const champions = (l: RunLog) => l.generations.map((g) => g.championId);
const ok = (l: RunLog) => {
  expect(() => validateRunLog(JSON.parse(JSON.stringify(l)))).not.toThrow();
  expect(verifyChain(JSON.parse(JSON.stringify(l)))).toMatchObject({ ok: true });
};

beforeAll(async () => {
  await setupCpu();
  free = await runLoop(tinyConfig(base), host());
});

describe('approval gates', () => {
  it('a rejected candidate never becomes champion; each decision is logged with who and when', async () => {
    expect(new Set(champions(free)).size).toBeGreaterThan(1); // the free run does crown new champions
    const asked: ApprovalRequest[] = [];
    const log = await runLoop(
      tinyConfig({ ...base, approve: 'champion' }),
      host({
        approve: async (req) => {
          asked.push(req);
          return { approve: false, by: 'test reviewer', at: '2026-01-01T00:00:00.000Z' };
        },
      }),
    );
    expect(asked.length).toBeGreaterThan(0);
    const rejected = new Set(asked.map((r) => r.candidateId));
    for (const id of champions(log)) expect(rejected.has(id)).toBe(false);
    expect(champions(log).every((id) => id === 0)).toBe(true); // all rejected: the seed stays
    const logged = log.generations.flatMap((g) => g.decisions ?? []);
    expect(logged).toHaveLength(asked.length);
    expect(logged[0]).toMatchObject({
      gate: 'champion',
      approve: false,
      by: 'test reviewer',
      at: '2026-01-01T00:00:00.000Z',
      currentId: 0,
    });
    ok(log);
  });

  it('approving everything gives the ungated run, with the approvals logged', async () => {
    const log = await runLoop(
      tinyConfig({ ...base, approve: 'champion' }),
      host({ approve: async () => ({ approve: true, by: 'test', at: new Date().toISOString() }) }),
    );
    expect(champions(log)).toEqual(champions(free));
    const changes = champions(free).filter((id, g) => g > 0 && id !== champions(free)[g - 1]).length;
    expect(log.generations.flatMap((g) => g.decisions ?? [])).toHaveLength(changes);
  });

  it('refuses to start a gated run with no one to ask', async () => {
    await expect(runLoop(tinyConfig({ ...base, approve: 'champion' }), host())).rejects.toThrow(
      /approve: this host has no way to ask/,
    );
  });
});

describe('approve: policy with the self-adaptive proposer', () => {
  const adaptive = { ...base, proposer: 'self-adaptive', generations: 5, population: 4 };
  const policyOf = (l: RunLog, id: number) => JSON.stringify(l.candidates.find((c) => c.id === id)?.genome.policy);

  it('a new champion with a different policy waits for a decision; rejected, the policy never takes effect', async () => {
    const ungated = await runLoop(tinyConfig(adaptive), host());
    const seedPolicy = policyOf(ungated, 0);
    // The free run does crown a champion whose policy moved, so the gate has something to guard.
    expect(champions(ungated).some((id) => policyOf(ungated, id) !== seedPolicy)).toBe(true);
    const asked: ApprovalRequest[] = [];
    const log = await runLoop(
      tinyConfig({ ...adaptive, approve: 'policy' }),
      host({
        approve: async (req) => {
          asked.push(req);
          return { approve: false, by: 'test reviewer', at: '2026-01-01T00:00:00.000Z' };
        },
      }),
    );
    expect(asked.length).toBeGreaterThan(0);
    for (const req of asked) {
      expect(req.gate).toBe('policy');
      expect(policyOf(log, req.candidateId)).not.toBe(policyOf(log, req.currentId)); // only changed policies ask
    }
    // Every champion still carries the seed's policy: no rejected policy took effect.
    for (const id of champions(log)) expect(policyOf(log, id)).toBe(seedPolicy);
    const rejected = new Set(asked.map((r) => r.candidateId));
    for (const id of champions(log)) expect(rejected.has(id)).toBe(false);
    expect(log.generations.flatMap((g) => g.decisions ?? [])).toHaveLength(asked.length);
    ok(log);
  });
});

describe('approve: policy with the learned proposer', () => {
  const learned = { ...base, proposer: 'learned', generations: 4, population: 4 };
  const strip = (l: RunLog) => withoutTimes(l).candidates;

  it('each retrained predictor waits for a decision before it picks; rejected, that generation is proposed without it', async () => {
    const free = await runLoop(tinyConfig(learned), host());
    expect(free.candidates.some((c) => c.predictedGain !== undefined)).toBe(true); // the predictor does pick here
    const asked: ApprovalRequest[] = [];
    const log = await runLoop(
      tinyConfig({ ...learned, approve: 'policy' }),
      host({
        approve: async (req) => {
          asked.push(req);
          return { approve: false, by: 'test reviewer', at: '2026-01-01T00:00:00.000Z' };
        },
      }),
    );
    expect(asked.length).toBeGreaterThan(0);
    for (const req of asked) {
      expect(req).toMatchObject({ gate: 'policy', predictor: { examples: expect.any(Number) } });
      expect(req.predictor!.picks).toHaveLength(learned.population);
      // Nothing the rejected predictor picked was proposed: its generation has no predicted gains.
      expect(log.candidates.filter((c) => c.generation === req.generation).map((c) => c.predictedGain)).toEqual(
        new Array(learned.population).fill(undefined),
      );
      expect(log.candidates.find((c) => c.generation === req.generation)!.id).toBe(req.candidateId);
    }
    const logged = log.generations.flatMap((g) => g.decisions ?? []);
    expect(logged).toHaveLength(asked.length);
    expect(logged[0]).toMatchObject({ gate: 'policy', approve: false, by: 'test reviewer' });
    expect(logged[0].predictor).toEqual({ examples: asked[0].predictor!.examples }); // not the whole list of picks
    // A rejected predictor bars no candidate from being champion.
    expect(champions(log).some((id) => id !== 0)).toBe(true);
    ok(log);

    const approved = await runLoop(
      tinyConfig({ ...learned, approve: 'policy' }),
      host({ approve: async () => ({ approve: true, by: 'test', at: new Date().toISOString() }) }),
    );
    expect(strip(approved)).toEqual(strip(free)); // approving every predictor is the ungated run
  });
});

describe('tripwires in the loop', () => {
  it('stop: the run ends after the generation that tripped, with the trip as its reason', async () => {
    const events: LoopEvent[] = [];
    const log = await runLoop(
      tinyConfig({ ...base, tripwires: 'speed:0:stop' }),
      host({ onEvent: (e) => events.push(e) }),
    );
    const first = free.generations.findIndex(
      (g, i) => i > 0 && g.championValAccuracy > free.generations[i - 1].championValAccuracy,
    );
    expect(first).toBeGreaterThan(0);
    expect(log.generations).toHaveLength(first + 1);
    expect(log.status).toBe('done');
    expect(log.stopReason).toMatchObject({ kind: 'tripwire', rule: 'speed', threshold: 0, generation: first });
    expect(log.generations[first].trips).toMatchObject([{ generation: first, rule: 'speed', action: 'stop' }]);
    expect(events.find((e) => e.type === 'tripwire')).toMatchObject({
      message: expect.stringMatching(/^tripwire speed at generation \d+: .* the loop stopped$/),
    });
    ok(log);
  });

  it('warn: recorded, and the run goes on unchanged', async () => {
    const log = await runLoop(tinyConfig({ ...base, tripwires: 'speed:0:warn' }), host());
    expect(log.stopReason).toBeUndefined();
    expect(log.generations.some((g) => g.trips?.length)).toBe(true);
    const strip = (l: RunLog) => withoutTimes(l).candidates;
    expect(strip(log)).toEqual(strip(free));
  });

  it('pause in an unattended run (no one to resume it): the run ends there, the pause its stop reason', async () => {
    const events: LoopEvent[] = [];
    const config = tinyConfig({ ...base, tripwires: 'speed:0:pause' });
    const log = await runLoop(
      config,
      host({ control: new RunControl(), unattended: true, onEvent: (e) => events.push(e) }),
    );
    const first = log.generations.findIndex((g) => g.trips?.length);
    expect(first).toBeGreaterThan(0);
    expect(log.generations).toHaveLength(first + 1);
    expect(log.status).toBe('done');
    expect(log.stopReason).toMatchObject({ kind: 'tripwire', rule: 'speed', generation: first, action: 'pause' });
    expect(events.find((e) => e.type === 'tripwire')).toMatchObject({
      message: expect.stringMatching(/no one is there to resume it: the loop stopped$/),
    });
    ok(log);
    // A host that passes no control could never resume: unattended by default, the same run.
    const bare = await runLoop(config, host());
    expect(bare.stopReason).toEqual(log.stopReason);
  });

  it('pause: the loop holds after the generation until a person resumes, then finishes', async () => {
    const control = new RunControl();
    const order: string[] = [];
    const log = await runLoop(
      tinyConfig({ ...base, tripwires: 'speed:0:pause' }),
      host({
        control,
        onEvent: (e) => {
          order.push(e.type);
          if (e.type === 'generation-done' && control.paused) {
            order.push('paused');
            setTimeout(() => {
              order.push('resume');
              control.resume();
            }, 50);
          }
        },
      }),
    );
    expect(log.status).toBe('done');
    expect(log.generations).toHaveLength(base.generations);
    const p = order.indexOf('paused');
    expect(p).toBeGreaterThan(0);
    expect(order[p - 2]).toBe('tripwire');
    // Nothing trained between the pause and the resume.
    expect(order[p + 1]).toBe('resume');
  });
});
