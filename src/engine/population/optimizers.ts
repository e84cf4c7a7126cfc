/**
 * SGD, momentum and Adam for K stacked models: per-model learning rates
 * ([K, 1, 1]), per-model optimizer kind (0/1 masks when a group mixes
 * them), optimizer state stacked like the weights.
 *
 * The updates repeat tfjs 4.22's own formulas op for op
 * (`makeOptimizer` in ../optimizer.ts, with its constants: momentum, Adam's
 * betas, epsilon = the backend's epsilon, bias correction through
 * running powers of beta kept as float32 scalars), so model k updated here
 * moves exactly as it would under its own tfjs optimizer, up to float
 * rounding of the batched kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerName } from '../../core/genome';
import type { BroadcastStyle } from '../../../models/batched';
import { ADAM_BETA1 as BETA1, ADAM_BETA2 as BETA2, MOMENTUM } from '../optimizer';

/**
 * Per-model values are [K, 1, 1] tensors broadcast natively (`native`), or
 * kept expanded to each variable's full shape (`expanded`): tfjs's CPU
 * backend runs an element-wise op whose operands differ in a middle
 * dimension ([K, 1, 1] × [K, in, out]) through a slow per-element path.
 */

/** Optimizer state and update for K stacked models. */
export interface StackedOptimizer {
  /** One update of every variable from its gradient (same order). */
  apply(variables: readonly tf.Variable[], grads: readonly tf.Tensor[]): void;
  /**
   * Stops the models whose `keep` is false: zeroes their slices of every
   * variable and state and their learning rate, so they stay finite and
   * still (a diverged model must not waste or poison anything).
   */
  freeze(variables: readonly tf.Variable[], keep: readonly boolean[]): void;
  dispose(): void;
}

/**
 * Where a group's optimizer state starts when its models continue earlier
 * training: stacked slot variables shaped like the weights (adopted: the
 * updates assign them in place) and the steps every model has taken (one
 * count for the group, as Adam's bias correction is shared).
 */
export interface StackedState {
  accumulations?: tf.Variable[];
  firstMoments?: tf.Variable[];
  secondMoments?: tf.Variable[];
  iterations: number;
}

/** A stacked optimizer for models with these optimizers and learning rates. */
export function stackedOptimizer(
  kinds: readonly OptimizerName[],
  learningRates: readonly number[],
  variableShapes: readonly number[][],
  style: BroadcastStyle,
  init?: StackedState,
): StackedOptimizer {
  const k = kinds.length;
  const shapes = style === 'native' ? variableShapes.map(() => [k, 1, 1]) : variableShapes;
  const present = [...new Set(kinds)];
  // -lr per model, as tfjs keeps scalar(-learningRate); per variable, at its full shape.
  let negLr = shapes.map((s) =>
    perModel(
      learningRates.map((lr) => -lr),
      s,
    ),
  );
  const kindMask = new Map<OptimizerName, tf.Tensor[]>();
  if (present.length > 1)
    for (const kind of present)
      kindMask.set(
        kind,
        shapes.map((s) =>
          perModel(
            kinds.map((x) => (x === kind ? 1 : 0)),
            s,
          ),
        ),
      );
  const momentum = tf.scalar(MOMENTUM);
  const epsilon = tf.backend().epsilon();
  const accumulations: tf.Variable[] = [...(init?.accumulations ?? [])];
  const firstMoments: tf.Variable[] = [...(init?.firstMoments ?? [])];
  const secondMoments: tf.Variable[] = [...(init?.secondMoments ?? [])];
  // Running beta powers, as tfjs's AdamOptimizer keeps them (float32 variables); after n steps
  // β^(n+1), computed as tfjs's setWeights does when an optimizer continues.
  // (tf.variable keeps its initial tensor counted: made inside tidy, which frees it.)
  const done = init?.iterations ?? 0;
  const power = (beta: number) => (done > 0 ? tf.pow(tf.scalar(beta), done + 1) : tf.scalar(beta));
  const accBeta1 = present.includes('adam') ? tf.tidy(() => tf.variable(power(BETA1), false)) : null;
  const accBeta2 = present.includes('adam') ? tf.tidy(() => tf.variable(power(BETA2), false)) : null;
  const zerosVar = (v: tf.Variable) => tf.tidy(() => tf.variable(tf.zerosLike(v), false));

  return {
    apply(variables, grads) {
      tf.tidy(() => {
        const oneMinusAccBeta1 = accBeta1 ? tf.sub(1, accBeta1) : null;
        const oneMinusAccBeta2 = accBeta2 ? tf.sub(1, accBeta2) : null;
        variables.forEach((value, i) => {
          const gradient = grads[i];
          const steps = new Map<OptimizerName, tf.Tensor>();
          for (const kind of present) {
            if (kind === 'sgd') steps.set(kind, tf.mul(negLr[i], gradient));
            else if (kind === 'momentum') {
              accumulations[i] ??= zerosVar(value);
              const newAccumulation = tf.add(tf.mul(momentum, accumulations[i]), gradient);
              accumulations[i].assign(newAccumulation);
              steps.set(kind, tf.mul(negLr[i], newAccumulation));
            } else {
              firstMoments[i] ??= zerosVar(value);
              secondMoments[i] ??= zerosVar(value);
              const newFirstMoment = tf.add(tf.mul(firstMoments[i], BETA1), tf.mul(gradient, 1 - BETA1));
              const newSecondMoment = tf.add(tf.mul(secondMoments[i], BETA2), tf.mul(tf.square(gradient), 1 - BETA2));
              const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1!);
              const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2!);
              firstMoments[i].assign(newFirstMoment);
              secondMoments[i].assign(newSecondMoment);
              steps.set(
                kind,
                tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), epsilon)), negLr[i]),
              );
            }
          }
          // One kind: value + step, as tfjs. Mixed: each model's own step ×1, the others' ×0 (exact).
          const step =
            present.length === 1
              ? steps.get(present[0])!
              : tf.addN(present.map((kind) => tf.mul(steps.get(kind)!, kindMask.get(kind)![i])));
          value.assign(tf.add(step, value));
        });
        if (accBeta1 && accBeta2) {
          accBeta1.assign(tf.mul(accBeta1, BETA1));
          accBeta2.assign(tf.mul(accBeta2, BETA2));
        }
      });
    },
    freeze(variables, keep) {
      tf.tidy(() => {
        const mask = tf.cast(
          tf.tensor3d(
            keep.map((x) => (x ? 1 : 0)),
            [k, 1, 1],
            'int32',
          ),
          'bool',
        );
        for (const v of [...variables, ...accumulations, ...firstMoments, ...secondMoments]) {
          if (v) v.assign(tf.where(mask, v, tf.zerosLike(v)));
        }
      });
      tf.dispose(negLr);
      negLr = shapes.map((s) =>
        perModel(
          learningRates.map((lr, m) => (keep[m] ? -lr : 0)),
          s,
        ),
      );
    },
    dispose() {
      tf.dispose([
        ...negLr,
        momentum,
        ...[...kindMask.values()].flat(),
        ...accumulations,
        ...firstMoments,
        ...secondMoments,
      ]);
      accBeta1?.dispose();
      accBeta2?.dispose();
    },
  };
}

/** A tensor of `shape` ([K, …]) whose slice m is filled with values[m]. */
export function perModel(values: readonly number[], shape: readonly number[]): tf.Tensor {
  const per = shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(values.length * per);
  values.forEach((v, m) => out.fill(v, m * per, (m + 1) * per));
  return tf.tensor(out, [...shape], 'float32');
}
