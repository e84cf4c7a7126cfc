import { describe, expect, it } from 'vitest';
import {
  bracketOf,
  nextJob,
  nextJobs,
  rungSteps,
  stoppedEarly,
  type AshaJob,
  type RungEntry,
} from '../../src/core/asha';
import { crownable, proposeAsha } from '../../src/core/asha-proposer';
import { best } from '../../src/core/proposers';
import { createRng } from '../../src/core/rng';
import { SPACE_2D } from '../../src/core/space';
import type { Candidate } from '../../src/core/runlog';
import { candidate, config } from './fixtures';

const entry = (id: number, rung: number, score: number, promoted = false, bracket = 0): RungEntry => ({
  id,
  bracket,
  rung,
  score,
  promoted,
});

describe('ASHA rungs', () => {
  it('gives rung k a third of rung k + 1’s steps, the top rung the full budget', () => {
    expect([0, 1, 2].map((k) => rungSteps(900, 3, k))).toEqual([100, 300, 900]);
    expect([0, 1, 2, 3].map((k) => rungSteps(300, 4, k))).toEqual([11, 33, 100, 300]);
    expect(rungSteps(2, 4, 0)).toBe(1);
  });
});

describe('ASHA promotion (asynchronous successive halving, η = 3)', () => {
  it('starts a new configuration while no rung has three entries', () => {
    expect(nextJob([], 0, 3)).toEqual({ kind: 'new', bracket: 0, rung: 0 });
    expect(nextJob([entry(1, 0, 0.9), entry(2, 0, 0.8)], 0, 3)).toEqual({ kind: 'new', bracket: 0, rung: 0 });
  });

  it('promotes the best of the top third, once', () => {
    const rung0 = [entry(1, 0, 0.5), entry(2, 0, 0.9), entry(3, 0, 0.7)];
    expect(nextJob(rung0, 0, 3)).toEqual({ kind: 'promote', id: 2, bracket: 0, rung: 1 });
    rung0[1].promoted = true;
    // The top third (⌊3/3⌋ = 1 entry) is used up: 0.7 is not in it.
    expect(nextJob(rung0, 0, 3).kind).toBe('new');
  });

  it('promotes the second best once six have reached the rung', () => {
    const rung0 = [0.1, 0.9, 0.3, 0.8, 0.2, 0.4].map((s, i) => entry(i, 0, s));
    rung0[1].promoted = true;
    expect(nextJob(rung0, 0, 3)).toEqual({ kind: 'promote', id: 3, bracket: 0, rung: 1 });
  });

  it('looks at the highest rung first', () => {
    const table = [
      ...[0.1, 0.9, 0.3, 0.8, 0.2, 0.4, 0.6, 0.5, 0.7].map((s, i) => entry(i, 0, s, i === 1)),
      entry(20, 1, 0.95),
      entry(21, 1, 0.6),
      entry(22, 1, 0.85),
    ];
    expect(nextJob(table, 0, 3)).toEqual({ kind: 'promote', id: 20, bracket: 0, rung: 2 });
    // Nothing goes above the top rung: with two rungs, rung 1 is the top.
    expect(nextJob(table, 0, 2)).toEqual({ kind: 'promote', id: 3, bracket: 0, rung: 1 });
  });

  it('never promotes a diverged entry, and breaks ties by age', () => {
    const failed = [entry(1, 0, -Infinity), entry(2, 0, -Infinity), entry(3, 0, -Infinity)];
    expect(nextJob(failed, 0, 3).kind).toBe('new');
    const tied = [entry(7, 0, 0.5), entry(4, 0, 0.5), entry(9, 0, 0.5)];
    expect(nextJob(tied, 0, 3)).toMatchObject({ kind: 'promote', id: 4 });
  });

  it('replays one worker’s sequence of jobs on constructed scores', () => {
    // Each new configuration scores the next value; a promoted one keeps its score one rung up.
    const scores = [0.2, 0.5, 0.9, 0.1, 0.3, 0.8, 0.4, 0.6, 0.7, 0.05, 0.15, 0.25];
    const table: RungEntry[] = [];
    const log: string[] = [];
    let next = 0;
    for (let j = 0; j < 15; j++) {
      const job = nextJob(table, 0, 3);
      if (job.kind === 'new') {
        const id = next++;
        table.push(entry(id, 0, scores[id]));
        log.push(`new ${id}`);
      } else {
        const from = table.find((e) => e.id === job.id && e.rung === job.rung - 1)!;
        from.promoted = true;
        table.push(entry(job.id, job.rung, from.score));
        log.push(`up ${job.id}→${job.rung}`);
      }
    }
    expect(log).toEqual([
      'new 0',
      'new 1',
      'new 2',
      'up 2→1',
      'new 3',
      'new 4',
      'new 5',
      'up 5→1',
      'new 6',
      'new 7',
      'new 8',
      'up 8→1',
      'up 2→2',
      'new 9',
      'new 10',
    ]);
    // Configurations 0, 1, 3, 4, 6, 7, 9, 10 stopped at rung 0, 5 and 8 at rung 1; 2 (the best) reached the top.
    const rungOf = (id: number) => Math.max(...table.filter((e) => e.id === id).map((e) => e.rung));
    expect(stoppedEarly(table, 3).map((e) => `${e.id}@${e.rung}`)).toEqual([
      '0@0',
      '1@0',
      '3@0',
      '4@0',
      '5@1',
      '6@0',
      '7@0',
      '8@1',
      '9@0',
      '10@0',
    ]);
    expect(rungOf(2)).toBe(2);
  });
});

