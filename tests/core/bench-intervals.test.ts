import { describe, expect, it } from 'vitest';
import { applyScores } from '../../src/core/bench/score';
import { geomeanInterval, intervalOf, summarise, tInterval } from '../../src/core/bench/stats';
import { validateBenchResult } from '../../src/core/bench/validate';
import { verdictLine, withInterval } from '../../src/core/bench/verdict';
import { formatFigure, figuresOf } from '../../src/core/bench/figures';
import { backend, result } from './bench-fixtures';

describe('intervals from repeats', () => {
  it('is the 95% Student-t interval of the mean on known samples', () => {
    // mean 10, sd 2, n 3: half-width t(0.975, 2) · 2/√3 = 4.302653 · 1.154701 = 4.968275.
    const [lo, hi] = tInterval([10, 12, 8]);
    expect(lo).toBeCloseTo(10 - 4.968275, 5);
    expect(hi).toBeCloseTo(10 + 4.968275, 5);
    // n 5, mean 3, sd √2.5: t(0.975, 4) = 2.776445 → ±1.963243.
    const [a, b] = tInterval([1, 2, 3, 4, 5]);
    expect(b - 3).toBeCloseTo(1.963243, 5);
    expect(a).toBeCloseTo(3 - 1.963243, 5);
    expect(tInterval([4])).toEqual([4, 4]);
    expect(summarise([10, 12, 8]).interval).toEqual(tInterval([10, 12, 8]));
    // A positive quantity's interval is clipped at zero.
    expect(summarise([1, 1, 30]).interval![0]).toBe(0);
  });

  it('is computed from the samples of results made before intervals were recorded', () => {
    const old = { median: 10, min: 8, max: 12, samples: [10, 12, 8] };
    expect(intervalOf(old)).toEqual(tInterval([10, 12, 8]));
  });

  it('gives the score an interval in log space that contains it, and none for single samples', () => {
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
      k === 'interval' || k === 'scoreInterval' || k === 'reliability' || k === 'hostLoad' ? undefined : v,
    );
    const oldRef = validateBenchResult(strip);
    const mine = validateBenchResult(applyScores(result([backend('webgpu', 2), backend('cpu', 1)]), oldRef));
    const gpu = mine.backends[0];
    expect(gpu.score).toBeCloseTo(200, 6);
    expect(gpu.scoreInterval).not.toBeUndefined();
    for (const s of gpu.subscores) if (s.interval) expect(s.interval[0]).toBeLessThanOrEqual(s.score);
    const line = verdictLine(mine, gpu);
    expect(line).toContain(`WebGPU on this device: score ${withInterval(gpu.score!, gpu.scoreInterval)}`);
    expect(line).toContain("2.00× this run's CPU backend");
    const f = figuresOf(oldRef.backends[0].measures!).find((x) => x.stat && x.stat.samples.length > 1)!;
    expect(formatFigure(f)).toMatch(/^[\d,.]+ \[[\d,.-]+, [\d,.]+\]$/);
  });

  it('rejects a malformed interval', () => {
    const r = JSON.parse(JSON.stringify(result([backend('cpu', 1)])));
    r.backends[0].measures.matmul[0].gflops.interval = [5, 1];
    expect(() => validateBenchResult(r)).toThrow(/interval: must be \[lo, hi\]/);
  });
});

describe('the shipped reference results (micro v1 made before intervals; quick and standard v3 with them)', () => {
  it('still load, score 100 against themselves, and get intervals from their samples', async () => {
    const { readFileSync } = await import('node:fs');
    for (const suite of ['quick', 'standard', 'micro']) {
      const ref = validateBenchResult(JSON.parse(readFileSync(`benchmarks/results/reference-${suite}.json`, 'utf8')));
      const scored = applyScores(ref, ref);
      const cpu = scored.backends.find((b) => b.backend === 'cpu')!;
      expect(cpu.score).toBeCloseTo(100, 6);
      expect(cpu.scoreInterval![0]).toBeLessThan(100);
      expect(cpu.scoreInterval![1]).toBeGreaterThan(100);
      expect(verdictLine(scored, cpu)).toMatch(/^CPU on this device: score 100 \[/);
    }
  });
});
