/**
 * Runs refused or announced before they start (issue 19, "Refused up front"):
 * a FLOPs budget that buys more than the step cap, the cap on every later
 * child, and the estimate a huge but valid run prints first.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../benchmarks/cli/args';
import { parseLoopArgs } from '../../benchmarks/cli/loop';
import { ConfigError, parseConfig } from '../../src/core/config';
import { nextJobs, rungSteps, type RungEntry } from '../../src/core/asha';
import { createRng } from '../../src/core/rng';
import {
  ashaJobShare,
  describeEstimate,
  describeSeconds,
  describeTimeOnDevice,
  estimateRun,
  flopsPerStepOf,
  MAX_STEPS,
  rateOf,
  secondsLeft,
  seedGenomeOf,
  settingsLine,
  stepsUnderBudget,
} from '../../src/core/run-plan';
import { createReporter } from '../../benchmarks/cli/loop-report';
import type { LoopEvent } from '../../src/engine/events';
import type { RunLog } from '../../src/core/runlog';
import { liveRate, pastRate } from '../../src/ui/time-estimate';
import type { RunRecord } from '../../src/ui/store';

const spirals = parseConfig({ task: 'spirals' });
const perStep = flopsPerStepOf(spirals, seedGenomeOf(spirals));

describe('a FLOPs budget', () => {
  it('is refused when it buys the seed genome more than the step cap, naming the cap', () => {
    for (const budget of [1e12, 1e300, perStep * (MAX_STEPS + 2)]) {
      let err: unknown;
      try {
        parseConfig({ task: 'spirals', flopsBudget: budget });
      } catch (e) {
        err = e;
      }
      expect(err, String(budget)).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).field).toBe('flopsBudget');
      expect((err as ConfigError).message).toContain('cap of 1,000,000 steps');
    }
    expect(parseConfig({ task: 'spirals', flopsBudget: perStep * MAX_STEPS }).flopsBudget).toBe(perStep * MAX_STEPS);
    // A step cap bounds it, so the budget is then allowed.
    expect(parseConfig({ task: 'spirals', flopsBudget: 1e12, stepCap: 500 }).stepCap).toBe(500);
  });

  it('gives no later child more than the cap, however cheap its step', () => {
    const c = parseConfig({ task: 'spirals', flopsBudget: perStep * 1000 });
    expect(stepsUnderBudget(c, perStep)).toBe(1000);
    expect(stepsUnderBudget(c, 1e-6)).toBe(MAX_STEPS);
    expect(stepsUnderBudget({ ...c, stepCap: 10 }, 1)).toBe(10);
    expect(stepsUnderBudget(c, perStep * 2000)).toBe(0);
  });

  it("the loop CLI's header says a budget sets the steps, not the unused --steps", () => {
    const start = {
      type: 'run-start',
      resumedFrom: 0,
      environment: { backend: 'cpu', fallbacks: [] },
    } as unknown as LoopEvent;
    const header = (config: ReturnType<typeof parseConfig>) => {
      let out = '';
      createReporter(config, (s) => (out += s), false)(start);
      return out.split('\n')[0];
    };
    expect(header(parseConfig({ task: 'spirals', flopsBudget: perStep * 1000 }))).toContain(
      `, steps bought by ${(perStep * 1000).toExponential(2)} FLOPs a child (at most 1,000,000), seed 1`,
    );
    expect(header(parseConfig({ task: 'spirals', flopsBudget: 1e12, stepCap: 500 }))).toContain('(at most 500)');
    expect(header(parseConfig({ task: 'spirals', flopsBudget: 1e12, stepCap: 500 }))).not.toMatch(/300 steps/);
    expect(header(parseConfig({ task: 'spirals', steps: 300 }))).toContain(', 300 steps, seed 1');
  });

  it('--flops-budget is refused by the loop CLI before anything runs', () => {
    expect(() => parseLoopArgs(['--task', 'spirals', '--flops-budget', '1e12'])).toThrow(UsageError);
    expect(() => parseLoopArgs(['--task', 'spirals', '--flops-budget', '1e300'])).toThrow(
      /^--flops-budget: buys the seed genome .* cap of 1,000,000 steps/,
    );
  });
});

describe('the estimate printed before a run', () => {
  it('counts candidates and FLOPs, and flags a huge run as large', () => {
    const small = estimateRun(parseConfig({ task: 'xor', generations: 3, population: 4, steps: 100 }));
    expect(small).toMatchObject({ candidates: 1 + 2 * 4, seedSteps: 100, large: false });
    expect(small.flops).toBeCloseTo(9 * 100 * small.seedFlopsPerStep);
    // Replicates: one set per generation's new champion, or, noise-aware, one per child it may test.
    const best = estimateRun(parseConfig({ task: 'xor', generations: 3, population: 4, steps: 100, replicates: 2 }));
    expect(best.candidates).toBe(1 + 2 * 4 + 3 * 2);
    const aware = estimateRun(
      parseConfig({ task: 'xor', generations: 3, population: 4, steps: 100, replicates: 2, accept: 'noise-aware' }),
    );
    expect(aware.candidates).toBe(1 + 2 * 4 + (1 + 2 * 4) * 2);
    const huge = estimateRun(parseConfig({ task: 'spirals', generations: 1000, population: 1024, steps: 1_000_000 }));
    expect(huge.candidates).toBe(1 + 999 * 1024);
    expect(huge.large).toBe(true);
    expect(describeEstimate(huge)).toMatch(
      /^~1,022,977 candidates, 1,000,000 steps for the seed genome, ~\d\.\de\+\d+ training FLOPs in all$/,
    );
    const wide = {
      hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0, dropout: 0 },
      arch: { family: 'mlp', layers: Array.from({ length: 8 }, () => ({ units: 4096, activation: 'relu' })) },
    };
    expect(estimateRun(parseConfig({ task: 'spirals', seedGenome: wide, steps: 100_000 })).large).toBe(true);
  });
});

describe('the estimate for asha and hyperband, whose children train a rung of the budget', () => {
  /** The share of the full budget the jobs of a run of `generations` × `population` train, by the real promotion rule. */
  function simulated(rungs: number, hyperband: boolean, generations: number, population: number): number {
    const rng = createRng(7);
    const entries: RungEntry[] = [];
    let steps = 0;
    for (let g = 1; g < generations; g++) {
      const jobs = nextJobs(entries, population, { rungs, hyperband, firstJob: entries.length });
      for (const job of jobs) {
        const below = job.kind === 'promote' ? rungSteps(900, rungs, job.rung - 1) : 0;
        steps += rungSteps(900, rungs, job.rung) - below;
        if (job.kind === 'promote') entries.find((e) => e.id === job.id)!.promoted = true;
        entries.push({ id: entries.length, bracket: job.bracket, rung: job.rung, score: rng.next(), promoted: false });
      }
    }
    return steps / 900 / ((generations - 1) * population);
  }

  // The steady state's share; early in a run a promoted configuration that a newer one pushes out of its
  // rung's top third lets one more go up, so a real run trains up to ~15% more. The estimate is "about".
  it('matches what the promotion rule trains in a run, within a fifth', () => {
    expect(ashaJobShare(3, false)).toBeCloseTo(7 / 39);
    for (const hyperband of [false, true]) {
      const share = ashaJobShare(3, hyperband);
      expect(Math.abs(simulated(3, hyperband, 41, 6) / share - 1)).toBeLessThan(0.2);
    }
    expect(Math.abs(simulated(4, false, 41, 6) / ashaJobShare(4, false) - 1)).toBeLessThan(0.2);
  });

  it('counts generation 0 at the full budget and every child at its share', () => {
    const base = { task: 'xor', generations: 11, population: 6, steps: 900 };
    const evo = estimateRun(parseConfig({ ...base, proposer: 'evolution' }));
    const asha = estimateRun(parseConfig({ ...base, proposer: 'asha' }));
    const hb = estimateRun(parseConfig({ ...base, proposer: 'hyperband' }));
    expect(asha.candidates).toBe(evo.candidates);
    expect(asha.flops).toBeCloseTo((1 + 60 * (7 / 39)) * 900 * asha.seedFlopsPerStep);
    expect(hb.flops).toBeGreaterThan(asha.flops);
    expect(hb.flops).toBeLessThan(evo.flops);
    expect(estimateRun(parseConfig({ ...base, proposer: 'pbt' })).flops).toBeCloseTo(evo.flops);
  });
});

