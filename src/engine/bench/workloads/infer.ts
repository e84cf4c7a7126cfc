/**
 * Inference throughput: forward passes of a freshly initialised genome over
 * a fixed number of training-split examples, a batch at a time, with the
 * predictions reduced on the device and read back once per region.
 */
import * as tf from '@tensorflow/tfjs-core';
import { genomeCost } from '../../../core/cost';
import { describeArch } from '../../../core/genome';
import { buildNet } from '../../../../models/net';
import type { BenchContext } from '../context';
import type { InferFigures } from '../../../core/bench/result';
import { mapStat, summarise } from '../../../core/bench/stats';
import type { InferCase } from '../../../core/bench/suite';
import { readAll, timeRegions } from '../timing';

async function withNet<T>(
  ctx: BenchContext,
  c: InferCase,
  f: (apply: (start: number, size: number) => tf.Tensor2D, n: number) => Promise<T>,
): Promise<T> {
  const data = await ctx.task(c.task);
  if (c.samples > data.train.n)
    throw new Error(`infer ${c.id}: ${c.samples} samples but the ${c.task} training split has ${data.train.n}`);
  const net = buildNet(c.genome, data.info.inputShape, data.info.numClasses, ctx.rng('infer', c.id));
  try {
    return await f((start, size) => net.apply(tf.slice(data.train.x, [start, 0], [size, -1]), false, 0), data.train.n);
  } finally {
    net.dispose();
  }
}

/** Logits of the first batch (at most 64 rows). */
export function inferOutputs(ctx: BenchContext, c: InferCase): Promise<Float32Array> {
  return withNet(ctx, c, (apply) => readAll(tf.tidy(() => apply(0, Math.min(64, c.batch, c.samples)))));
}

/** Samples/s and GFLOP/s (analytic forward FLOPs) over the suite's repeats. */
export async function measureInfer(ctx: BenchContext, c: InferCase): Promise<InferFigures> {
  const data = await ctx.task(c.task);
  const timed = await withNet(ctx, c, async (apply) => {
    const region = async () => {
      let acc: tf.Scalar = tf.scalar(0);
      for (let start = 0; start < c.samples; start += c.batch) {
        const size = Math.min(c.batch, c.samples - start);
        const prev = acc;
        // Summing the predicted classes makes the read-back depend on every batch.
        acc = tf.tidy(() => tf.add(prev, tf.sum(tf.argMax(apply(start, size), 1))) as tf.Scalar);
        prev.dispose();
      }
      await readAll(acc);
    };
    return timeRegions(ctx.timing, region);
  });
  const ms = summarise(timed.ms);
  const forward = genomeCost(c.genome, data.info.inputShape, data.info.numClasses).forwardFlops;
  const samplesPerSec = mapStat(ms, (x) => (c.samples * 1000) / x);
  return {
    id: c.id,
    task: c.task,
    model: describeArch(c.genome.arch),
    samples: c.samples,
    batch: c.batch,
    runsPerRegion: timed.runsPerRegion,
    samplesPerSec,
    gflops: mapStat(samplesPerSec, (x) => (x * forward) / 1e9),
  };
}
