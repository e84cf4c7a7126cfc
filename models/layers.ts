/**
 * What every model family is made of: the `Net` shape, variable shapes in
 * `variables` order, variables from initial arrays, and activations. Its own
 * module so that the families (mlp.ts, cnn.ts, the batched ones) and net.ts,
 * which picks a family, do not import each other.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Architecture } from '../src/core/genome';
import { layerCosts } from '../src/core/cost';
import { uniformNoise } from '../src/core/philox';

/** A built model. `apply` returns logits; dispose frees every variable. */
export interface Net {
  variables: tf.Variable[];
  /** Kernels only (no biases): what weight decay penalises. */
  kernels: tf.Variable[];
  /** Logits for a batch; `seed` varies dropout per step when training. */
  apply(x: tf.Tensor, training: boolean, seed: number): tf.Tensor2D;
  dispose(): void;
}

/** Initial weights: the parent's (same shapes) or fresh from the RNG. */
export type InitialWeights = Float32Array[] | null;

/** Shapes of every variable of an architecture, in `variables` order. */
export function variableShapes(arch: Architecture, inputShape: number[], numClasses: number): number[][] {
  return layerCosts(arch, inputShape, numClasses).flatMap((l) => [
    l.kernelShape,
    [l.kernelShape[l.kernelShape.length - 1]],
  ]);
}

/** Creates one variable holding `values` (from `initialWeights`). */
export function makeVariable(shape: number[], values: Float32Array): tf.Variable {
  // tf.variable shares the initial tensor's data and keeps it counted: free it.
  const t = tf.tensor(values, shape, 'float32');
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}

/** Applies a named activation. */
export function activate(x: tf.Tensor, name: string): tf.Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'elu':
      return tf.elu(x);
    default:
      throw new Error(`unknown activation "${name}"`);
  }
}

/**
 * Dropout as tf.dropout computes it — x × floor(u + keep) / keep — with u
 * the Philox draw keyed by `seed` over x's [rows, features] (src/core/philox.ts):
 * the noise the batched and fused steps draw too, so a child trained in a
 * group matches the child trained alone.
 */
export function dropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  const rows = x.shape[0];
  const keep = 1 - rate;
  const u = tf.tensor(uniformNoise(seed, rows, x.size / rows), x.shape, 'float32');
  return tf.mul(x, tf.div(tf.floor(tf.add(u, keep)), keep));
}
