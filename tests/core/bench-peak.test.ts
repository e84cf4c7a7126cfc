/**
 * Where a backend stands against its own limit (the measured matmul peak,
 * each matmul as a share of it), and the sustained run's throughput-over-time
 * chart: in the JSON, the figures every view shows, and the HTML report.
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../benchmarks/report/html';
import { columnsOf } from '../../src/core/bench/columns';
import { figuresOf } from '../../src/core/bench/figures';
import { applyPeak, matmulPeak } from '../../src/core/bench/peak';
import type { BackendResult } from '../../src/core/bench/result';
import { summarise } from '../../src/core/bench/stats';
import { sustainedChart } from '../../src/core/bench/sustained-chart';
import { validateBenchResult } from '../../src/core/bench/validate';
import { backend, result } from './bench-fixtures';

const mm = (id: string, gflops: number) => ({ id, m: 8, k: 8, n: 8, iters: 1, gflops: summarise([gflops, gflops]) });

/** A backend whose matmuls ran at 10, 40 and 20 GFLOP/s. */
function withMatmuls(): BackendResult {
  const b = backend('webgpu');
  b.measures!.matmul = [mm('small', 10), mm('square-big', 40), mm('mlp', 20)];
  return b;
}

describe('the matmul peak', () => {
  it('is the highest matmul measured on the backend, and each matmul is shown as a share of it', () => {
    const b = withMatmuls();
    expect(matmulPeak(b.measures!)).toEqual({ caseId: 'square-big', gflops: 40 });
    const shares = figuresOf(b.measures!).filter((f) => f.key.endsWith('/peakShare'));
    expect(shares.map((f) => [f.caseId, f.value, f.unit])).toEqual([
      ['small', 25, '%'],
      ['square-big', 100, '%'],
      ['mlp', 50, '%'],
    ]);
    // One label for every column: each backend's own peak is the case at 100 %.
    expect(shares[0].label).toBe('matmul small share of peak');
    // Shares are not scored: the score is unchanged by them.
    expect(shares.every((f) => f.scoreId === null)).toBe(true);
  });

  it('is not claimed from a single matmul case (it would be 100 % of itself)', () => {
    const b = backend('cpu');
    expect(matmulPeak(b.measures!)).toBeNull();
    expect(figuresOf(b.measures!).some((f) => f.key.endsWith('/peakShare'))).toBe(false);
    applyPeak(b);
    expect(b.matmulPeak).toBeUndefined();
  });

  it('is kept in the JSON, which the validator reads back and checks', () => {
    const b = withMatmuls();
    applyPeak(b);
    expect(b.matmulPeak).toEqual({ caseId: 'square-big', gflops: 40 });
    expect(b.measures!.matmul.map((x) => x.peakShare)).toEqual([0.25, 1, 0.5]);
    const r = validateBenchResult(JSON.parse(JSON.stringify(result([b]))));
    expect(r.backends[0].matmulPeak?.caseId).toBe('square-big');
    const bad = JSON.parse(JSON.stringify(result([b])));
    bad.backends[0].matmulPeak.gflops = -1;
    expect(() => validateBenchResult(bad)).toThrow(/matmulPeak\.gflops/);
    const bad2 = JSON.parse(JSON.stringify(result([b])));
    bad2.backends[0].measures.matmul[0].peakShare = 'high';
    expect(() => validateBenchResult(bad2)).toThrow(/peakShare/);
  });

  it('appears in the HTML report table', () => {
    const html = renderReport([result([withMatmuls()])]);
    expect(html).toMatch(/matmul small share of peak <span class="unit">%<\/span><\/td><td>25.0<\/td>/);
  });
});

describe('the sustained chart', () => {
  const throttling = {
    caseId: 't1',
    minutes: 2,
    windows: [30_000, 60_000, 90_000, 120_000].map((endMs, i) => ({ endMs, samplesPerSec: i < 2 ? 1000 : 600 })),
    stability: 0.6,
  };

  it('draws each sustained backend as a line over time, its stability in the legend, from zero', () => {
    const svg = sustainedChart(columnsOf([result([backend('webgpu', 1, { sustained: throttling }), backend('cpu')])]));
    expect(svg).toMatch(/^<svg /);
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('webgpu · train t1, 2 min · stability 0.60');
    expect(svg).toContain('2.00 min');
    // The throttled windows sit lower than the first ones (SVG y grows downwards).
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys[0]).toBe(ys[1]);
    expect(ys[2]).toBeGreaterThan(ys[0]);
  });

  it('is in the HTML report when a backend ran one, and absent otherwise', () => {
    const html = renderReport([result([backend('webgpu', 1, { sustained: throttling })])]);
    expect(html).toContain('<h2>Sustained run</h2>');
    expect(html).toContain('aria-label="Sustained run: throughput over time"');
    expect(renderReport([result([backend('webgpu')])])).not.toContain('Sustained run');
    expect(sustainedChart(columnsOf([result([backend('cpu')])]))).toBe('');
  });
});
