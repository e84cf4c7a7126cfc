import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessBackend } from '../../src/core/bench/reliability';
import { applyScores } from '../../src/core/bench/score';
import {
  geomeanInterval,
  intervalOf,
  mapStat,
  median,
  medianInterval,
  orderStatisticCoverage,
  summarise,
  type Stat,
} from '../../src/core/bench/stats';
import { validateBenchResult } from '../../src/core/bench/validate';
import { verdictLine, withInterval } from '../../src/core/bench/verdict';
import { formatFigure, figuresOf } from '../../src/core/bench/figures';
import type { BenchResult } from '../../src/core/bench/result';
import { tInterval as meanTInterval } from '../../src/core/stats/paired';
import { rngFor } from '../../src/core/rng';
import { backend, result } from './bench-fixtures';

describe("a figure's interval: the order-statistic confidence interval of its median", () => {
  it('is the pair of order statistics whose binomial coverage reaches 95 %, on known samples', () => {
    // 5 or fewer repeats: no pair reaches 95 %, so [min, max] with the coverage it has, 1 − 2·2⁻ⁿ.
    expect(medianInterval([10, 12, 8])).toEqual({ interval: [8, 12], coverage: 0.75 });
    expect(medianInterval([4, 1, 3, 2])).toEqual({ interval: [1, 4], coverage: 0.875 });
    expect(medianInterval([5, 1, 4, 2, 3])).toEqual({ interval: [1, 5], coverage: 0.9375 });
    // 6 repeats: [min, max] covers 1 − 2/64 = 96.875 %.
    expect(medianInterval([6, 1, 5, 2, 4, 3])).toEqual({ interval: [1, 6], coverage: 0.96875 });
    // 9 repeats: the 2nd smallest to the 2nd largest, 1 − 2·(1 + 9)/512 = 96.09 %.
    expect(medianInterval([9, 1, 8, 2, 7, 3, 6, 4, 5])).toEqual({ interval: [2, 8], coverage: 1 - 20 / 512 });
    // 20 repeats: x₍₆₎ to x₍₁₅₎, 95.86 %.
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i);
    const iv = medianInterval(twenty);
    expect(iv.interval).toEqual([6, 15]);
    expect(iv.coverage).toBeCloseTo(0.958611, 6);
    expect(orderStatisticCoverage(20, 7)).toBeLessThan(0.95);
    expect(summarise([10, 12, 8])).toMatchObject({ median: 10, interval: [8, 12], coverage: 0.75 });
  });

  it('holds the median of a skewed figure that the t-interval of the mean left outside', () => {
    // A throughput that collapsed in 5 of 20 repeats while the host was busy: the mean is dragged
    // down, and the mean's t-interval lies wholly below the median a reviewer would quote.
    const rates = [...Array.from({ length: 15 }, (_, i) => 100 + i / 10), 50, 51, 52, 53, 54];
    const m = median(rates);
    const old = meanTInterval(rates);
    expect(old.hi).toBeLessThan(m);
    const s = summarise(rates);
    expect(s.interval![0]).toBeLessThanOrEqual(m);
    expect(s.interval![1]).toBeGreaterThanOrEqual(m);
    expect(s.interval![0]).toBe(100);
    expect(s.interval![1]).toBeCloseTo(100.9, 9);
    expect(formatFigure({ ...figure(s), value: m })).toBe('100 [100, 101]');
  });

  it('handles one, two and three repeats, and ties', () => {
    // One repeat: no spread to go on, a point with coverage 0 (unknown, not exact).
    expect(medianInterval([4])).toEqual({ interval: [4, 4], coverage: 0 });
    expect(medianInterval([3, 7])).toEqual({ interval: [3, 7], coverage: 0.5 });
    expect(medianInterval([7, 3, 5])).toEqual({ interval: [3, 7], coverage: 0.75 });
    // Ties: order statistics of equal values; the interval still holds the median.
    expect(medianInterval([5, 5, 5, 5, 5, 5]).interval).toEqual([5, 5]);
    expect(medianInterval([2, 2, 9, 2, 1]).interval).toEqual([1, 9]);
    expect(medianInterval([3, 3, 3, 1, 3, 3, 3, 9, 3]).interval).toEqual([3, 3]);
    expect(() => medianInterval([])).toThrow(RangeError);
    expect(() => orderStatisticCoverage(4, 3)).toThrow(RangeError);
  });

  it('always contains the median, in any unit, for any sample', () => {
    const rng = rngFor(18, 'median-inside');
    for (let trial = 0; trial < 600; trial++) {
      const n = 1 + rng.int(60);
      // Skewed, heavy-tailed, tied and bimodal samples.
      const kind = trial % 4;
      const xs = Array.from({ length: n }, () =>
        kind === 0
          ? Math.exp(2 * rng.normal())
          : kind === 1
            ? 1 + rng.int(3)
            : kind === 2
              ? (rng.next() < 0.3 ? 50 : 100) + rng.next()
              : -Math.log(1 - rng.next()),
      );
      for (const s of [summarise(xs), mapStat(summarise(xs), (x) => 1000 / x)]) {
        const [lo, hi] = s.interval!;
        expect(lo).toBeLessThanOrEqual(s.median);
        expect(hi).toBeGreaterThanOrEqual(s.median);
      }
    }
  });

  it('covers the true median as often as it says, whatever the distribution', () => {
    // Exponential timings (median ln 2), 3000 samples of each size: the share of intervals holding
    // the true median matches the stated coverage (binomial sd ≈ 0.005 at 0.95).
    const rng = rngFor(18, 'coverage');
    for (const n of [3, 5, 9, 20]) {
      let hits = 0;
      let stated = 0;
      const trials = 3000;
      for (let t = 0; t < trials; t++) {
        const { interval, coverage } = medianInterval(Array.from({ length: n }, () => -Math.log(1 - rng.next())));
        if (interval[0] <= Math.LN2 && Math.LN2 <= interval[1]) hits++;
        stated = coverage;
      }
      expect(Math.abs(hits / trials - stated)).toBeLessThan(0.025);
    }
  });

  it("is recomputed from the samples where a result recorded none, or the mean's t-interval (schemaVersion 1)", () => {
    expect(intervalOf({ median: 10, min: 8, max: 12, samples: [10, 12, 8] })).toEqual([8, 12]);
    const v1: Stat = { median: 10, min: 8, max: 12, samples: [10, 12, 8], interval: [5.03, 14.97] };
    expect(intervalOf(v1)).toEqual([8, 12]);
    expect(intervalOf(summarise([10, 12, 8]))).toEqual([8, 12]);
  });
});

