/**
 * The `learned` proposer's own learning curve, tfjs half: rebuilds the
 * predictor each generation of a run trained (src/core/learning-curve.ts says
 * on what, from which stream) and scores a fixed evaluation set with it. The
 * rebuild is checked against the run itself: each snapshot's predictions of
 * the children it chose must equal the `predictedGain` the run logged.
 */
import type { LearnedExample } from '../core/learned';
import {
  curveRho,
  lastGenerationExamples,
  snapshotInputs,
  type RunCurve,
  type SnapshotInputs,
  type SnapshotScore,
} from '../core/learning-curve';
import type { RunLog } from '../core/runlog';
import { ensemblePredict, PREDICTOR } from './learned';

/**
 * Trains one snapshot as its run did and returns its prediction (the members'
 * mean) for each pool item, then for each query. The queries are scored by
 * the same trained members: adding them changes neither the training nor the
 * stream it draws from.
 */
export async function snapshotPredictions(
  inputs: SnapshotInputs,
  queries: readonly number[][],
): Promise<{ pool: number[]; queries: number[] }> {
  const members = inputs.members ?? PREDICTOR.members;
  const all = [...inputs.pool.features, ...queries];
  const preds = await ensemblePredict(inputs.examples, all, inputs.rng, { ...PREDICTOR, members });
  // Summed member by member in order, as selectProposals sums the logged prediction.
  const mean = all.map((_, i) => preds.reduce((s, m) => s + m[i], 0) / preds.length);
  const n = inputs.pool.features.length;
  return { pool: mean.slice(0, n), queries: mean.slice(n) };
}

/**
 * A run's learning curve: each generation's snapshot (from the first with
 * enough examples) ranks `evalSet` and the run's own last generation (except
 * the last generation's own snapshot, which chose those children); and how
 * far its predictions of its own generation's children are from the logged ones.
 */
export async function runCurve(log: RunLog, evalSet: readonly LearnedExample[]): Promise<RunCurve> {
  const own = lastGenerationExamples(log);
  const last = log.generations.length - 1;
  const snapshots: SnapshotScore[] = [];
  let compared = 0;
  let unmatched = 0;
  let maxAbsDiff = 0;
  for (let g = 1; g <= last; g++) {
    const inputs = snapshotInputs(log, g);
    if (!inputs) continue;
    const p = await snapshotPredictions(inputs, [...evalSet.map((e) => e.x), ...own.map((e) => e.x)]);
    for (const l of inputs.logged) {
      if (l.poolIndex < 0) {
        unmatched++;
        continue;
      }
      compared++;
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(p.pool[l.poolIndex] - l.predictedGain));
    }
    snapshots.push({
      generation: g,
      examples: inputs.examples.length,
      rho: curveRho(p.queries.slice(0, evalSet.length), evalSet),
      rhoOwnLast: g < last ? curveRho(p.queries.slice(evalSet.length), own) : null,
    });
  }
  return {
    seed: log.config.seed,
    codeVersion: log.codeVersion,
    evalSize: evalSet.length,
    snapshots,
    faithfulness: { compared, unmatched, maxAbsDiff },
  };
}
