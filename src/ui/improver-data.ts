/**
 * What the improver panel draws: the run's proposal success rate per
 * generation (every proposer), and for `learned` each child's predicted
 * against measured gain and the rank correlation per generation.
 */
import { measuredGain } from '../core/learned';
import type { Candidate, GenerationSummary } from '../core/runlog';
import { successByGeneration, type GenerationSuccess, type RunRecord } from '../core/success';
import { TASKS } from '../core/tasks';

/** The run's success rate per generation (generation 0 has no children, so it is absent). */
export const successLine = (run: RunRecord): GenerationSuccess[] => successByGeneration(run);

/** One child of the learned proposer: what was predicted and what happened. */
export interface PredictionPoint {
  id: number;
  generation: number;
  predicted: number;
  measured: number;
}

/** Every child that carries a prediction and whose parent is known. */
export function predictionPoints(run: RunRecord): PredictionPoint[] {
  const chance = 1 / TASKS[run.config.task].numClasses;
  const byId = new Map<number, Candidate>(run.candidates.map((c) => [c.id, c]));
  const out: PredictionPoint[] = [];
  for (const c of run.candidates) {
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    if (c.predictedGain === undefined || !parent) continue;
    const m = measuredGain(c, parent, chance);
    if (m !== null) out.push({ id: c.id, generation: c.generation, predicted: c.predictedGain, measured: m });
  }
  return out;
}

/** The rank correlation per generation where it is defined. */
export function correlationLine(generations: readonly GenerationSummary[]): { generation: number; rho: number }[] {
  return generations.flatMap((g) =>
    typeof g.predictionRankCorrelation === 'number' ? [{ generation: g.index, rho: g.predictionRankCorrelation }] : [],
  );
}

/**
 * uPlot wants one ascending x array: the points sorted by predicted gain, and
 * one y series per generation with its own points and gaps elsewhere, so each
 * generation gets its own colour.
 */
export function scatterColumns(points: readonly PredictionPoint[]): {
  generations: number[];
  x: number[];
  ys: (number | null)[][];
} {
  const sorted = points.slice().sort((a, b) => a.predicted - b.predicted || a.id - b.id);
  const generations = [...new Set(sorted.map((p) => p.generation))].sort((a, b) => a - b);
  return {
    generations,
    x: sorted.map((p) => p.predicted),
    ys: generations.map((g) => sorted.map((p) => (p.generation === g ? p.measured : null))),
  };
}
