/**
 * Budgets stop a real loop (tfjs CPU) at the first limit reached, at most one
 * candidate past it, and record which limit as the run's stop reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { genomeCost } from '../../src/core/cost';
import { verifyChain } from '../../src/core/oversight/chain';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { RunControl, StopSignal } from '../../src/engine/control';
import { TASKS } from '../../src/core/tasks';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig } from './helpers';

const base = { task: 'xor', proposer: 'evolution', generations: 6, population: 3, steps: 20, progressEvery: 10 };
const spentFlops = (log: RunLog) =>
  log.candidates.reduce((s, c) => s + c.flops, 0) + log.generations.reduce((s, g) => s + (g.replicateFlops ?? 0), 0);
let unlimited: RunLog;

beforeAll(async () => {
  await setupCpu();
  unlimited = await runLoop(tinyConfig(base), host());
});

describe('budgets', () => {
  it('maxCandidates stops exactly at the limit, mid-generation, and says so', async () => {
    const log = await runLoop(tinyConfig({ ...base, maxCandidates: 5 }), host());
    expect(log.candidates).toHaveLength(5);
    expect(log.status).toBe('done');
    expect(log.stopReason).toMatchObject({ kind: 'budget', budget: 'maxCandidates', limit: 5, generation: 2 });
    // The partial generation 2 (one child of three) is summarised like any other.
    expect(log.generations).toHaveLength(3);
    expect(log.generations[2].candidateIds).toEqual([4]);
    expect(() => validateRunLog(JSON.parse(JSON.stringify(log)))).not.toThrow();
    expect(verifyChain(JSON.parse(JSON.stringify(log)))).toMatchObject({ ok: true });
  });

  it('maxFlops stops at the first candidate that reaches it, never more than one past', async () => {
    const perCandidate = unlimited.candidates.map((c) => c.flops);
    const limit = perCandidate.slice(0, 6).reduce((a, b) => a + b, 0) - 1; // reached during the 6th candidate
    const log = await runLoop(tinyConfig({ ...base, maxFlops: limit }), host());
    expect(log.stopReason).toMatchObject({ kind: 'budget', budget: 'maxFlops', limit });
    expect(log.candidates).toHaveLength(6);
    const spent = spentFlops(log);
    expect(spent).toBeGreaterThanOrEqual(limit);
    expect(spent - limit).toBeLessThanOrEqual(Math.max(...log.candidates.map((c) => c.flops)));
    // Without the sixth it would have been under the limit: the stop is at the first one reached.
    expect(spent - log.candidates[5].flops).toBeLessThan(limit);
  });

  it('maxFlops with replicates: what a new champion owes in replicates counts, at most one candidate (and its replicates) past', async () => {
    // Noise-aware acceptance replicates every challenger it tests, after the generation's children.
    const R = 3;
    const withReps = { ...base, generations: 5, population: 4, replicates: R, accept: 'noise-aware' };
    const free = await runLoop(tinyConfig(withReps), host());
    const total = spentFlops(free);
    let over = 0;
    for (const share of [0.3, 0.5, 0.7, 0.9]) {
      const limit = Math.round(total * share);
      const log = await runLoop(tinyConfig({ ...withReps, maxFlops: limit }), host());
      expect(log.stopReason).toMatchObject({ kind: 'budget', budget: 'maxFlops', limit });
      // One candidate past: its training and, were it crowned, R replicates (training and a validation pass).
      const last = log.candidates[log.candidates.length - 1];
      const cost = genomeCost(last.genome, [2], 2);
      const oneCandidate = last.flops + R * (last.flops + cost.forwardFlops * TASKS.xor.splits.validation);
      expect(spentFlops(log) - limit, `limit ${share} of the run`).toBeLessThanOrEqual(oneCandidate);
      over = Math.max(over, spentFlops(log) - limit);
    }
    expect(over).toBeGreaterThan(0); // the limits were passed, not all stopped short
  });

  it('maxParams never trains a model larger than the limit', async () => {
    const sizes = unlimited.candidates.map((c) => c.params);
    const firstBig = sizes.findIndex((p) => p > sizes[0]);
    expect(firstBig).toBeGreaterThan(0); // the run does grow a model, so the limit bites
    const log = await runLoop(tinyConfig({ ...base, maxParams: sizes[0] }), host());
    expect(log.stopReason).toMatchObject({
      kind: 'budget',
      budget: 'maxParams',
      limit: sizes[0],
      value: sizes[firstBig],
    });
    expect(log.candidates).toHaveLength(firstBig);
    for (const c of log.candidates) expect(c.params).toBeLessThanOrEqual(sizes[0]);
    expect(genomeCost(unlimited.candidates[firstBig].genome, [2], 2).params).toBe(sizes[firstBig]);
  });

  it('maxSeconds stops within a training step and keeps the children finished by then', async () => {
    // A budget far smaller than the run takes: it must end in its first generations.
    const log = await runLoop(tinyConfig({ ...base, generations: 50, maxSeconds: 0.5 }), host());
    expect(log.stopReason).toMatchObject({ kind: 'budget', budget: 'maxSeconds', limit: 0.5 });
    expect(log.candidates.length).toBeLessThan(50 * 3);
    expect(log.generations.length).toBeGreaterThan(0);
    for (const c of log.candidates) expect(c.steps).toBe(20); // no half-trained child is kept
    // Checked between steps: it stops less than one candidate's training time past the limit.
    const late = (log.stopReason as { value: number }).value - 0.5;
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(Math.max(...unlimited.candidates.map((c) => c.trainMs)) / 1000 + 0.25);
    expect(verifyChain(JSON.parse(JSON.stringify(log)))).toMatchObject({ ok: true });
  });

  it('a run within its budgets is unchanged by them', async () => {
    const log = await runLoop(tinyConfig({ ...base, maxCandidates: 1000, maxFlops: 1e15 }), host());
    expect(log.stopReason).toBeUndefined();
    expect(log.candidates.map((c) => c.metrics.valAccuracy)).toEqual(
      unlimited.candidates.map((c) => c.metrics.valAccuracy),
    );
  });
});

describe("time spent waiting for a person is not the loop's time", () => {
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  it('a pause longer than the wall-time budget does not use it up', async () => {
    const control = new RunControl();
    control.setDeadline(control.activeNow() + 200, () => new StopSignal('deadline'));
    control.pause();
    setTimeout(() => control.resume(), 400);
    await control.checkpoint(); // waits out the pause
    await expect(control.checkpoint()).resolves.toBeUndefined(); // still within the loop's own 200 ms
    await sleep(250);
    await expect(control.checkpoint()).rejects.toThrow('deadline'); // the loop's own time still counts
  });

  it('an approval wait does not count either', async () => {
    const control = new RunControl();
    const t0 = control.activeNow();
    expect(await control.waitForPerson(sleep(300).then(() => 'approved'))).toBe('approved');
    expect(control.activeNow() - t0).toBeLessThan(300);
  });
});
