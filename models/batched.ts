/**
 * What the batched families (batched-mlp.ts, batched-cnn.ts) share: the
 * stacked model they build and how per-model values meet batch-sized tensors.
 */
import type * as tf from '@tensorflow/tfjs-core';

/**
 * How per-model values meet batch-sized tensors: `native` broadcasting, or
 * `expanded` to the full shape first (fast on tfjs's CPU backend).
 */
export type BroadcastStyle = 'native' | 'expanded';

/** The style that suits the current backend. */
export const broadcastStyleFor = (backend: string): BroadcastStyle => (backend === 'cpu' ? 'expanded' : 'native');

/** Per-model multiplier for a hidden layer's output ([K, B, width]), or null for none. */
export type LayerMultiplier = (layer: number, shape: [number, number, number]) => tf.Tensor | null;

/** K stacked models (batched-mlp.ts, batched-cnn.ts) that train as one. */
export interface BatchedNet {
  k: number;
  /**
   * Padded sizes of the dense layers: [inputs, widest hidden widths…,
   * classes] (for a CNN, its head after the flattened conv blocks). Dropout
   * follows each hidden dense layer.
   */
  dims: number[];
  /** Each model's own dense sizes. */
  modelDims: number[][];
  /** Floats of the largest per-example activation (sizes evaluation chunks). */
  floatsPerExample: number;
  /**
   * Stacked variables in `Net.variables` order: per dense layer a [K, in, out]
   * kernel and a [K, 1, out] bias (per conv block, [K, k·k·cin, cout] and [K, 1, cout]).
   */
  variables: tf.Variable[];
  /**
   * 0/1 masks of the real (unpadded) entries, per variable; null where no
   * model of the group is padded. Gradients are multiplied by them.
   */
  gradMasks: (tf.Tensor | null)[];
  /**
   * Logits [K, B, classes] for inputs [K, B, in], with the given weights
   * (the variables, or tensors standing in for them inside a gradient).
   * `multiplier` supplies dropout masks when training.
   */
  forward(weights: readonly tf.Tensor[], x: tf.Tensor3D, multiplier?: LayerMultiplier): tf.Tensor3D;
  /** Logits [K, n, classes] for inputs [n, in] shared by every model. */
  forwardShared(x: tf.Tensor2D): tf.Tensor3D;
  style: BroadcastStyle;
  /** [K, 1, D] per-model rows repeated to [K, rows, D] (exact: a product with ones). */
  expandRows(t: tf.Tensor, rows: number): tf.Tensor3D;
  /** Each model's weights, unpadded, as `readWeights` of its own net would give them. */
  readWeights(): Promise<Float32Array[][]>;
  dispose(): void;
}