describe("the score's interval", () => {
  it('is an interval in log space that contains the score, and none for single samples', () => {
    const iv = geomeanInterval(100, [
      [9, 10, 11],
      [19, 20, 21],
    ])!;
    expect(iv[0]).toBeLessThan(100);
    expect(iv[1]).toBeGreaterThan(100);
    expect(iv[0] * iv[1]).toBeCloseTo(100 * 100, 6);
    // Identical repeats: no spread, a zero-width interval.
    expect(geomeanInterval(50, [[2, 2, 2]])).toEqual([50, 50]);
    expect(geomeanInterval(50, [[2]])).toBeNull();
  });

  it('flows into scores, sub-scores, the JSON, and the verdict line; old results without it still load and score', () => {
    const ref = result([backend('cpu', 1)]);
    // An older result: strip every interval, as results from before this version have none.
    const strip = JSON.parse(JSON.stringify(ref), (k, v) =>
      ['interval', 'coverage', 'scoreInterval', 'reliability', 'hostLoad'].includes(k) ? undefined : v,
    );
    const oldRef = validateBenchResult({ ...strip, schemaVersion: 1 });
    expect(oldRef.schemaVersion).toBe(2);
    const mine = validateBenchResult(applyScores(result([backend('webgpu', 2), backend('cpu', 1)]), oldRef));
    const gpu = mine.backends[0];
    expect(gpu.score).toBeCloseTo(200, 6);
    expect(gpu.scoreInterval).not.toBeUndefined();
    for (const s of gpu.subscores) {
      expect(s.interval![0]).toBeLessThanOrEqual(s.score);
      expect(s.interval![1]).toBeGreaterThanOrEqual(s.score);
    }
    const line = verdictLine(mine, gpu);
    expect(line).toContain(`WebGPU on this device: score ${withInterval(gpu.score!, gpu.scoreInterval)}`);
    expect(line).toContain("2.00× this run's CPU backend");
    const f = figuresOf(oldRef.backends[0].measures!).find((x) => x.stat && x.stat.samples.length > 1)!;
    expect(formatFigure(f)).toMatch(/^[\d,.]+ \[[\d,.-]+, [\d,.]+\]$/);
  });

  it('rejects a malformed interval, and one that leaves out its median', () => {
    const r = JSON.parse(JSON.stringify(result([backend('cpu', 1)])));
    r.backends[0].measures.matmul[0].gflops.interval = [5, 1];
    expect(() => validateBenchResult(r)).toThrow(/interval: must be \[lo, hi\]/);
    const g = r.backends[0].measures.matmul[0].gflops;
    g.interval = [g.median * 1.01, g.median * 1.1];
    expect(() => validateBenchResult(r)).toThrow(/matmul\[0\]\.gflops\.interval: must contain the median/);
    g.interval = [g.min, g.max];
    g.coverage = 1.5;
    expect(() => validateBenchResult(r)).toThrow(/gflops\.coverage: must be at most 1/);
  });
});

