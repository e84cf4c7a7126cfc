/**
 * Noise detected and said. The host here is simulated: timed regions read a
 * virtual clock that advances only when the "host" sleeps, a fixed 10 ms
 * (quiet) or a seeded random 1–60 ms (noisy), so the verdict depends on the
 * noise injected and never on how loaded the machine running the test is.
 * The workload itself is real (a matmul suite on the tfjs CPU backend).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../../src/engine/bench/run';
import { timeRegions } from '../../src/engine/bench/timing';
import type { Suite } from '../../src/core/bench/suite';
import { validateBenchResult } from '../../src/core/bench/validate';
import { verdictLine } from '../../src/core/bench/verdict';
import { rngFor } from '../../src/core/rng';
import { nodeAssetLoader } from '../../src/engine/node-host';
import { setupCpu } from './helpers';
import { assessBackend } from '../../src/core/bench/reliability';
import { backend } from '../core/bench-fixtures';

const SUITE: Suite = {
  name: 'tiny',
  version: 1,
  title: 'test',
  repeats: 5,
  warmup: 1,
  seed: 3,
  train: [],
  infer: [],
  conv: [],
  dispatch: [],
  loop: [],
  matmul: [{ id: 'square-16', m: 16, k: 16, n: 16, iters: 1, tolerance: 1e-3 }],
};

/** A clock that only the simulated host's sleeps move. */
function simulatedHost(sleepMs: () => number) {
  let t = 0;
  return { now: () => t, perturb: async () => void (t += sleepMs()) };
}

beforeAll(setupCpu);

const run = (sleepMs: () => number, load?: number[]) =>
  runSuite(SUITE, ['cpu'], {
    loadAsset: nodeAssetLoader(),
    environment: { driver: 'node', nodeVersion: process.version, platform: 'test', hardwareConcurrency: 2 },
    timing: { minRegionMs: 0, ...simulatedHost(sleepMs) },
    loadAverage: load ? () => load : undefined,
    reference: null,
  });

describe('noise in timed regions', () => {
  it('marks a run on a host that sleeps at random unreliable, naming the figure, and a quiet one reliable', async () => {
    const rng = rngFor(7, 'noisy-host');
    const noisy = validateBenchResult(await run(() => 1 + 59 * rng.next()));
    const b = noisy.backends[0];
    expect(b.reliability?.reliable).toBe(false);
    expect(b.reliability?.reasons.join(' ')).toMatch(/matmul\/square-16\/gflops is known only to ±\d+%/);
    expect(verdictLine(noisy, b)).toMatch(/UNRELIABLE/);

    const quiet = validateBenchResult(await run(() => 10));
    expect(quiet.backends[0].reliability).toMatchObject({ reliable: true, reasons: [] });
    expect(quiet.backends[0].measures!.matmul[0].gflops.interval![1]).toBeCloseTo(
      quiet.backends[0].measures!.matmul[0].gflops.median,
      9,
    );
    expect(verdictLine(quiet, quiet.backends[0])).not.toMatch(/UNRELIABLE/);
    expect(quiet.hostLoad?.note).toMatch(/not available/);
  });

  it('calls a quiet run on a busy host unreliable, from the load it records', async () => {
    const busy = validateBenchResult(await run(() => 10, [5.1, 4, 3]));
    expect(busy.hostLoad).toMatchObject({ before: [5.1, 4, 3], after: [5.1, 4, 3], cores: 2 });
    expect(busy.backends[0].reliability?.reasons.join(' ')).toMatch(
      /host was busy before the run \(load 5\.10 on 2 cores\)/,
    );
  });

  it('judges the host by what other processes used during the run where that is known, not by the load after it', () => {
    // No figures: only the host can make this verdict unreliable.
    const b = backend('cpu', 1, { measures: null });
    const load = (othersCores: number) => ({
      before: [0.4],
      // After the run the load average counts the benchmark's own threads.
      after: [3.1],
      cores: 2,
      others: { cores: othersCores, top: [{ name: 'node', cores: othersCores }] },
    });
    expect(assessBackend(b, load(0.1)).reasons).toEqual([]);
    expect(assessBackend(b, load(1.2)).reasons).toEqual([
      'other processes used 1.20 of 2 cores during the run (node 1.20)',
    ]);
    // Without that figure (other platforms, older results) the load after the run still counts.
    expect(assessBackend(b, { before: [0.4], after: [3.1], cores: 2 }).reasons).toEqual([
      'the host was busy after the run (load 3.10 on 2 cores)',
    ]);
  });
});

describe('the loop case', () => {
  it('times whole runs of the same seeded loop, one sample per repeat, so the spread is the host’s and not the genomes’', async () => {
    const loopSuite: Suite = {
      ...SUITE,
      repeats: 3,
      matmul: [],
      loop: [
        {
          id: 'spirals-evolution',
          task: 'spirals',
          proposer: 'evolution',
          generations: 2,
          population: 2,
          steps: 5,
          seed: 1,
          batchPopulation: true,
          targetAccuracy: 0.01,
        },
      ],
    };
    const r = validateBenchResult(
      await runSuite(loopSuite, ['cpu'], {
        loadAsset: nodeAssetLoader(),
        environment: { driver: 'node', nodeVersion: process.version, platform: 'test', hardwareConcurrency: 2 },
        timing: { minRegionMs: 0 },
        reference: null,
      }),
    );
    const loop = r.backends[0].measures!.loop[0];
    // Before v3 there was one sample per generation after generation 0: 1 here, not 3.
    expect(loop.generationsPerMin.samples).toHaveLength(3);
    // A sample is generations per minute of one whole run: the median run's duration says the same.
    expect(loop.generationsPerMin.median).toBeCloseTo((2 * 60_000) / loop.totalMs, 6);
    expect(loop.timeToTargetMs).not.toBeNull();
  });
});

