import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import {
  BASELINE,
  canonical,
  improverFields,
  improverKey,
  META_PROPOSERS,
  META_RANGES,
  mutateImprover,
  sampleImprover,
  type ImproverConfig,
} from '../../src/core/meta';
import {
  checkMetaOptions,
  MetaError,
  planMeta,
  runKey,
  updateArchive,
  type MetaOptions,
  type RunScore,
  type ScoredImprover,
} from '../../src/core/meta-search';
import { createRng } from '../../src/core/rng';
import type { TaskName } from '../../src/core/tasks';

const inRange = (c: ImproverConfig) =>
  META_PROPOSERS.includes(c.proposer) &&
  c.tournament >= META_RANGES.tournament.min &&
  c.tournament <= META_RANGES.tournament.max &&
  c.mutations >= META_RANGES.mutations.min &&
  c.mutations <= META_RANGES.mutations.max &&
  (c.proposer !== 'learned' ||
    (c.learnedPool! >= META_RANGES.learnedPool.min &&
      c.learnedPool! <= META_RANGES.learnedPool.max &&
      c.learnedMembers! >= META_RANGES.learnedMembers.min &&
      c.learnedMembers! <= META_RANGES.learnedMembers.max));

describe('the outer genome (meta.ts)', () => {
  it('one key per behaviour: settings a proposer ignores do not change it, any used setting does', () => {
    const a = improverKey({ ...BASELINE, learnedPool: 200 });
    expect(a).toBe(improverKey(BASELINE));
    expect(improverKey({ ...BASELINE, tournament: 4 })).not.toBe(a);
    expect(improverKey({ ...BASELINE, mutations: 2 })).not.toBe(a);
    const learned: ImproverConfig = { proposer: 'learned', tournament: 3, mutations: 1 };
    expect(canonical(learned)).toMatchObject({ learnedPool: 96, learnedMembers: 5 });
    expect(improverKey({ ...learned, learnedMembers: 3 })).not.toBe(improverKey(learned));
    expect(improverKey(BASELINE)).toMatch(/^evolution-t3-m1-[0-9a-f]{8}$/);
  });

  it("the baseline's run config is plain evolution's, field for field", () => {
    const plain = parseConfig({ proposer: 'evolution' });
    expect(parseConfig(improverFields(BASELINE))).toEqual(plain);
  });

  it('every sampled or mutated configuration is a valid run config within the ranges, reproducibly', () => {
    const rng = createRng(7);
    let c = sampleImprover(rng);
    let changed = 0;
    for (let i = 0; i < 300; i++) {
      expect(inRange(c)).toBe(true);
      const fields = improverFields(c);
      const cfg = parseConfig(fields);
      expect(cfg.proposer).toBe(c.proposer);
      if (c.policy) expect(cfg.policyFrom?.policy).toEqual(c.policy);
      const next = i % 3 === 0 ? sampleImprover(rng) : mutateImprover(c, rng);
      if (improverKey(next) !== improverKey(c)) changed++;
      c = next;
    }
    // A mutation that hits a bound can clamp to the same configuration, but rarely.
    expect(changed).toBeGreaterThan(270);
    const again = createRng(7);
    expect(sampleImprover(again)).toEqual(sampleImprover(createRng(7)));
  });
});

describe('the archive', () => {
  const s = (proposer: ImproverConfig['proposer'], mutations: number, score: number, round = 0): ScoredImprover => ({
    key: `${proposer}-${mutations}-${score}`,
    config: { proposer, tournament: 3, mutations },
    round,
    score,
  });

  it('keeps the best of each niche (proposer × mutation strength), best first, at most its size', () => {
    const a = updateArchive(
      [s('evolution', 1, 0.8)],
      [s('evolution', 1, 0.85, 1), s('learned', 1, 0.7, 1), s('learned', 2, 0.9, 1), s('learned', 1, 0.75, 1)],
      10,
    );
    expect(a.map((x) => x.key)).toEqual(['learned-2-0.9', 'evolution-1-0.85', 'learned-1-0.75']);
    expect(updateArchive(a, [], 2).map((x) => x.key)).toEqual(['learned-2-0.9', 'evolution-1-0.85']);
    // A tie keeps the one already there.
    expect(updateArchive([s('evolution', 1, 0.8)], [{ ...s('evolution', 1, 0.8, 2), key: 'late' }], 5)[0].key).toBe(
      'evolution-1-0.8',
    );
  });
});