describe('the noise verdict against the interval of the median', () => {
  const withSamples = (samples: number[]) => {
    const b = backend('cpu', 1);
    const m = b.measures!;
    for (const list of Object.values(m) as unknown as Record<string, unknown>[][])
      for (const item of list)
        for (const [k, v] of Object.entries(item))
          if (v && typeof v === 'object' && 'samples' in v)
            item[k] = summarise(samples.map((x) => x * (v as Stat).median));
    return b;
  };

  it('calls five close repeats reliable, and says why three cannot be', () => {
    expect(assessBackend(withSamples([0.98, 0.99, 1, 1.01, 1.02]), undefined)).toMatchObject({ reliable: true });
    const three = assessBackend(withSamples([0.99, 1, 1.01]), undefined);
    expect(three.reliable).toBe(false);
    expect(three.reasons).toEqual([
      'train/t1/samplesPerSec has only 3 repeats: its interval [min, max] covers the ' +
        'median with 75% confidence (5 repeats give 93.75%; more with --until-stable)',
    ]);
    const wide = assessBackend(withSamples([0.7, 0.9, 1, 1.1, 1.3]), undefined);
    // Every figure is as wide here; whichever is named, the sentence is the same.
    expect(wide.reasons).toEqual([
      expect.stringMatching(/^\S+ is known only to ±30% \(93\.75% interval of its median; the limit is ±10%\)$/),
    ]);
    expect(assessBackend(withSamples([1]), undefined).reasons).toEqual([
      'train/t1/samplesPerSec has a single repeat, so its spread is unknown',
    ]);
  });
});

// The quick and standard v3 references made on 2026-12-01 with the mean's t-interval (schemaVersion 1)
// are kept as fixtures: they are what a user's older result files look like, as is the micro v1
// reference (made before intervals), replaced by micro v3's on 2026-12-02.
const SCHEMA1: Record<string, string> = {
  quick: 'tests/fixtures/bench/reference-quick-v3-schema1.json',
  standard: 'tests/fixtures/bench/reference-standard-v3-schema1.json',
  micro: 'tests/fixtures/bench/reference-micro-v1-schema1.json',
};
const shipped = (suite: string) =>
  JSON.parse(readFileSync(`benchmarks/results/reference-${suite}.json`, 'utf8')) as BenchResult;