describe('timed regions', () => {
  it('take a region’s own duration when it times itself, one run per repeat', async () => {
    const host = simulatedHost(() => 100);
    const own = [7, 9, 8, 8];
    const t = await timeRegions(
      { warmup: 1, repeats: 3, minRegionMs: 0, now: host.now, perturb: host.perturb },
      async () => own.shift(),
    );
    // The warm-up consumed 7; the host's 100 ms sleeps between runs are not in the samples.
    expect(t).toEqual({ ms: [9, 8, 8], runsPerRegion: 1 });
  });

  it('run enough times per repeat to last the minimum region duration, calibrated by the untimed run', async () => {
    const host = simulatedHost(() => 3);
    let runs = 0;
    const t = await timeRegions({ warmup: 1, repeats: 4, minRegionMs: 50, now: host.now }, async () => {
      runs++;
      await host.perturb();
    });
    // 3 ms per run: 17 runs make each repeat last ≥ 50 ms; times are per run.
    expect(t.runsPerRegion).toBe(17);
    expect(runs).toBe(1 + 4 * 17);
    expect(t.ms).toEqual([3, 3, 3, 3]);
  });

  it('--until-stable stops as soon as the interval is narrow enough', async () => {
    // Two wild repeats, then steady ones: the interval narrows as steady repeats pile up.
    const durations = [10, 30];
    const host = simulatedHost(() => durations.shift() ?? 20);
    const t = await timeRegions(
      {
        warmup: 0,
        repeats: 2,
        minRegionMs: 0,
        now: host.now,
        perturb: host.perturb,
        untilStable: { halfWidth: 0.05, maxMs: 1e9 },
      },
      async () => {},
    );
    expect(t.ms.length).toBeGreaterThan(2);
    const { relativeHalfWidth, summarise } = await import('../../src/core/bench/stats');
    // It stopped at the first repeat count whose interval was within ±5 %, not later.
    expect(relativeHalfWidth(summarise(t.ms))).toBeLessThanOrEqual(0.05);
    expect(relativeHalfWidth(summarise(t.ms.slice(0, -1)))).toBeGreaterThan(0.05);
  });

  it('--until-stable takes at least 5 repeats, however close the first ones lie', async () => {
    const host = simulatedHost(() => 20);
    const t = await timeRegions(
      {
        warmup: 0,
        repeats: 3,
        minRegionMs: 0,
        now: host.now,
        perturb: host.perturb,
        untilStable: { halfWidth: 0.05, maxMs: 1e9 },
      },
      async () => {},
    );
    // Three identical repeats are within ±5 %, but their [min, max] covers the median only 75 %.
    expect(t.ms).toEqual([20, 20, 20, 20, 20]);
  });

  it('--until-stable stops at its time limit when the host never quiets', async () => {
    const rng = rngFor(1, 'never-quiet');
    const host = simulatedHost(() => 1 + 99 * rng.next());
    const t = await timeRegions(
      {
        warmup: 0,
        repeats: 3,
        minRegionMs: 0,
        now: host.now,
        perturb: host.perturb,
        untilStable: { halfWidth: 0.001, maxMs: 2000 },
      },
      async () => {},
    );
    const total = t.ms.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(2000);
    expect(total - t.ms[t.ms.length - 1]).toBeLessThan(2000);
  });
});

describe('--sustained', () => {
  it('loops the first training case, reads throughput per window, and reports lowest ÷ highest as stability', async () => {
    const TRAIN: Suite = {
      ...SUITE,
      repeats: 2,
      matmul: [],
      train: [
        {
          id: 'xor-mlp',
          task: 'xor',
          genome: {
            hyper: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, weightDecay: 0, dropout: 0 },
            arch: { family: 'mlp', layers: [{ units: 8, activation: 'tanh' }] },
          },
          steps: 2,
          checkSteps: 2,
          tolerance: 1e-3,
        },
      ],
    };
    // A host that throttles: each region of 2 steps (64 samples) takes 1 s until the clock reads 8 s,
    // then 2 s. The suite's own timing uses the start of the clock, so the first sustained window is
    // steady (64 samples/s) and later ones throttled; the exact figure on a constructed trace is in
    // tests/core/bench-sustained.test.ts.
    let t = 0;
    const r = validateBenchResult(
      await runSuite(TRAIN, ['cpu'], {
        loadAsset: nodeAssetLoader(),
        environment: { driver: 'node', nodeVersion: process.version, platform: 'test', hardwareConcurrency: 2 },
        timing: {
          minRegionMs: 0,
          sustainedMinutes: 0.2,
          now: () => t,
          perturb: async () => void (t += t < 8000 ? 1000 : 2000),
        },
        reference: null,
      }),
    );
    const s = r.backends[0].sustained!;
    expect(s.caseId).toBe('xor-mlp');
    expect(s.windows.length).toBeGreaterThanOrEqual(2);
    const rates = s.windows.map((w) => w.samplesPerSec);
    expect(rates[0]).toBeCloseTo(64, 6);
    expect(Math.min(...rates)).toBeLessThan(64);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(32);
    expect(s.stability).toBeCloseTo(Math.min(...rates) / 64, 9);
    expect(s.stability!).toBeLessThan(1);
  });
});
