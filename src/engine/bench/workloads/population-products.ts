/**
 * The population trainer's batched products on their own (a matmul case
 * with `models`, see MatmulCase): K models' products in one computation,
 * the forward product X·W of a layer — each model's batch X gathered from a
 * data set by its own indices — or the weight gradient Xᵀ·δ. On WebGPU they
 * run on the fused step's tiled kernels (fused-products.ts): the point of
 * the case is to show that kernel. Elsewhere they are the same products as
 * batched tf.matMul on the gathered batches, as the plain batched path
 * computes them (the gather is done before timing; the fused kernels read
 * through the indices). Checked like a matmul: per model three full rows of
 * the product and every row's mean, on the CPU by a cheaper route.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BenchContext } from '../context';
import type { MatmulFigures } from '../../../core/bench/result';
import { mapStat, summarise } from '../../../core/bench/stats';
import type { MatmulCase } from '../../../core/bench/suite';
import { readAll, settle, timeRegions, uniformArray } from '../timing';
import { fusedProduct, type ProductInputs } from './fused-products';

/** Examples in the data set the batches are drawn from. */
const DATA_ROWS = 2048;

/** Whether a matmul case is a population product. */
export const isPopulationProduct = (c: MatmulCase): boolean => c.models !== undefined;

/** The case's operands from the suite's seed, scaled so every output is of order 1. */
export function productInputs(ctx: BenchContext, c: MatmulCase): ProductInputs {
  if (c.models === undefined || c.product === undefined) throw new Error(`matmul ${c.id} is not a population product`);
  const r = ctx.rng('matmul', c.id);
  const forward = c.product === 'forward';
  const [batch, din] = forward ? [c.m, c.k] : [c.k, c.m];
  const dout = c.n;
  const x = uniformArray(DATA_ROWS * din, r.next);
  const idx = Int32Array.from({ length: c.models * batch }, () => r.int(DATA_ROWS));
  const other = forward
    ? uniformArray(c.models * din * dout, r.next, 1 / Math.sqrt(din))
    : uniformArray(c.models * batch * dout, r.next, 1 / Math.sqrt(batch));
  return { product: c.product, models: c.models, batch, din, dout, x, idx, other };
}

/** The product as batched tf ops: operands on the current backend, and one product. */
function tfProduct(p: ProductInputs): {
  xb: tf.Tensor3D;
  other: tf.Tensor3D;
  product: () => tf.Tensor3D;
  dispose: () => void;
} {
  const xb = tf.tidy(() =>
    tf.reshape(tf.gather(tf.tensor2d(p.x, [p.x.length / p.din, p.din]), tf.tensor1d(p.idx, 'int32')), [
      p.models,
      p.batch,
      p.din,
    ]),
  ) as tf.Tensor3D;
  const forward = p.product === 'forward';
  const other = tf.tensor3d(p.other, forward ? [p.models, p.din, p.dout] : [p.models, p.batch, p.dout]);
  return {
    xb,
    other,
    product: () => (forward ? tf.matMul(xb, other) : tf.matMul(xb, other, true, false)),
    dispose: () => tf.dispose([xb, other]),
  };
}

/** The rows of each model's [m, n] product that are checked in full. */
const probeRows = (m: number) => Array.from(new Set([0, m >> 1, m - 1]));

/** Per model: the probe rows of its [m, n] product in full, then every row's mean. */
function probes(full: Float32Array, models: number, m: number, n: number): Float32Array {
  const rows = probeRows(m);
  const out = new Float32Array(models * (rows.length * n + m));
  let o = 0;
  for (let k = 0; k < models; k++) {
    const base = k * m * n;
    for (const row of rows) for (let j = 0; j < n; j++) out[o++] = full[base + row * n + j];
    for (let row = 0; row < m; row++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += full[base + row * n + j];
      out[o++] = s / n;
    }
  }
  return out;
}

/** The checked outputs: on WebGPU from the fused kernel, elsewhere from batched tf.matMul. */
export async function productOutputs(ctx: BenchContext, c: MatmulCase): Promise<Float32Array> {
  const p = productInputs(ctx, c);
  let full: Float32Array;
  if (tf.getBackend() === 'webgpu') {
    const f = await fusedProduct(p);
    try {
      await f.run(1);
      full = await f.read();
    } finally {
      f.dispose();
    }
  } else {
    const t = tfProduct(p);
    try {
      full = await readAll(t.product());
    } finally {
      t.dispose();
    }
  }
  return probes(full, p.models, c.m, c.n);
}

/**
 * The same outputs by a cheaper route, for the CPU (whose full product of a K = 32 case takes seconds):
 * the probe rows from the rows (forward) or columns (weight gradient) of the batch they need, and the
 * row means as products with the other operand's row means.
 */
export async function productReference(ctx: BenchContext, c: MatmulCase): Promise<Float32Array> {
  const p = productInputs(ctx, c);
  const t = tfProduct(p);
  const rows = tf.tensor1d(probeRows(c.m), 'int32');
  const out = tf.tidy(() => {
    const other = t.other;
    const [full, means] =
      p.product === 'forward'
        ? [tf.matMul(tf.gather(t.xb, rows, 1), other), tf.matMul(t.xb, tf.mean(other, 2, true))]
        : [tf.matMul(tf.gather(t.xb, rows, 2), other, true), tf.matMul(t.xb, tf.mean(other, 2, true), true)];
    return tf.concat([tf.reshape(full, [p.models, -1]), tf.reshape(means, [p.models, -1])], 1);
  });
  tf.dispose(rows);
  t.dispose();
  return readAll(out);
}

/** GFLOP/s at 2·m·k·n FLOPs per model and product. */
export async function measureProduct(ctx: BenchContext, c: MatmulCase): Promise<MatmulFigures> {
  const p = productInputs(ctx, c);
  let kernel: string;
  let region: () => Promise<void>;
  let dispose: () => void;
  if (tf.getBackend() === 'webgpu') {
    const f = await fusedProduct(p);
    kernel = f.kernel;
    region = () => f.run(c.iters);
    dispose = f.dispose;
  } else {
    const t = tfProduct(p);
    kernel = 'batched tf.matMul';
    region = async () => {
      let last: tf.Tensor | null = null;
      for (let i = 0; i < c.iters; i++) {
        last?.dispose();
        last = t.product();
      }
      await settle(last!);
    };
    dispose = t.dispose;
  }
  try {
    const timed = await timeRegions(ctx.timing, region);
    const flops = 2 * p.models * c.m * c.k * c.n * c.iters;
    return {
      id: c.id,
      m: c.m,
      k: c.k,
      n: c.n,
      iters: c.iters,
      models: p.models,
      product: p.product,
      kernel,
      runsPerRegion: timed.runsPerRegion,
      gflops: mapStat(summarise(timed.ms), (x) => flops / x / 1e6),
    };
  } finally {
    dispose();
  }
}