describe('the time left, once generation 0 has trained on this device', () => {
  it('scales the remaining FLOPs by the rate measured so far', () => {
    const e = estimateRun(parseConfig({ task: 'xor', generations: 3, population: 4, steps: 100 }));
    const seed = e.flops / 9;
    // The seed took 2 s for a ninth of the work: the other eight ninths take 16 s.
    expect(secondsLeft(e, seed, 2000)).toBeCloseTo(16);
    expect(secondsLeft(e, 0, 2000)).toBeNull();
    expect(secondsLeft(e, seed, 0)).toBeNull();
    expect([describeSeconds(40), describeSeconds(600), describeSeconds(5 * 3600)]).toEqual(['40 s', '10 min', '5.0 h']);
  });

  it('is printed by the loop CLI after generation 0, and not after a resume', () => {
    const config = parseConfig({ task: 'xor', generations: 3, population: 4, steps: 100 });
    const flops = estimateRun(config).flops / 9;
    const done = {
      type: 'generation-done',
      summary: {
        index: 0,
        championId: 0,
        championValAccuracy: 0.5,
        championTestAccuracy: 0.5,
        bestValAccuracy: 0.5,
        candidateIds: [0],
        ms: 3000,
      },
      log: { candidates: [{ id: 0, generation: 0, flops, trainMs: 3000, steps: 100, changes: [] }], generations: [] },
    } as unknown as LoopEvent;
    const start = (resumedFrom: number) =>
      ({ type: 'run-start', resumedFrom, environment: { backend: 'cpu', fallbacks: [] } }) as unknown as LoopEvent;
    for (const resumedFrom of [0, 1]) {
      let out = '';
      const report = createReporter(config, (s) => (out += s), false);
      report(start(resumedFrom));
      report(done);
      if (resumedFrom === 0)
        expect(out).toMatch(/time: about 24 s left at the rate generation 0 trained on this device/);
      else expect(out).not.toMatch(/time: about/);
    }
  });
});

