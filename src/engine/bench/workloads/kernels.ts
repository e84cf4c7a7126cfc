/**
 * Kernels on their own: matmul, conv2d, and a chain of small element-wise
 * ops. Inputs come from the suite's seed. Each timed region issues `iters`
 * ops and reads back one element of the last result; the queue runs in
 * order, so that read-back waits for all of them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BenchContext } from '../context';
import type { ConvFigures, DispatchFigures, MatmulFigures } from '../../../core/bench/result';
import { mapStat, summarise } from '../../../core/bench/stats';
import type { ConvCase, DispatchCase, MatmulCase } from '../../../core/bench/suite';
import { readAll, settle, timeRegions, uniformArray } from '../timing';

/** Operands scaled so every output is of order 1 and an absolute tolerance means the same on every shape. */
function matmulInputs(ctx: BenchContext, c: MatmulCase): [tf.Tensor2D, tf.Tensor2D] {
  const r = ctx.rng('matmul', c.id);
  const a = tf.tensor2d(uniformArray(c.m * c.k, r.next), [c.m, c.k]);
  const b = tf.tensor2d(uniformArray(c.k * c.n, r.next, 1 / Math.sqrt(c.k)), [c.k, c.n]);
  return [a, b];
}

const probeRows = (m: number) => Array.from(new Set([0, m >> 1, m - 1]));

/** Three full rows of A·B, then every row's mean. */
export async function matmulOutputs(ctx: BenchContext, c: MatmulCase): Promise<Float32Array> {
  const [a, b] = matmulInputs(ctx, c);
  const out = tf.tidy(() => {
    const prod = tf.matMul(a, b);
    return tf.concat([tf.reshape(tf.gather(prod, probeRows(c.m)), [-1]), tf.mean(prod, 1)]);
  });
  tf.dispose([a, b]);
  return readAll(out);
}

/** The same outputs by a cheaper route for the CPU: rows of A times B, and A times B's row means. */
export async function matmulReference(ctx: BenchContext, c: MatmulCase): Promise<Float32Array> {
  const [a, b] = matmulInputs(ctx, c);
  const out = tf.tidy(() =>
    tf.concat([
      tf.reshape(tf.matMul(tf.gather(a, probeRows(c.m)), b), [-1]),
      tf.reshape(tf.matMul(a, tf.mean(b, 1, true)), [-1]),
    ]),
  );
  tf.dispose([a, b]);
  return readAll(out);
}

/** GFLOP/s at 2·m·k·n FLOPs per product. */
export async function measureMatmul(ctx: BenchContext, c: MatmulCase): Promise<MatmulFigures> {
  const [a, b] = matmulInputs(ctx, c);
  try {
    const timed = await timeRegions(ctx.timing, async () => {
      let last: tf.Tensor | null = null;
      for (let i = 0; i < c.iters; i++) {
        last?.dispose();
        last = tf.matMul(a, b);
      }
      await settle(last!);
    });
    const ms = summarise(timed.ms);
    const flops = 2 * c.m * c.k * c.n * c.iters;
    return {
      id: c.id,
      m: c.m,
      k: c.k,
      n: c.n,
      iters: c.iters,
      runsPerRegion: timed.runsPerRegion,
      gflops: mapStat(ms, (x) => flops / x / 1e6),
    };
  } finally {
    tf.dispose([a, b]);
  }
}

function convInputs(ctx: BenchContext, c: ConvCase): [tf.Tensor4D, tf.Tensor4D] {
  const r = ctx.rng('conv', c.id);
  const x = tf.tensor4d(uniformArray(c.batch * c.size * c.size * c.cin, r.next), [c.batch, c.size, c.size, c.cin]);
  const w = tf.tensor4d(
    uniformArray(c.kernel * c.kernel * c.cin * c.cout, r.next, 1 / Math.sqrt(c.kernel * c.kernel * c.cin)),
    [c.kernel, c.kernel, c.cin, c.cout],
  );
  return [x, w];
}

/** The first example's output map, then the batch mean of every output position. */
export async function convOutputs(ctx: BenchContext, c: ConvCase): Promise<Float32Array> {
  const [x, w] = convInputs(ctx, c);
  const out = tf.tidy(() => {
    const y = tf.conv2d(x, w, 1, 'same');
    return tf.concat([tf.reshape(tf.slice(y, [0, 0, 0, 0], [1, -1, -1, -1]), [-1]), tf.reshape(tf.mean(y, 0), [-1])]);
  });
  tf.dispose([x, w]);
  return readAll(out);
}

/** GFLOP/s at 2·k²·cin·cout FLOPs per output position. */
export async function measureConv(ctx: BenchContext, c: ConvCase): Promise<ConvFigures> {
  const [x, w] = convInputs(ctx, c);
  try {
    const timed = await timeRegions(ctx.timing, async () => {
      let last: tf.Tensor | null = null;
      for (let i = 0; i < c.iters; i++) {
        last?.dispose();
        last = tf.conv2d(x, w, 1, 'same');
      }
      await settle(last!);
    });
    const ms = summarise(timed.ms);
    const flops = 2 * c.kernel * c.kernel * c.cin * c.cout * c.size * c.size * c.batch * c.iters;
    const { id, batch, size, cin, cout, kernel, iters } = c;
    return {
      id,
      batch,
      size,
      cin,
      cout,
      kernel,
      iters,
      runsPerRegion: timed.runsPerRegion,
      gflops: mapStat(ms, (v) => flops / v / 1e6),
    };
  } finally {
    tf.dispose([x, w]);
  }
}

/** `ops` alternating add / multiply by scalars: values stay bounded, every op depends on the last. */
function chain(x: tf.Tensor, ops: number, add: tf.Scalar, mul: tf.Scalar): tf.Tensor {
  let h = x;
  for (let i = 0; i < ops; i++) {
    const next = i % 2 === 0 ? tf.add(h, add) : tf.mul(h, mul);
    if (h !== x) h.dispose();
    h = next;
  }
  return h;
}

function dispatchInputs(ctx: BenchContext, c: DispatchCase): [tf.Tensor, tf.Scalar, tf.Scalar] {
  return [tf.tensor1d(uniformArray(c.size, ctx.rng('dispatch', c.id).next)), tf.scalar(0.01), tf.scalar(0.99)];
}

/** The chain's final values. */
export async function dispatchOutputs(ctx: BenchContext, c: DispatchCase): Promise<Float32Array> {
  const [x, add, mul] = dispatchInputs(ctx, c);
  const out = chain(x, c.ops, add, mul);
  tf.dispose([x, add, mul]);
  return readAll(out);
}

/** Wall time per op, in µs: on a GPU, the cost of one dispatch of a tiny kernel. */
export async function measureDispatch(ctx: BenchContext, c: DispatchCase): Promise<DispatchFigures> {
  const [x, add, mul] = dispatchInputs(ctx, c);
  try {
    const timed = await timeRegions(ctx.timing, () => settle(chain(x, c.ops, add, mul)));
    const ms = summarise(timed.ms);
    return {
      id: c.id,
      ops: c.ops,
      size: c.size,
      runsPerRegion: timed.runsPerRegion,
      usPerOp: mapStat(ms, (v) => (v * 1000) / c.ops),
    };
  } finally {
    tf.dispose([x, add, mul]);
  }
}
