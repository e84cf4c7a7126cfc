/**
 * The sweep plot's headline is held-out accuracy: the thick line and its band
 * follow heldOutCurve, the thin one the validation curve selection read.
 */
import { describe, expect, it } from 'vitest';
import { bestSoFarSvg } from '../../benchmarks/report/plot';
import type { Estimate } from '../../src/core/stats';
import type { ProposerSummary } from '../../src/core/sweep-summary';

const est = (mean: number, half = 0.02): Estimate => ({ mean, lo: mean - half, hi: mean + half, n: 20 });

/** Only the fields the plot reads; the rest of a summary does not matter here. */
const proposer = (name: string, val: number[], heldOut: number[]) =>
  ({
    proposer: name,
    seeds: [1, 2],
    curve: val.map((v) => est(v)),
    heldOutCurve: heldOut.map((v) => est(v, 0.05)),
  }) as unknown as ProposerSummary;

/** The y values of a polyline's points. */
const ys = (svg: string, cls: string): number[] =>
  [...svg.matchAll(new RegExp(`class="${cls}" points="([^"]*)"`, 'g'))].map((m) =>
    m[1].split(' ').map((p) => Number(p.split(',')[1])),
  )[0];

describe('bestSoFarSvg', () => {
  it('draws held-out accuracy as the headline with its band, validation thin beside it', () => {
    // Validation rises, held-out stays flat: pure selection on noise.
    const svg = bestSoFarSvg('spirals', [proposer('evolution', [0.7, 0.8, 0.9], [0.7, 0.7, 0.7])]);
    expect(svg).toMatch(/held-out \(test\) accuracy, mean and 95% band/);
    const heldOut = ys(svg, 'held-out');
    const val = ys(svg, 'validation');
    expect(new Set(heldOut).size).toBe(1); // flat
    expect(val[2]).toBeLessThan(val[0]); // rising (SVG y grows downward)
    // The band spans heldOutCurve's interval (±0.05), wider than validation's (±0.02) would be.
    const band = svg
      .match(/<polygon points="([^"]*)"/)![1]
      .split(' ')
      .map((p) => Number(p.split(',')[1]));
    const span = Math.max(...band) - Math.min(...band);
    const perPoint = (val[0] - val[2]) / 0.2; // pixels per unit of accuracy
    expect(span).toBeCloseTo(0.1 * perPoint, 0);
  });
});