describe('several free workers and Hyperband brackets', () => {
  it('never promotes the same entry twice in one batch of jobs', () => {
    const rung0 = [0.1, 0.9, 0.3, 0.8, 0.2, 0.4].map((s, i) => entry(i, 0, s));
    const jobs = nextJobs(rung0, 4, { rungs: 3, hyperband: false, firstJob: 0 });
    expect(jobs).toEqual<AshaJob[]>([
      { kind: 'promote', id: 1, bracket: 0, rung: 1 },
      { kind: 'promote', id: 3, bracket: 0, rung: 1 },
      { kind: 'new', bracket: 0, rung: 0 },
      { kind: 'new', bracket: 0, rung: 0 },
    ]);
    expect(rung0.every((e) => !e.promoted)).toBe(true);
  });

  it('deals jobs to the brackets in turn; bracket s starts at rung s and promotes only its own', () => {
    expect([0, 1, 2, 3, 4].map((j) => bracketOf(j, 3, true))).toEqual([0, 1, 2, 0, 1]);
    expect(bracketOf(4, 3, false)).toBe(0);
    const table = [entry(1, 1, 0.9, false, 1), entry(2, 1, 0.8, false, 1), entry(3, 1, 0.1, false, 0)];
    // Bracket 0 sees one entry at rung 1: nothing to promote, a new one at rung 0.
    expect(nextJob(table, 0, 3)).toEqual({ kind: 'new', bracket: 0, rung: 0 });
    // Bracket 1 sees two: ⌊2/3⌋ = 0, a new one at its own bottom rung 1.
    expect(nextJob(table, 1, 3)).toEqual({ kind: 'new', bracket: 1, rung: 1 });
    table.push(entry(4, 1, 0.2, false, 1));
    expect(nextJob(table, 1, 3)).toEqual({ kind: 'promote', id: 1, bracket: 1, rung: 2 });
    // The last bracket starts at the top rung: random search at the full budget, never promoting.
    expect(nextJob([entry(5, 2, 0.9, false, 2)], 2, 3)).toEqual({ kind: 'new', bracket: 2, rung: 2 });
    expect(stoppedEarly([entry(5, 2, 0.9, false, 2)], 3)).toEqual([]);
  });
});

