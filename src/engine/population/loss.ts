/**
 * Softmax cross-entropy for K stacked models, [K, B, C] logits → [K, B]
 * losses: the same math and custom gradient as tfjs 4.22's
 * `softmaxCrossEntropyWithLogits_` (through `logSumExp`: max, shift, exp,
 * sum, log, add back), formulated for many short rows:
 *
 * - `expanded` (tfjs's CPU backend): per-row values are repeated across
 *   classes by a product with a row of ones ([K, B, 1] × [K, 1, C], one
 *   exact term per output) instead of a broadcasting op, which the CPU
 *   backend runs through a slow per-element index path; the max and sums
 *   over classes are inner-axis reductions, which it runs fast.
 * - `native` (GPU backends): tfjs-webgpu reduces each row in its own
 *   64-thread workgroup, which for K·B rows of a few classes costs far more
 *   than the arithmetic (seen on a software adapter); sums over classes are
 *   products with a column of ones and the max is a chain of element-wise
 *   maxima over the class columns. Per-row values broadcast natively.
 *
 * Both give tfjs's values up to the order of float sums.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BroadcastStyle } from '../../../models/batched';

/** Constants of the loss for one group, made once and kept while it trains. */
export interface LossConstants {
  /** [K, 1, C] ones (expanded: repeats rows across classes). */
  onesRow: tf.Tensor3D;
  /** [K, C, 1] ones (native: sums over classes). */
  onesColumn: tf.Tensor3D;
}

export function lossConstants(k: number, classes: number): LossConstants {
  return { onesRow: tf.ones([k, 1, classes]) as tf.Tensor3D, onesColumn: tf.ones([k, classes, 1]) as tf.Tensor3D };
}

/**
 * Per-example softmax cross-entropy of one-hot `labels` and `logits`, both
 * [K, B, C]. The constants must outlive the gradient computation (the
 * backward pass uses them after the forward's tidy).
 */
export function stackedSoftmaxCrossEntropy(
  labels: tf.Tensor3D,
  logits: tf.Tensor3D,
  c: LossConstants,
  style: BroadcastStyle,
): tf.Tensor2D {
  const [k, b, classes] = logits.shape;
  /** [K, B] per-row values against [K, B, C]. */
  const acrossClasses = (t: tf.Tensor): tf.Tensor =>
    style === 'expanded' ? tf.matMul(tf.reshape(t, [k, b, 1]) as tf.Tensor3D, c.onesRow) : tf.reshape(t, [k, b, 1]);
  const sumClasses = (t: tf.Tensor): tf.Tensor =>
    style === 'expanded' ? tf.sum(t, -1) : tf.reshape(tf.matMul(t as tf.Tensor3D, c.onesColumn), [k, b]);
  const maxClasses = (t: tf.Tensor): tf.Tensor => {
    if (style === 'expanded' || classes === 1) return tf.max(t, -1);
    const columns = tf.split(t, classes, -1);
    let m = columns[0];
    for (let j = 1; j < classes; j++) m = tf.maximum(m, columns[j]);
    return tf.reshape(m, [k, b]);
  };
  const op = tf.customGrad(((y: tf.Tensor, x: tf.Tensor, save: tf.GradSaveFunc) => {
    const xMax = maxClasses(x);
    const shifted = tf.sub(x, acrossClasses(xMax));
    const lse = tf.add(xMax, tf.log(sumClasses(tf.exp(shifted))));
    const logResult = tf.sub(x, acrossClasses(lse));
    save([y, logResult]);
    const value = sumClasses(tf.neg(tf.mul(logResult, y)));
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [yy, lr] = saved;
        const dyFull = acrossClasses(dy);
        return [tf.mul(dyFull, tf.sub(yy, tf.exp(lr))), tf.mul(dyFull, tf.sub(tf.exp(lr), yy))];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(labels, logits) as tf.Tensor2D;
}
