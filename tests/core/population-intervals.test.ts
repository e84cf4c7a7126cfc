/**
 * The population suite measures every mode alike: the same repeats, each a
 * region of calibrated runs, each repeat's rate from its own short and long
 * region, and a 95 % interval; a figure known worse than ±10 %, or with
 * fewer than 5 repeats, is flagged, as in the scored suites.
 */
import { describe, expect, it } from 'vitest';
import {
  formatTiles,
  rateStat,
  repeatRates,
  type PopulationFigure,
  type PopulationResult,
} from '../../src/core/bench/population';
import { compare } from '../../src/core/bench/population-compare';
import { formatRateStat, table } from '../../src/core/bench/population-table';
import { populationReliability } from '../../src/core/bench/population-reliability';
import { repeatReasons } from '../../src/core/bench/reliability';
import { medianInterval } from '../../src/core/bench/stats';

describe("the population suite's repeat rates", () => {
  it("take each repeat's long region minus its short one, times the runs in a region", () => {
    // 64 samples a step, 40 − 8 = 32 training steps, 2 runs per region: 4,096 samples trained per repeat.
    const t = { samples: 64, steps: 40, shortSteps: 8, runs: 2, shorts: [100, 110, 90], longs: [500, 510, 590] };
    const { rates, differential } = repeatRates(t);
    expect(differential).toBe(true);
    expect(rates).toEqual([4096 / 0.4, 4096 / 0.4, 4096 / 0.5]);
    const s = rateStat(t);
    expect(s.median).toBe(10_240);
    // The median's order-statistic interval: [min, max] of three repeats, which covers 75 %.
    expect(s.interval).toEqual([8192, 10_240]);
    expect(s.interval).toEqual(medianInterval(rates).interval);
    expect(s.coverage).toBe(0.75);
  });

  it('fall back to end to end for every repeat, never a mix, when one difference is not positive', () => {
    const { rates, differential } = repeatRates({
      samples: 10,
      steps: 5,
      shortSteps: 1,
      runs: 1,
      shorts: [20, 30],
      longs: [100, 25],
    });
    expect(differential).toBe(false);
    expect(rates).toEqual([500, 2000]);
    expect(repeatRates({ samples: 10, steps: 1, shortSteps: 1, runs: 1, shorts: [5], longs: [10] }).differential).toBe(
      false,
    );
  });
});

