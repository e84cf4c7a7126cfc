/**
 * K convnets of ONE architecture as one computation. Each conv block is an
 * im2col product: the k×k windows of the (same-padded) input are laid
 * side by side (im2col.ts), [K·B, H, W, k·k·cin] → [K, B·H·W, k·k·cin], and one
 * batched matMul with the stacked filters [K, k·k·cin, cout] convolves every
 * model's batch with its own filters (the same sum as conv2d, stride 1,
 * `same` padding). Bias, activation and 2×2 max-pool follow as in `buildCnn`;
 * the flattened features go through a batched dense head (batched-mlp.ts).
 *
 * Models of a group must have identical architectures (blocks, activation,
 * head); their hyperparameters and initial weights differ. Initial weights
 * come from `initialWeights` (init.ts), so each model starts where it would alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CnnArch, MlpArch } from '../src/core/genome';
import { broadcastStyleFor, type BatchedNet, type BroadcastStyle } from './batched';
import { buildBatchedMlp } from './batched-mlp';
import { windows } from './im2col';
import { activate } from './layers';

/** Per conv block: input size and channels, kernel, output channels. */
interface BlockShape {
  h: number;
  w: number;
  cin: number;
  cout: number;
  kernel: number;
  pool: boolean;
}

function blockShapes(arch: CnnArch, inputShape: number[]): { blocks: BlockShape[]; flat: number } {
  let [h, w, c] = inputShape;
  const blocks = arch.blocks.map((b) => {
    const s = { h, w, cin: c, cout: b.filters, kernel: b.kernel, pool: b.pool };
    if (b.pool) {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
    c = b.filters;
    return s;
  });
  return { blocks, flat: h * w * c };
}

/** Floats of the largest per-example tensor of a CNN (the im2col windows or a block's output). */
export function cnnPerExampleFloats(arch: CnnArch, inputShape: number[]): number {
  const { blocks, flat } = blockShapes(arch, inputShape);
  return Math.max(
    flat,
    ...blocks.map((b) => b.h * b.w * Math.max(b.kernel * b.kernel * b.cin, b.cout)),
    ...arch.head.map((l) => l.units),
  );
}

/** Floats of the largest per-example activation when one model evaluates alone (conv2d, no windows). */
function cnnEvalFloats(arch: CnnArch, inputShape: number[]): number {
  const { blocks, flat } = blockShapes(arch, inputShape);
  return Math.max(flat, ...blocks.map((b) => b.h * b.w * Math.max(b.cin, b.cout)), ...arch.head.map((l) => l.units));
}

/**
 * Builds K stacked CNNs of the architecture `arch`; `weights[k]` are model
 * k's initial arrays (from `initialWeights`).
 */
export function buildBatchedCnn(
  arch: CnnArch,
  weights: readonly Float32Array[][],
  inputShape: number[],
  numClasses: number,
  style: BroadcastStyle = broadcastStyleFor(tf.getBackend()),
): BatchedNet {
  const k = weights.length;
  if (k === 0) throw new Error('a batched CNN needs at least one model');
  const { blocks, flat } = blockShapes(arch, inputShape);
  const nConv = blocks.length;
  const convVars: tf.Variable[] = [];
  let head: BatchedNet | null = null;
  try {
    blocks.forEach((b, i) => {
      const rows = b.kernel * b.kernel * b.cin;
      const kernel = new Float32Array(k * rows * b.cout);
      const bias = new Float32Array(k * b.cout);
      weights.forEach((w, m) => {
        if (w[2 * i].length !== rows * b.cout || w[2 * i + 1].length !== b.cout)
          throw new Error(`model ${m} block ${i}: weights of the wrong size`);
        kernel.set(w[2 * i], m * rows * b.cout);
        bias.set(w[2 * i + 1], m * b.cout);
      });
      convVars.push(stackedVariable(kernel, [k, rows, b.cout]), stackedVariable(bias, [k, 1, b.cout]));
    });
    const headArch: MlpArch = { family: 'mlp', layers: arch.head };
    head = buildBatchedMlp(
      weights.map(() => headArch),
      weights.map((w) => w.slice(2 * nConv)),
      [flat],
      numClasses,
      style,
    );
  } catch (e) {
    tf.dispose(convVars);
    head?.dispose();
    throw e;
  }
  const theHead = head;
  const [inH, inW, inC] = inputShape;

  /** Conv blocks for K·B images (model-major), with per-model filters; returns [K, B, flat]. */
  const convolve = (ws: readonly tf.Tensor[], images: tf.Tensor4D, perModel: number): tf.Tensor3D => {
    let h = images;
    blocks.forEach((b, i) => {
      const cols = tf.reshape(windows(h, b.kernel), [
        k,
        perModel * b.h * b.w,
        b.kernel * b.kernel * b.cin,
      ]) as tf.Tensor3D;
      let y: tf.Tensor = tf.matMul(cols, ws[2 * i] as tf.Tensor3D);
      y = tf.add(y, style === 'native' ? ws[2 * i + 1] : theHead.expandRows(ws[2 * i + 1], perModel * b.h * b.w));
      y = activate(y, arch.activation);
      h = tf.reshape(y, [k * perModel, b.h, b.w, b.cout]) as tf.Tensor4D;
      if (b.pool) h = tf.maxPool(h, 2, 2, 'valid');
    });
    return tf.reshape(h, [k, perModel, flat]) as tf.Tensor3D;
  };

  return {
    k,
    dims: theHead.dims,
    modelDims: theHead.modelDims,
    floatsPerExample: cnnEvalFloats(arch, inputShape),
    variables: [...convVars, ...theHead.variables],
    gradMasks: [...convVars.map(() => null), ...theHead.gradMasks],
    style,
    expandRows: theHead.expandRows,
    forward(ws, x, multiplier) {
      const [, batch] = x.shape;
      const features = convolve(ws, tf.reshape(x, [k * batch, inH, inW, inC]) as tf.Tensor4D, batch);
      return theHead.forward(ws.slice(2 * nConv), features, multiplier);
    },
    forwardShared(x) {
      // Evaluation runs once per group: each model's conv blocks as conv2d, as its own net
      // computes them (no windows of the whole split), then the batched head.
      const n = x.shape[0];
      const images = tf.reshape(x, [n, inH, inW, inC]) as tf.Tensor4D;
      const features = tf.stack(
        Array.from({ length: k }, (_, m) => {
          let h = images;
          blocks.forEach((b, i) => {
            const filter = tf.reshape(tf.slice(convVars[2 * i], [m, 0, 0], [1, -1, -1]), [
              b.kernel,
              b.kernel,
              b.cin,
              b.cout,
            ]) as tf.Tensor4D;
            h = tf.add(
              tf.conv2d(h, filter, 1, 'same'),
              tf.reshape(tf.slice(convVars[2 * i + 1], [m, 0, 0], [1, -1, -1]), [b.cout]),
            ) as tf.Tensor4D;
            h = activate(h, arch.activation) as tf.Tensor4D;
            if (b.pool) h = tf.maxPool(h, 2, 2, 'valid');
          });
          return tf.reshape(h, [n, flat]);
        }),
      ) as tf.Tensor3D;
      return theHead.forward(theHead.variables, features);
    },
    async readWeights() {
      const conv = await Promise.all(convVars.map((v) => v.data() as Promise<Float32Array>));
      const dense = await theHead.readWeights();
      return dense.map((d, m) => [
        ...conv.map((c) => {
          const size = c.length / k;
          return c.slice(m * size, (m + 1) * size);
        }),
        ...d,
      ]);
    },
    dispose() {
      tf.dispose(convVars);
      theHead.dispose();
    },
  };
}

/** A trainable variable from host values (the initial tensor is freed: tf.variable keeps it counted). */
function stackedVariable(values: Float32Array, shape: number[]): tf.Variable {
  const t = tf.tensor(values, shape, 'float32');
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}
