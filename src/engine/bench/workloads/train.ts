/**
 * Training throughput of one genome: the engine's own training step (gather
 * a batch, forward, softmax cross-entropy, optimizer update, loss summed on
 * the device), timed over fixed step counts with one read-back per region.
 * Time to the first step (net build, first step, read-back) is measured
 * apart, by the correctness check, which runs first: on a GPU it is mostly
 * shader compilation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describeArch } from '../../../core/genome';
import { genomeCost } from '../../../core/cost';
import { DataOrder } from '../../../core/data-order';
import type { Net } from '../../../../models/layers';
import { buildNet } from '../../../../models/net';
import type { Split } from '../../data';
import { disposeOptimizer, makeOptimizer } from '../../optimizer';
import { assertTrainable } from '../../capabilities';
import type { BenchContext } from '../context';
import type { TrainFigures } from '../../../core/bench/result';
import { mapStat, summarise } from '../../../core/bench/stats';
import type { TrainCase } from '../../../core/bench/suite';
import { readAll, timeRegions } from '../timing';

/** Rows of the probe batch whose logits the check compares. */
const PROBE = 32;

/**
 * Adam's ε, fixed. tfjs otherwise takes it from the backend, and tfjs-webgl
 * 4.22 reports 16-bit precision (ε = 1e-4) even with float32 textures, while
 * every other backend uses 1e-7: the same genome would train differently.
 */
export const ADAM_EPSILON = 1e-7;

/** A case's minibatch order: the engine's epoch shuffle (core/data-order.ts), from the case's own RNG. */
export function caseDataOrder(ctx: Pick<BenchContext, 'rng'>, c: TrainCase, n: number): DataOrder {
  return new DataOrder(ctx.rng('batches', c.id), n, Math.min(c.genome.hyper.batchSize, n));
}

/** A net, its optimizer and a batch stream, ready to step. */
interface Trainer {
  net: Net;
  opt: tf.Optimizer;
  step(): tf.Scalar;
  /** Most bytes of live tensors seen at the end of a step, above what was live before the net was built (the data). */
  peakBytes: number;
  dispose(): void;
}

export function trainer(
  ctx: BenchContext,
  c: TrainCase,
  train: Split,
  inputShape: number[],
  numClasses: number,
): Trainer {
  const baseline = tf.memory().numBytes;
  const net = buildNet(c.genome, inputShape, numClasses, ctx.rng('init', c.id));
  // The same ε on every backend (see ADAM_EPSILON).
  const opt = makeOptimizer(c.genome.hyper, ADAM_EPSILON);
  const order = caseDataOrder(ctx, c, train.n);
  const { dropout } = c.genome.hyper;
  const t: Trainer = {
    net,
    opt,
    peakBytes: 0,
    step() {
      const idxHost = order.nextBatch();
      return tf.tidy(() => {
        const idx = tf.tensor1d(idxHost, 'int32');
        const xb = tf.gather(train.x, idx);
        const yb = tf.gather(train.oneHot, idx);
        const cost = opt.minimize(
          () => tf.losses.softmaxCrossEntropy(yb, net.apply(xb, dropout > 0, 0)) as tf.Scalar,
          true,
          net.variables,
        ) as tf.Scalar;
        // Inside the tidy the step's activations and gradients are still alive: this is the step's peak.
        t.peakBytes = Math.max(t.peakBytes, tf.memory().numBytes - baseline);
        return cost;
      });
    },
    dispose() {
      disposeOptimizer(opt);
      net.dispose();
    },
  };
  return t;
}

/** Losses of the first `checkSteps` steps, then logits of the first validation rows. */
export async function trainOutputs(ctx: BenchContext, c: TrainCase): Promise<Float32Array> {
  // A backend without the gradient kernels fails here with a message naming them, not tfjs's bare one.
  assertTrainable(c.genome);
  const data = await ctx.task(c.task);
  const started = performance.now();
  const t = trainer(ctx, c, data.train, data.info.inputShape, data.info.numClasses);
  try {
    const losses: number[] = [];
    for (let s = 0; s < c.checkSteps; s++) {
      losses.push(...(await readAll(t.step())));
      if (s === 0) ctx.firstStepMs.set(c.id, performance.now() - started);
    }
    const probe = Math.min(PROBE, data.validation.n);
    const logits = await readAll(
      tf.tidy(() => t.net.apply(tf.slice(data.validation.x, [0, 0], [probe, -1]), false, 0)),
    );
    return Float32Array.of(...losses, ...logits);
  } finally {
    t.dispose();
  }
}

/** Steps/s, samples/s and GFLOP/s over the suite's repeats, plus the check's time to the first step. */
export async function measureTrain(ctx: BenchContext, c: TrainCase): Promise<TrainFigures> {
  const data = await ctx.task(c.task);
  const { inputShape, numClasses } = data.info;
  const started = performance.now();
  const t = trainer(ctx, c, data.train, inputShape, numClasses);
  try {
    await readAll(t.step());
    const firstStepMs = ctx.firstStepMs.get(c.id) ?? performance.now() - started;
    const region = async () => {
      let sum: tf.Scalar = tf.scalar(0);
      for (let s = 0; s < c.steps; s++) {
        const cost = t.step();
        const next = tf.add(sum, cost) as tf.Scalar;
        tf.dispose([sum, cost]);
        sum = next;
      }
      const loss = (await readAll(sum))[0];
      if (!Number.isFinite(loss)) throw new Error(`training ${c.id} diverged (loss ${loss})`);
    };
    const timed = await timeRegions(ctx.timing, region);
    const ms = summarise(timed.ms);
    const batch = Math.min(c.genome.hyper.batchSize, data.train.n);
    const flopsPerStep = genomeCost(c.genome, inputShape, numClasses).flopsPerStep;
    const stepsPerSec = mapStat(ms, (x) => (c.steps * 1000) / x);
    return {
      id: c.id,
      task: c.task,
      model: describeArch(c.genome.arch),
      batch,
      steps: c.steps,
      flopsPerStep,
      firstStepMs,
      runsPerRegion: timed.runsPerRegion,
      stepsPerSec,
      samplesPerSec: mapStat(stepsPerSec, (x) => x * batch),
      gflops: mapStat(stepsPerSec, (x) => (x * flopsPerStep) / 1e9),
      peakBytes: t.peakBytes,
    };
  } finally {
    t.dispose();
  }
}