describe('schemaVersion 1 results (the 2026-12-01 references: micro v1 before intervals; quick and standard v3 with t-intervals)', () => {
  const raw = (suite: string) => JSON.parse(readFileSync(SCHEMA1[suite], 'utf8')) as BenchResult;

  it('load as schemaVersion 2, score as before, and every median lies inside its interval', () => {
    for (const suite of ['quick', 'standard', 'micro']) {
      const file = raw(suite);
      expect(file.schemaVersion).toBe(1);
      const ref = validateBenchResult(file);
      expect(ref.schemaVersion).toBe(2);
      expect(String(ref.flags.statistic)).toMatch(/interval \(recomputed on reading\): order-statistic 95% interval/);
      const scored = applyScores(ref, ref);
      const cpu = scored.backends.find((b) => b.backend === 'cpu')!;
      expect(cpu.score).toBeCloseTo(100, 6);
      expect(cpu.scoreInterval![0]).toBeLessThan(100);
      expect(cpu.scoreInterval![1]).toBeGreaterThan(100);
      expect(verdictLine(scored, cpu)).toMatch(/^CPU on this device: score 100 \[/);
      for (const b of ref.backends) {
        // Scores are medians over the reference's medians: the same as recorded.
        const recorded = file.backends.find((x) => x.backend === b.backend)!;
        expect(scored.backends.find((x) => x.backend === b.backend)!.score).toBeCloseTo(recorded.score!, 9);
        for (const f of figuresOf(b.measures!))
          if (f.stat) {
            expect(f.stat.coverage).toBeGreaterThanOrEqual(f.stat.samples.length >= 6 ? 0.95 : 0.75);
            expect(f.stat.interval![0]).toBeLessThanOrEqual(f.stat.median);
            expect(f.stat.interval![1]).toBeGreaterThanOrEqual(f.stat.median);
          }
        for (const s of b.subscores)
          if (s.interval) {
            expect(s.interval[0]).toBeLessThanOrEqual(s.score);
            expect(s.interval[1]).toBeGreaterThanOrEqual(s.score);
          }
      }
    }
  });

  it('put the median back inside where the t-interval of the mean left it out ("645 [597, 641]")', () => {
    const file = raw('quick');
    const gpu = (r: BenchResult) => r.backends.find((b) => b.backend === 'webgpu')!.measures!.train[0];
    const before = gpu(file).samplesPerSec;
    expect(before.interval![1]).toBeLessThan(before.median);
    const after = gpu(validateBenchResult(file)).samplesPerSec;
    expect(after.median).toBe(before.median);
    expect(after.interval![0]).toBeLessThanOrEqual(after.median);
    expect(after.interval![1]).toBeGreaterThanOrEqual(after.median);
    expect(after.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('keep their noise verdicts by width; quick v3 CPU is now unreliable for its 3-repeat figures', () => {
    const verdict = (suite: string, backendName: string) =>
      validateBenchResult(raw(suite)).backends.find((b) => b.backend === backendName)!.reliability!;
    expect(verdict('quick', 'webgpu')).toMatchObject({ reliable: true, reasons: [] });
    expect(verdict('quick', 'cpu').reasons).toEqual([
      expect.stringMatching(/^matmul\/square-256\/gflops has only 3 repeats: .* 75% confidence/),
    ]);
    expect(verdict('standard', 'webgpu').reasons).toEqual([
      expect.stringMatching(/^infer\/digits-mlp-256-256\/samplesPerSec is known only to ±15% \(93\.75% interval/),
    ]);
    expect(verdict('standard', 'cpu').reasons).toEqual([
      expect.stringMatching(/^train\/spirals-mlp-8-8\/samplesPerSec is known only to ±24% \(93\.75% interval/),
    ]);
    expect(validateBenchResult(raw('micro')).backends[0].reliability).toBeUndefined();
  });
});

describe("the shipped references (quick and standard re-made, micro v3 made, 2026-12-02, with the median's interval)", () => {
  it('are schemaVersion 2 files whose recorded intervals are the ones computed on reading', () => {
    for (const suite of ['quick', 'standard', 'micro']) {
      const file = shipped(suite);
      expect(file.schemaVersion).toBe(2);
      expect(file.hostLoad!.others!.cores).toBeLessThan(0.5);
      const ref = validateBenchResult(file);
      const scored = applyScores(ref, ref);
      for (const b of scored.backends) {
        const recorded = file.backends.find((x) => x.backend === b.backend)!;
        expect(b.score).toBeCloseTo(recorded.score!, 9);
        expect(b.scoreInterval).toEqual(recorded.scoreInterval);
        for (const f of figuresOf(b.measures!))
          if (f.stat) {
            expect(f.stat.samples.length).toBeGreaterThanOrEqual(5);
            expect(f.stat.coverage).toBeGreaterThanOrEqual(0.9375);
          }
      }
      expect(scored.backends.find((b) => b.backend === 'cpu')!.score).toBeCloseTo(100, 6);
    }
  });

  it('quick and micro are reliable on both backends; standard names its one noisy CPU figure', () => {
    const verdict = (suite: string, backendName: string) =>
      validateBenchResult(shipped(suite)).backends.find((b) => b.backend === backendName)!.reliability!;
    expect(verdict('quick', 'webgpu')).toMatchObject({ reliable: true, reasons: [] });
    expect(verdict('quick', 'cpu')).toMatchObject({ reliable: true, reasons: [] });
    expect(verdict('micro', 'webgpu')).toMatchObject({ reliable: true, reasons: [] });
    expect(verdict('micro', 'cpu')).toMatchObject({ reliable: true, reasons: [] });
    expect(verdict('standard', 'webgpu')).toMatchObject({ reliable: true, reasons: [] });
    expect(verdict('standard', 'cpu').reasons).toEqual([
      expect.stringMatching(/^train\/digits-cnn-16-32\/samplesPerSec is known only to ±20% \(93\.75% interval/),
    ]);
  });
});

function figure(stat: Stat) {
  return {
    key: 'train/x/samplesPerSec',
    group: 'train' as const,
    caseId: 'x',
    label: 'x',
    unit: 'samples/s',
    better: 'higher' as const,
    scoreId: 'train/x',
    stat,
    value: stat.median,
  };
}
