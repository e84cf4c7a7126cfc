import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import type { Candidate, GenerationSummary } from '../core/runlog';
import { correlationLine, predictionPoints, scatterColumns, successLine } from './improver-data';

const cand = (
  id: number,
  parentId: number | null,
  generation: number,
  valAccuracy: number,
  predictedGain?: number,
): Candidate => ({
  id,
  parentId,
  generation,
  genome: {
    hyper: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, weightDecay: 0, dropout: 0 },
    arch: { family: 'mlp', layers: [] },
  },
  operators: ['lr-scale'],
  changes: [],
  status: 'ok',
  inherited: false,
  params: 1,
  flops: 1,
  steps: 1,
  trainMs: 1,
  metrics: { trainLoss: 0.5, valLoss: 0.5, valAccuracy },
  lossCurve: [],
  ...(predictedGain === undefined ? {} : { predictedGain }),
});
const gen = (index: number, rho?: number | null): GenerationSummary => ({
  index,
  championId: 0,
  championValAccuracy: 0.6,
  championTestAccuracy: 0.6,
  bestValAccuracy: 0.6,
  candidateIds: [],
  ms: 1,
  ...(rho === undefined ? {} : { predictionRankCorrelation: rho }),
});

describe('improver panel data', () => {
  const run = {
    config: parseConfig({ task: 'spirals', proposer: 'learned' }),
    candidates: [
      cand(0, null, 0, 0.6),
      cand(1, 0, 1, 0.8),
      cand(2, 0, 1, 0.6, 0.05),
      cand(3, 1, 2, 0.7, -0.02),
      cand(4, 1, 2, 0.9, 0.1),
    ],
    generations: [gen(0), gen(1, null), gen(2, 1)],
  };

  it('gives the success rate per generation', () => {
    expect(successLine(run).map((r) => [r.generation, r.rate])).toEqual([
      [1, 0.5],
      [2, 0.5],
    ]);
  });

  it('pairs each predicted child with its measured gain and keeps defined correlations only', () => {
    const pts = predictionPoints(run);
    expect(pts.map((p) => [p.id, p.generation, p.predicted])).toEqual([
      [2, 1, 0.05],
      [3, 2, -0.02],
      [4, 2, 0.1],
    ]);
    expect(pts.map((p) => p.measured)).toEqual([0, expect.closeTo(-0.1, 12), expect.closeTo(0.1, 12)]);
    expect(correlationLine(run.generations)).toEqual([{ generation: 2, rho: 1 }]);
  });

  it('lays the scatter out for uPlot: one ascending x, one series per generation with gaps', () => {
    const c = scatterColumns(predictionPoints(run));
    expect(c.x).toEqual([-0.02, 0.05, 0.1]);
    expect(c.generations).toEqual([1, 2]);
    expect(c.ys[0]).toEqual([null, 0, null]);
    expect(c.ys[1]).toEqual([expect.closeTo(-0.1, 12), null, expect.closeTo(0.1, 12)]);
  });
});