describe("the page's time estimate on this device", () => {
  const config = parseConfig({ task: 'xor', generations: 3, population: 4, steps: 100, backend: 'cpu' });
  const e = estimateRun(config);
  const trained = (steps: number, trainMs: number, status: 'ok' | 'failed' = 'ok') => ({ steps, trainMs, status });

  it('says "estimate after the first child" until a pace is measured, and invents none', () => {
    expect(describeTimeOnDevice(e, null)).toBe('estimate after the first child');
    expect(rateOf([])).toBeNull();
    expect(rateOf([trained(100, 1000, 'failed')])).toBeNull();
    expect(liveRate([trained(100, 0)])).toBeNull();
  });

  it('scales the steps still to train by the measured time per step', () => {
    // 10 ms a step: each candidate's 100 steps take one second.
    const rate = rateOf([trained(100, 500), trained(100, 1500), trained(100, 9000, 'failed')])!;
    expect(rate).toBeCloseTo(10);
    const source = 'of this run so far';
    expect(describeTimeOnDevice(e, { msPerStep: rate, source })).toMatch(
      new RegExp(`^about ${e.candidates} s of training, at the rate of this run so far`),
    );
    expect(describeTimeOnDevice(e, { msPerStep: rate, source }, 3)).toMatch(
      new RegExp(`^about ${e.candidates - 3} s of training left`),
    );
  });

  it("follows the children's measured pace, not the seed's FLOPs (the Quick demo's linear seed grows hidden layers)", () => {
    const demo = parseConfig({ task: 'xor', generations: 6, population: 6, steps: 200, seedGenome: 'weak' });
    const est = estimateRun(demo);
    expect(est.candidates).toBe(31);
    // 13 trained, a second each, with 30 times the seed's FLOPs: 18 left take about 18 s, not a fraction of one.
    const flops = 30 * est.seedFlopsPerStep * 200;
    const done = Array.from({ length: 13 }, () => ({ ...trained(200, 1000), flops }));
    expect(describeTimeOnDevice(est, liveRate(done), 13)).toMatch(
      /^about 18 s of training left, at the rate of this run so far/,
    );
  });

  it("takes a previous run's rate only from this browser, same task and backend, newest first", () => {
    const record = (id: string, source: RunRecord['source'], task: string, backend: string, trainMs: number) =>
      ({
        id,
        source,
        savedAt: '',
        log: { config: { ...config, task, backend }, candidates: [trained(100, trainMs)] } as unknown as RunLog,
      }) as RunRecord;
    const records = [
      record('a', 'import', 'xor', 'cpu', 10),
      record('b', 'page', 'spirals', 'cpu', 20),
      record('c', 'page', 'xor', 'webgpu', 30),
      record('d', 'page', 'xor', 'cpu', 2000),
      record('e', 'page', 'xor', 'cpu', 40),
    ];
    const rate = pastRate(records, config)!;
    expect(rate.msPerStep).toBeCloseTo(20);
    expect(rate.source).toBe('of your last xor run on cpu in this browser');
    expect(pastRate(records.slice(0, 3), config)).toBeNull();
    // Unchanged inputs give the same object (the settings panel re-renders only on a change).
    expect(pastRate(records, config)).toBe(pastRate(records, config));
  });
});

describe("the lab's folded settings line", () => {
  const base = {
    task: 'xor',
    proposer: 'evolution',
    generations: 6,
    population: 6,
    steps: 200,
    seed: 2,
    backend: 'cpu',
  };

  it('says the steps when no budget is set', () => {
    expect(settingsLine(parseConfig(base))).toBe(
      'xor · evolution · 6 generations × 6 children · 200 steps · seed 2 · cpu',
    );
  });

  it('says what a FLOPs budget buys instead of the steps it does not use', () => {
    const line = settingsLine(parseConfig({ ...base, flopsBudget: 1e6 }));
    expect(line).toBe(
      'xor · evolution · 6 generations × 6 children · steps bought by 1.00e+6 FLOPs a child (at most 1,000,000) · seed 2 · cpu',
    );
    expect(line).not.toContain('200 steps');
    expect(settingsLine(parseConfig({ ...base, flopsBudget: 1e6, stepCap: 500 }))).toContain('(at most 500)');
  });
});
