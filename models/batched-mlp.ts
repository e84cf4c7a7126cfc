/**
 * K multilayer perceptrons of the same depth as ONE computation: every
 * layer's weights are stacked into a [K, in, out] kernel and a [K, 1, out]
 * bias, and a forward pass is one batched matMul per layer for all K models.
 *
 * Models may differ in layer widths and in each layer's activation:
 * - widths are padded to the widest model of the group. Padded weights start
 *   at zero and their gradients are masked to zero, so they stay zero and the
 *   padded units contribute exactly nothing (x·0 = 0, s + 0 = s): a padded
 *   model computes what it would alone, up to the order of float sums.
 * - a layer whose activation differs between models computes each activation
 *   present and selects per model with 0/1 masks (a·1 + b·0 = a exactly).
 *
 * Per-model rows (biases, activation masks, [K, 1, D]) are broadcast over a
 * batch natively on GPU backends, and on the CPU backend by a product with a
 * column of ones ([K, B, 1] × [K, 1, D]: one exact term per output): tfjs's
 * CPU backend runs element-wise ops whose operands differ in a middle
 * dimension through a slow per-element index path, while its matMul is a
 * tight loop. Both give the same values.
 *
 * Initial weights come from `initialWeights` (init.ts), the draw a model built
 * alone starts from too.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, MlpArch } from '../src/core/genome';
import { broadcastStyleFor, type BatchedNet, type BroadcastStyle } from './batched';
import { activate } from './layers';

/** Layer sizes of an MLP: [inputs, hidden widths…, classes]. */
export function mlpDims(arch: MlpArch, inputShape: number[], numClasses: number): number[] {
  return [inputShape.reduce((a, b) => a * b, 1), ...arch.layers.map((l) => l.units), numClasses];
}

/**
 * Builds K stacked MLPs. `archs` must all have the same depth; `weights[k]`
 * are model k's initial arrays (from `initialWeights`).
 */