describe('the plan (planMeta)', () => {
  const options: MetaOptions = {
    metaSeed: 3,
    rounds: 4,
    children: 4,
    archiveSize: 5,
    finalists: 2,
    trainSeeds: [1, 2],
    heldOutSeeds: [11, 12, 13, 14, 15, 16, 17, 18],
  };

  /** Runs the plan to the end against a made-up world in which `truth` says how good a configuration is. */
  function drive(truth: (c: ImproverConfig, seed: number, task?: TaskName) => number, o: MetaOptions = options) {
    const results = new Map<string, RunScore>();
    const ran: string[] = [];
    for (let step = 0; step < 50; step++) {
      const plan = planMeta(o, results);
      if (plan.stage === 'done') return { plan, ran };
      for (const j of plan.jobs) {
        const k = runKey(j.key, j.seed, j.task);
        expect(results.has(k)).toBe(false);
        ran.push(k);
        const v = truth(j.config, j.seed, j.task);
        results.set(k, { finalTest: v, heldOutArea: v - 0.05 });
      }
    }
    throw new Error('the plan never finished');
  }

  it('runs the baseline in round 0, never a configuration twice, and held-out seeds only for the finalists and the baseline', () => {
    const { plan, ran } = drive((c, seed) => 0.7 + 0.01 * c.tournament + 0.001 * seed);
    expect(new Set(ran).size).toBe(ran.length);
    expect(plan.evaluated[0].key).toBe(improverKey(BASELINE));
    expect(plan.evaluated.length).toBeLessThanOrEqual(1 + options.rounds * options.children);
    const heldOut = ran.filter((r) => Number(r.split('/')[1]) > 10);
    const heldOutKeys = new Set(heldOut.map((r) => r.split('/')[0]));
    expect([...heldOutKeys].sort()).toEqual([improverKey(BASELINE), ...plan.finalists.map((f) => f.key)].sort());
    expect(heldOut.length).toBe(heldOutKeys.size * options.heldOutSeeds.length);
    expect(plan.finalists.some((f) => f.key === improverKey(BASELINE))).toBe(false);
    for (const c of plan.comparisons) expect(c.pHolm).toBeGreaterThanOrEqual(c.p);
  });

  it('finds a planted better setting and measures its gain on the held-out seeds', () => {
    // Only mutation strength matters here: 3 operators per child are 10 points better, plus seed noise.
    const noise = (seed: number) => ((seed * 7919) % 13) / 1000;
    const { plan } = drive((c, seed) => 0.7 + (c.mutations === 3 ? 0.1 : 0) + noise(seed));
    expect(plan.finalists[0].config.mutations).toBe(3);
    const row = plan.comparisons.find((c) => c.key === plan.finalists[0].key && c.measure === 'finalTest')!;
    expect(row.difference.mean).toBeCloseTo(0.1, 9);
    expect(row.pHolm).toBeLessThan(0.05);
  });

  it('held-out tasks: only the finalists and the baseline run there, on the held-out seeds, and each task has its own rows', () => {
    // 3 operators per child win 10 points on the search's task and lose 10 on moons; circles cannot tell them apart.
    const noise = (seed: number) => ((seed * 7919) % 13) / 1000;
    const effect = (c: ImproverConfig, task?: TaskName) =>
      c.mutations !== 3 ? 0 : task === 'moons' ? -0.1 : task === 'circles' ? 0 : 0.1;
    const o: MetaOptions = { ...options, heldOutTasks: ['moons', 'circles'] };
    const { plan, ran } = drive((c, seed, task) => 0.7 + effect(c, task) + noise(seed), o);
    if (plan.stage !== 'done') throw new Error('not done');
    const onTask = (t: string) => ran.filter((r) => r.split('/')[0].endsWith(`@${t}`));
    const evaluatedThere = [improverKey(BASELINE), ...plan.finalists.map((f) => f.key)].sort();
    for (const t of ['moons', 'circles']) {
      const runs = onTask(t);
      expect(runs.length).toBe(evaluatedThere.length * o.heldOutSeeds.length);
      expect([...new Set(runs.map((r) => r.split('@')[0]))].sort()).toEqual(evaluatedThere);
      expect(new Set(runs.map((r) => Number(r.split('/')[1])))).toEqual(new Set(o.heldOutSeeds));
    }
    // The search's own held-out rows are what they are without held-out tasks; each task adds its own.
    const alone = drive((c, seed, task) => 0.7 + effect(c, task) + noise(seed)).plan;
    if (alone.stage !== 'done') throw new Error('not done');
    const own = plan.comparisons.filter((c) => c.task === undefined);
    expect(own.map((c) => [c.key, c.measure, c.difference, c.p])).toEqual(
      alone.comparisons.map((c) => [c.key, c.measure, c.difference, c.p]),
    );
    expect(plan.comparisons).toHaveLength(3 * 2 * plan.finalists.length);
    const best = plan.finalists[0].key;
    const row = (task: TaskName | undefined) =>
      plan.comparisons.find((c) => c.key === best && c.task === task && c.measure === 'finalTest')!;
    expect(plan.finalists[0].config.mutations).toBe(3);
    expect(row(undefined).difference.mean).toBeCloseTo(0.1, 9);
    expect(row('moons').difference.mean).toBeCloseTo(-0.1, 9);
    expect(row('moons').difference.hi).toBeLessThan(0);
    expect(row('circles').difference.mean).toBeCloseTo(0, 9);
    // Holm over every row of every task: more rows, so no adjusted p below its search-task-only value.
    for (const c of plan.comparisons) expect(c.pHolm).toBeGreaterThanOrEqual(c.p);
    const ownAlone = alone.comparisons.find((c) => c.key === best && c.measure === 'finalTest')!;
    expect(row(undefined).pHolm).toBeGreaterThanOrEqual(ownAlone.pHolm);
  });

  it('refuses a held-out task named twice', () => {
    expect(() => checkMetaOptions({ ...options, heldOutTasks: ['moons', 'moons'] })).toThrow(/moons is named twice/);
  });

  it('is a function of the results: a half-finished stage asks for exactly the rest', () => {
    const first = planMeta(options, new Map());
    expect(first.stage).toBe('search');
    if (first.stage !== 'search') return;
    const results = new Map<string, RunScore>();
    for (const j of first.jobs.slice(0, 3)) results.set(runKey(j.key, j.seed), { finalTest: 0.8, heldOutArea: 0.7 });
    const second = planMeta(options, results);
    expect(second.stage === 'search' && second.jobs).toEqual(first.jobs.slice(3));
  });

  it('refuses held-out seeds that are training seeds, or too few of them', () => {
    expect(() => checkMetaOptions({ ...options, heldOutSeeds: [2, 20] })).toThrow(MetaError);
    expect(() => checkMetaOptions({ ...options, heldOutSeeds: [2, 20] })).toThrow(/both have 2/);
    expect(() => checkMetaOptions({ ...options, heldOutSeeds: [20] })).toThrow(/two held-out seeds/);
  });
});