describe("the population suite's table", () => {
  const figure = (mode: PopulationFigure['mode'], rates: number[], meanValLoss = 1): PopulationFigure => {
    const samplesPerSecStat = rateStat({
      samples: 1,
      steps: 2,
      shortSteps: 1,
      runs: 1,
      shorts: rates.map(() => 0),
      longs: rates.map((r) => 1000 / r),
    });
    return {
      model: 'mlp-2-32-2',
      k: 8,
      mode,
      modelsTimed: 8,
      steps: 2,
      shortSteps: 1,
      repeats: rates.length,
      runsPerRegion: 1,
      ms: 1,
      shortMs: 0,
      samplesPerSec: samplesPerSecStat.median,
      samplesPerSecStat,
      endToEndSamplesPerSec: 1,
      meanValLoss,
      checkedModels: 1,
    };
  };
  const result = (figures: PopulationFigure[]): PopulationResult => ({
    suite: 'population',
    version: 1,
    label: '',
    createdAt: '',
    driver: 'node',
    backend: 'cpu',
    adapter: null,
    tfjsVersion: '4.22.0',
    runtime: 'node',
    notes: [],
    figures,
    comparisons: [
      {
        model: 'mlp-2-32-2',
        k: 8,
        samplesPerSec: Object.fromEntries(figures.map((f) => [f.mode, f.samplesPerSec])),
        speedupBatchedVsAlone: 2,
        speedupFusedVsAlone: null,
        speedupFusedVsBatched: null,
        meanValLoss: {},
        valLossMaxRelDiff: null,
      },
    ],
    speedups: {},
  });

  it('gives every mode its interval, and flags none when all are within ±10 % over at least 5 repeats', () => {
    const quiet = result([
      figure('alone', [1000, 1010, 990, 1005, 995]),
      figure('batched', [2000, 2020, 1980, 2010, 1990]),
    ]);
    expect(formatRateStat(quiet.figures[0])).toBe('1,000 ±1%');
    const printed = table(quiet);
    expect(printed).toMatch(/mlp-2-32-2\s+8\s+1,000 ±1%\s+2,000 ±1%\s+—\s+2\.00×/);
    expect(printed).not.toMatch(/UNRELIABLE/);
    expect(populationReliability(quiet.figures)).toEqual({ reliable: true, reasons: [], threshold: 0.1 });
  });

  it('says UNRELIABLE, naming the figure, when one is known worse than ±10 % (the one-at-a-time swings of issue 18)', () => {
    const noisy = result([
      figure('alone', [9_500, 72_000, 30_000, 31_000, 29_000]),
      figure('batched', [2000, 2020, 1980, 2010, 1990]),
    ]);
    expect(table(noisy)).toMatch(/UNRELIABLE: mlp-2-32-2 K=8 alone is known only to ±\d+%/);
    expect(populationReliability(noisy.figures).reasons).toHaveLength(1);
  });

  it('says UNRELIABLE with fewer than 5 repeats however close they lie, by the same rule and words as the scored suites', () => {
    const close = result([figure('alone', [1000, 1010, 990]), figure('batched', [2000, 2020, 1980, 2010, 1990])]);
    const verdict = populationReliability(close.figures);
    expect(verdict.reliable).toBe(false);
    expect(verdict.reasons).toEqual([
      'mlp-2-32-2 K=8 alone has only 3 repeats: its interval [min, max] covers the median with 75% confidence (5 repeats give 93.75%; more with --repeats)',
    ]);
    // The scored suites' verdict on a figure with the same repeats says the same, but for the name and the flag.
    const scored = repeatReasons([{ key: 'x', stat: close.figures[0].samplesPerSecStat! }], 0.1, '--until-stable');
    expect(scored.reasons).toEqual([
      verdict.reasons[0].replace('mlp-2-32-2 K=8 alone', 'x').replace('--repeats', '--until-stable'),
    ]);
    expect(table(close)).toMatch(
      /UNRELIABLE: mlp-2-32-2 K=8 alone has only 3 repeats: .* rerun on a quiet machine with --repeats 5 or more\./,
    );
    // A result written before repeats were kept (no samplesPerSecStat) is a single repeat: its spread is unknown.
    const old = { ...close.figures[1], samplesPerSecStat: undefined };
    expect(populationReliability([old]).reasons).toEqual([
      'mlp-2-32-2 K=8 batched has a single repeat, so its spread is unknown',
    ]);
  });

  it('prints fused with dropout ÷ fused without, and keeps the dropout run out of Δloss (it trains other models)', () => {
    const figures = [
      figure('batched', [2000, 2000, 2000], 0.5),
      figure('fused', [4000, 4000, 4000], 0.5),
      figure('fused-dropout', [3800, 3800, 3800], 0.9),
    ];
    const { comparisons, speedups } = compare(figures);
    expect(speedups['mlp-2-32-2/fused-dropout-vs-fused/ratio-k8']).toBeCloseTo(0.95, 10);
    expect(comparisons[0].valLossMaxRelDiff).toBe(0);
    const printed = table({ ...result(figures), comparisons, speedups });
    expect(printed).toMatch(/dropout 0\.2 on every model/);
    expect(printed).toMatch(/mlp-2-32-2\s+8\s+4,000 ±0%\s+3,800 ±0%\s+0\.95×/);
  });

  it('prints the products forced tiled against forced untiled and against batched, for the size rule', () => {
    const figures = [
      figure('batched', [2000, 2000, 2000]),
      figure('fused-tiled', [3000, 3000, 3000]),
      figure('fused-untiled', [6000, 6000, 6000]),
    ];
    const { comparisons, speedups } = compare(figures);
    expect(speedups['mlp-2-32-2/tiled-vs-untiled/speedup-k8']).toBe(0.5);
    expect(speedups['mlp-2-32-2/tiled-vs-batched/speedup-k8']).toBe(1.5);
    const printed = table({ ...result(figures), comparisons, speedups });
    expect(printed).toMatch(/mlp-2-32-2\s+8\s+2,000 ±0%\s+3,000 ±0%\s+6,000 ±0%\s+0\.50×\s+1\.50×\s+3\.00×/);
  });
});

describe('a tiling as text', () => {
  it('names the direct candidate, which has no shared tiles, so its bk is not read as a tile depth', () => {
    expect(formatTiles({ wx: 16, wy: 16, tm: 4, tn: 4, bk: 16 })).toBe('16×16 threads × 4×4, bk 16');
    expect(formatTiles({ wx: 8, wy: 8, tm: 8, tn: 8, bk: 4, direct: true })).toBe('8×8 threads × 8×8, bk 4, direct');
  });
});