describe('who may be champion in an ASHA run', () => {
  const at = (id: number, rung: number | undefined, valAccuracy: number | null, status?: 'diverged'): Candidate => ({
    ...candidate(id, { generation: id === 0 ? 0 : 1, valAccuracy, status }),
    ...(rung === undefined ? {} : { rung, bracket: 0 }),
  });

  it('crowns from the highest rung reached, not the best score on any rung', () => {
    // A rung-0 candidate measured after a ninth of the steps scores highest; it is not crowned.
    const all = [at(0, undefined, 0.7), at(1, 0, 0.95), at(2, 0, 0.6), at(3, 1, 0.8), at(4, 2, 0.75), at(5, 2, 0.72)];
    expect(best(all)!.id).toBe(1);
    expect(crownable(all, 3).map((c) => c.id)).toEqual([0, 4, 5]);
    expect(best(crownable(all, 3))!.id).toBe(4);
    // Generation 0 trained for the full budget: it counts as the top rung, and here it is the best there.
    expect(best(crownable(all.slice(0, 4), 3))!.id).toBe(0);
  });

  it('falls back to the highest rung with a healthy candidate', () => {
    const all = [at(0, undefined, null, 'diverged'), at(1, 0, 0.9), at(2, 1, 0.6), at(3, 2, null, 'diverged')];
    expect(crownable(all, 3).map((c) => c.id)).toEqual([2]);
    expect(crownable([at(0, undefined, null, 'diverged')], 3)).toEqual([]);
  });
});

describe('ASHA with new configurations evolved on their rung (--asha-sampler evolution)', () => {
  const rung0 = (id: number, valAccuracy: number): Candidate => ({
    ...candidate(id, { generation: 1, valAccuracy }),
    genome: { ...candidate(id).genome, hyper: { ...candidate(id).genome.hyper, learningRate: 0.001 * (id + 1) } },
    operators: ['sample'],
    rung: 0,
    bracket: 0,
  });
  // Generation 0 and a rung-1 model score highest, but at other budgets; #1 is the best of rung 0 but the oldest.
  const history: Candidate[] = [
    candidate(0, { valAccuracy: 0.99 }),
    ...[0.98, 0.5, 0.3, 0.6, 0.9, 0.4, 0.2, 0.1].map((v, i) => rung0(i + 1, v)),
    { ...rung0(9, 0.97), parentId: 2, operators: ['promote'], rung: 1 },
  ];
  const propose = (over: Record<string, unknown>) =>
    proposeAsha(
      { config: config({ proposer: 'asha', ashaSampler: 'evolution', steps: 90, ...over }), space: SPACE_2D, history },
      4,
      createRng(7),
      false,
    );

  it("mutates the tournament winner among the rung's youngest `pool`, and trains it for that rung", () => {
    const news = propose({ pool: 6, tournament: 64 }).filter((p) => p.operators[0] !== 'promote');
    expect(news.length).toBe(2);
    for (const p of news) {
      // Pool = #3…#8 (the six youngest of rung 0); its best is #5 (0.9).
      expect(p.parentId).toBe(5);
      expect(p.operators.length).toBe(1);
      expect(p.genome).not.toEqual(history[5].genome);
      expect([p.rung, p.steps, p.continues]).toEqual([{ rung: 0, bracket: 0 }, rungSteps(90, 3, 0), undefined]);
    }
  });

  it('samples from the space until the rung holds `pool` candidates, like the default sampler', () => {
    const news = propose({ pool: 12 }).filter((p) => p.operators[0] !== 'promote');
    expect(news.map((p) => [p.parentId, p.operators[0]])).toEqual([
      [null, 'sample'],
      [null, 'sample'],
    ]);
  });
});

describe('ASHA under a FLOPs budget', () => {
  it('gives a configuration that cannot afford one step 0 steps, so the loop refuses it untrained', () => {
    const cfg = config({ proposer: 'asha', flopsBudget: 10, stepCap: 50 });
    const jobs = proposeAsha({ config: cfg, space: SPACE_2D, history: [candidate(0)] }, 4, createRng(1), false);
    expect(jobs.map((p) => [p.operators[0], p.steps])).toEqual([
      ['sample', 0],
      ['sample', 0],
      ['sample', 0],
      ['sample', 0],
    ]);
    // A budget that buys every sample steps: at least one at rung 0, as before.
    const rich = config({ proposer: 'asha', flopsBudget: 1e9, stepCap: 90 });
    const paid = proposeAsha({ config: rich, space: SPACE_2D, history: [candidate(0)] }, 4, createRng(1), false);
    expect(paid.map((p) => p.steps)).toEqual([10, 10, 10, 10]);
  });
});
