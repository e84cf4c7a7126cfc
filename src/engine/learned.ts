/**
 * The `learned` proposer's network: an ensemble of small MLPs, trained with
 * tfjs on the backend the children train on, that predicts a child's
 * validation gain over its parent from the features of the proposed change
 * (src/core/learned.ts). Each generation it is retrained from scratch on every
 * child so far (plus any transferred examples), each member on its own
 * bootstrap resample, and scores a pool of candidate mutations; the proposer
 * picks among them by Thompson sampling over the members.
 *
 * The members train as one batched computation (weights [members, in, out]),
 * full-batch Adam on the squared error of standardised gains. Initial weights
 * and resamples draw from the seeded Rng, so on one backend a run is
 * reproducible.
 */
import * as tf from '@tensorflow/tfjs-core';
// The predictor trains with gradients: register them here, not only where the children train.
import '#gradients';
import {
  candidatePool,
  chanceFor,
  MIN_EXAMPLES,
  POOL_SIZE,
  selectProposals,
  trainingExamples,
  type LearnedExample,
} from '../core/learned';
import type { PredictorChange } from '../core/oversight/approval';
import type { Proposal, ProposerContext } from '../core/proposers';
import type { Rng } from '../core/rng';
import { glorotUniform } from '../../models/init';
import { disposeOptimizer } from './optimizer';

/** Size and training of the predictor ensemble. */
export const PREDICTOR = { members: 5, hidden: 16, steps: 150, learningRate: 0.02, l2: 1e-3 } as const;
/** The predictor's settings (members can be set per run: `learnedMembers`). */
export type PredictorOptions = { readonly [K in keyof typeof PREDICTOR]: number };

/**
 * Trains the ensemble on `examples` and returns each member's predicted gain
 * for each query: `out[member][query]`.
 */
export async function ensemblePredict(
  examples: readonly LearnedExample[],
  queries: readonly number[][],
  rng: Rng,
  opts: PredictorOptions = PREDICTOR,
): Promise<number[][]> {
  const { members: M, hidden: H } = opts;
  const F = examples[0].x.length;
  const N = examples.length;
  const ys = examples.map((e) => e.y);
  const yMean = ys.reduce((a, b) => a + b, 0) / N;
  const yStd = Math.sqrt(ys.reduce((s, y) => s + (y - yMean) ** 2, 0) / N) || 1;
  const xs = new Float32Array(M * N * F);
  const yt = new Float32Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let i = 0; i < N; i++) {
      const e = examples[rng.int(N)];
      xs.set(e.x, (m * N + i) * F);
      yt[m * N + i] = (e.y - yMean) / yStd;
    }
  }
  // tf.variable(t) keeps t alive: make each from a tensor disposed right after.
  const variable = (t: tf.Tensor) => {
    const v = tf.variable(t);
    t.dispose();
    return v;
  };
  const w1 = variable(tf.tensor3d(glorotUniform([M, F, H], F, H, rng), [M, F, H]));
  const b1 = variable(tf.zeros([M, 1, H]));
  const w2 = variable(tf.tensor3d(glorotUniform([M, H, 1], H, 1, rng), [M, H, 1]));
  const b2 = variable(tf.zeros([M, 1, 1]));
  const vars = [w1, b1, w2, b2];
  const forward = (x: tf.Tensor3D) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), b2) as tf.Tensor3D;
  const x = tf.tensor3d(xs, [M, N, F]);
  const y = tf.tensor3d(yt, [M, N, 1]);
  const opt = tf.train.adam(opts.learningRate);
  try {
    for (let s = 0; s < opts.steps; s++) {
      tf.tidy(() => {
        opt.minimize(
          () =>
            tf.add(
              tf.mean(tf.squaredDifference(forward(x), y)),
              tf.mul(opts.l2, tf.add(tf.sum(tf.square(w1)), tf.sum(tf.square(w2)))),
            ) as tf.Scalar,
          false,
          vars,
        );
      });
    }
    const out = tf.tidy(() =>
      forward(tf.tile(tf.tensor3d(queries.flat(), [1, queries.length, F]), [M, 1, 1]) as tf.Tensor3D),
    );
    const flat = await out.data();
    out.dispose();
    return Array.from({ length: M }, (_, m) =>
      Array.from({ length: queries.length }, (_, i) => flat[m * queries.length + i] * yStd + yMean),
    );
  } finally {
    tf.dispose([x, y, ...vars]);
    disposeOptimizer(opt);
  }
}

/**
 * Proposes `count` children: a pool of candidate mutations, scored by the
 * ensemble trained on the run so far (and `prior` examples from an earlier
 * run), picked by Thompson sampling. With fewer than MIN_EXAMPLES examples it
 * proposes the pool's first children, as evolution would — and so it does
 * when `approve` (an approval gate on the retrained predictor) says no.
 */
export async function proposeLearned(
  ctx: ProposerContext,
  count: number,
  rng: Rng,
  prior: readonly LearnedExample[] = [],
  approve?: (change: PredictorChange) => Promise<boolean>,
): Promise<Proposal[]> {
  const pool = candidatePool(ctx, Math.max(ctx.config.learnedPool ?? POOL_SIZE, count), rng);
  const examples = [...prior, ...trainingExamples(ctx.history, chanceFor(ctx))];
  if (examples.length < MIN_EXAMPLES) return selectProposals(pool.proposals, null, count, rng);
  const members = ctx.config.learnedMembers ?? PREDICTOR.members;
  const predictions = await ensemblePredict(examples, pool.features, rng, { ...PREDICTOR, members });
  const picked = selectProposals(pool.proposals, predictions, count, rng);
  const picks = picked.map((p) => ({
    changes: p.changes,
    ...(p.predictedGain !== undefined ? { predictedGain: p.predictedGain } : {}),
  }));
  if (approve && !(await approve({ examples: examples.length, picks })))
    return selectProposals(pool.proposals, null, count, rng);
  return picked;
}