export function buildBatchedMlp(
  archs: readonly MlpArch[],
  weights: readonly Float32Array[][],
  inputShape: number[],
  numClasses: number,
  style: BroadcastStyle = broadcastStyleFor(tf.getBackend()),
): BatchedNet {
  const k = archs.length;
  if (k === 0) throw new Error('a batched MLP needs at least one model');
  const depth = archs[0].layers.length;
  if (archs.some((a) => a.layers.length !== depth)) throw new Error('batched MLPs must all have the same depth');
  const modelDims = archs.map((a) => mlpDims(a, inputShape, numClasses));
  const dims = modelDims[0].map((_, i) => Math.max(...modelDims.map((d) => d[i])));
  // Per hidden layer: the activation of each model, and the distinct ones.
  const acts: Activation[][] = Array.from({ length: depth }, (_, l) => archs.map((a) => a.layers[l].activation));
  const variables: tf.Variable[] = [];
  const gradMasks: (tf.Tensor | null)[] = [];
  const actMasks: Map<Activation, tf.Tensor>[] = [];
  // Columns of ones [K, rows, 1], made on first use per row count and kept until dispose.
  const onesByRows = new Map<number, tf.Tensor3D>();
  const expandRows = (t: tf.Tensor, rows: number): tf.Tensor3D => {
    let ones = onesByRows.get(rows);
    if (!ones) {
      ones = tf.keep(tf.ones([k, rows, 1]) as tf.Tensor3D);
      onesByRows.set(rows, ones);
    }
    return tf.matMul(ones, t as tf.Tensor3D);
  };
  /** h [K, B, D] plus (or times) per-model rows [K, 1, D]. */
  const addRows = (h: tf.Tensor, rows: tf.Tensor) =>
    tf.add(h, style === 'native' ? rows : expandRows(rows, h.shape[1]!));
  const mulRows = (h: tf.Tensor, rows: tf.Tensor) =>
    tf.mul(h, style === 'native' ? rows : expandRows(rows, h.shape[1]!));
  const disposeAll = () => {
    tf.dispose(variables);
    tf.dispose(gradMasks.filter((m): m is tf.Tensor => m !== null));
    for (const m of actMasks) tf.dispose([...m.values()]);
    tf.dispose([...onesByRows.values()]);
  };
  try {
    for (let l = 0; l <= depth; l++) {
      const rows = dims[l];
      const cols = dims[l + 1];
      const kernel = new Float32Array(k * rows * cols);
      const bias = new Float32Array(k * cols);
      const padded = modelDims.some((d) => d[l] !== rows || d[l + 1] !== cols);
      const kMask = padded ? new Float32Array(k * rows * cols) : null;
      const bMask = padded ? new Float32Array(k * cols) : null;
      for (let m = 0; m < k; m++) {
        const r = modelDims[m][l];
        const c = modelDims[m][l + 1];
        const w = weights[m][2 * l];
        const b = weights[m][2 * l + 1];
        if (w.length !== r * c || b.length !== c)
          throw new Error(
            `model ${m} layer ${l}: weights of ${w.length} and ${b.length} values, expected ${r * c} and ${c}`,
          );
        for (let i = 0; i < r; i++) {
          kernel.set(w.subarray(i * c, (i + 1) * c), m * rows * cols + i * cols);
          kMask?.fill(1, m * rows * cols + i * cols, m * rows * cols + i * cols + c);
        }
        bias.set(b, m * cols);
        bMask?.fill(1, m * cols, m * cols + c);
      }
      variables.push(stackedVariable(kernel, [k, rows, cols]), stackedVariable(bias, [k, 1, cols]));
      gradMasks.push(kMask && tf.tensor3d(kMask, [k, rows, cols]), bMask && tf.tensor3d(bMask, [k, 1, cols]));
    }
    for (let l = 0; l < depth; l++) {
      const distinct = [...new Set(acts[l])];
      const masks = new Map<Activation, tf.Tensor>();
      if (distinct.length > 1) {
        // [K, 1, width] rows of 0/1: model m uses activation a in this layer.
        for (const a of distinct)
          masks.set(
            a,
            tf.tensor3d(
              acts[l].flatMap((x) => new Array<number>(dims[l + 1]).fill(x === a ? 1 : 0)),
              [k, 1, dims[l + 1]],
            ),
          );
      }
      actMasks.push(masks);
    }
  } catch (e) {
    disposeAll();
    throw e;
  }

  /** A hidden layer's activation, per model when the models differ. */
  const activation = (h: tf.Tensor, l: number): tf.Tensor => {
    const masks = actMasks[l];
    if (masks.size === 0) return activate(h, acts[l][0]);
    let out: tf.Tensor | null = null;
    for (const [a, mask] of masks) {
      const part = mulRows(activate(h, a), mask);
      out = out ? tf.add(out, part) : part;
    }
    return out!;
  };

  const net: BatchedNet = {
    k,
    dims,
    modelDims,
    floatsPerExample: Math.max(...dims),
    variables,
    gradMasks,
    style,
    expandRows,
    forward(ws, x, multiplier) {
      let h: tf.Tensor = x;
      for (let l = 0; l <= depth; l++) {
        h = addRows(tf.matMul(h as tf.Tensor3D, ws[2 * l] as tf.Tensor3D), ws[2 * l + 1]);
        if (l < depth) {
          h = activation(h, l);
          const mult = multiplier?.(l, h.shape as [number, number, number]);
          if (mult) h = tf.mul(h, mult);
        }
      }
      return h as tf.Tensor3D;
    },
    forwardShared(x) {
      const n = x.shape[0];
      // First layer: one [n, in] × [in, K·out] product, since every model sees the same inputs.
      const w0 = tf.reshape(tf.transpose(variables[0], [1, 0, 2]), [dims[0], k * dims[1]]);
      let h: tf.Tensor = tf.transpose(tf.reshape(tf.matMul(x, w0 as tf.Tensor2D), [n, k, dims[1]]), [1, 0, 2]);
      h = addRows(h, variables[1]);
      for (let l = 1; l <= depth; l++) {
        h = activation(h, l - 1);
        h = addRows(tf.matMul(h as tf.Tensor3D, variables[2 * l] as tf.Tensor3D), variables[2 * l + 1]);
      }
      return h as tf.Tensor3D;
    },
    async readWeights() {
      const stacked = await Promise.all(variables.map((v) => v.data() as Promise<Float32Array>));
      return modelDims.map((d, m) => {
        const out: Float32Array[] = [];
        for (let l = 0; l <= depth; l++) {
          const rows = dims[l];
          const cols = dims[l + 1];
          const r = d[l];
          const c = d[l + 1];
          const w = new Float32Array(r * c);
          for (let i = 0; i < r; i++)
            w.set(stacked[2 * l].subarray(m * rows * cols + i * cols, m * rows * cols + i * cols + c), i * c);
          // slice(): a copy, never a view of the backend's own buffer.
          out.push(w, stacked[2 * l + 1].slice(m * cols, m * cols + c));
        }
        return out;
      });
    },
    dispose: disposeAll,
  };
  return net;
}

/** A trainable variable from host values (the initial tensor is freed: tf.variable keeps it counted). */
function stackedVariable(values: Float32Array, shape: number[]): tf.Variable {
  const t = tf.tensor(values, shape, 'float32');
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}
