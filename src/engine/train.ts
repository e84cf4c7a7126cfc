/**
 * Trains one candidate for a fixed number of optimizer steps with a custom
 * loop. The loss is summed on the device and read back only every
 * `progressEvery` steps: reading it every step would stall the GPU queue
 * once per step. A non-finite loss at a read-back marks the child diverged.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers every gradient (the module differs for bundles and Node: see package.json#imports).
import '#gradients';
import { DataOrder } from '../core/data-order';
import { errorMessage } from '../core/errors';
import type { Genome } from '../core/genome';
import type { CandidateStatus } from '../core/runlog';
import { Heartbeat, trainResult, type TrainResult } from './train-result';
import { createRng, deriveSeed } from '../core/rng';
import type { Net } from '../../models/layers';
import { buildNet, readWeights } from '../../models/net';
import { StopSignal, yieldToHost, type RunControl } from './control';
import type { Split, TaskTensors } from './data';
import { assertTrainable } from './capabilities';
import { trainTyped, typedStepFor } from './typed-mlp/train';
import {
  disposeOptimizer,
  makeOptimizer,
  readOptimizerState,
  restoreOptimizer,
  stateFits,
  type OptimizerState,
} from './optimizer';

export { Heartbeat, trainResult, type TrainProgress, type TrainResult } from './train-result';

/** What training one candidate needs. */
export interface TrainRequest {
  genome: Genome;
  steps: number;
  /** Seed for initialisation, data order and dropout. */
  seed: number;
  progressEvery: number;
  /** Parent weights to start from (same shapes), or null for a fresh start. */
  init: Float32Array[] | null;
  /** The parent's optimizer state to continue from (ignored unless it fits the genome's optimizer and net). */
  initState?: OptimizerState | null;
  /** Return the optimizer's final state (`TrainResult.optimizerState`), to continue from later. */
  keepState?: boolean;
  onProgress?: (step: number, loss: number) => void;
  /**
   * Called with the steps the device has finished and the ms spent so far,
   * about once a second while steps are slow (a convnet on a software
   * adapter can take seconds a step, minutes before the first loss
   * read-back). Fast children never call it: see `Heartbeat`.
   */
  onSteps?: (step: number, ms: number) => void;
  control?: RunControl;
}

/** Loss and accuracy over a whole split, in chunks, with one read-back. */
export async function evaluate(net: Net, split: Split, chunk = 2048): Promise<{ loss: number; accuracy: number }> {
  let lossSum: tf.Scalar = tf.scalar(0);
  let correct: tf.Scalar = tf.scalar(0);
  for (let start = 0; start < split.n; start += chunk) {
    const size = Math.min(chunk, split.n - start);
    const [l, c] = tf.tidy(() => {
      const logits = net.apply(tf.slice(split.x, [start, 0], [size, -1]), false, 0);
      const loss = tf.losses.softmaxCrossEntropy(
        tf.slice(split.oneHot, [start, 0], [size, -1]),
        logits,
        undefined,
        0,
        tf.Reduction.SUM,
      );
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.slice(split.labels, [start], [size])), 'float32'));
      return [tf.add(lossSum, loss) as tf.Scalar, tf.add(correct, hits) as tf.Scalar];
    });
    lossSum.dispose();
    correct.dispose();
    lossSum = l;
    correct = c;
  }
  const [loss, hits] = await Promise.all([lossSum.data(), correct.data()]);
  tf.dispose([lossSum, correct]);
  return { loss: loss[0] / split.n, accuracy: hits[0] / split.n };
}

/** Evaluates stored weights on a split (used for champions' test accuracy). */
export async function evaluateWeights(
  genome: Genome,
  weights: Float32Array[],
  data: TaskTensors,
  split: Split,
): Promise<{ loss: number; accuracy: number }> {
  const net = buildNet(genome, data.info.inputShape, data.info.numClasses, createRng(0), weights);
  try {
    return await evaluate(net, split);
  } finally {
    net.dispose();
  }
}

/** Which examples of a split stored weights answer right (1) or wrong (0), in order. */
export async function answersOn(
  genome: Genome,
  weights: Float32Array[],
  data: TaskTensors,
  split: Split,
): Promise<Uint8Array> {
  const net = buildNet(genome, data.info.inputShape, data.info.numClasses, createRng(0), weights);
  try {
    const hits = tf.tidy(() => tf.cast(tf.equal(tf.argMax(net.apply(split.x, false, 0), 1), split.labels), 'int32'));
    const out = Uint8Array.from(await hits.data());
    hits.dispose();
    return out;
  } finally {
    net.dispose();
  }
}

/** Trains one candidate; never throws except StopSignal. Disposes everything it made. */
export async function trainCandidate(data: TaskTensors, req: TrainRequest): Promise<TrainResult> {
  // A small MLP on wasm: the same step in typed arrays (typed-mlp/), without tfjs's per-op cost.
  if (typedStepFor(req.genome, data)) {
    const [result] = await trainTyped(data, {
      jobs: [{ genome: req.genome, seed: req.seed, init: req.init, initState: req.initState }],
      steps: req.steps,
      progressEvery: req.progressEvery,
      onProgress: req.onProgress && ((_, step, loss) => req.onProgress!(step, loss)),
      onSteps: req.onSteps,
      control: req.control,
      keepState: req.keepState,
    });
    return result;
  }
  const started = performance.now();
  const rng = createRng(req.seed);
  const lossCurve: number[] = [];
  let net: Net | null = null;
  let optimizer: tf.Optimizer | null = null;
  let lossAcc: tf.Scalar | null = null;
  let stepsDone = 0;
  let trainLoss: number | null = null;
  const result = (status: CandidateStatus, extra: Partial<TrainResult> = {}): TrainResult =>
    trainResult(status, { stepsDone, trainLoss, lossCurve }, performance.now() - started, extra);
  try {
    assertTrainable(req.genome);
    net = buildNet(req.genome, data.info.inputShape, data.info.numClasses, rng, req.init);
    optimizer = makeOptimizer(req.genome.hyper);
    const sizes = net.variables.map((v) => v.size);
    if (req.initState && stateFits(req.initState, req.genome.hyper.optimizer, sizes))
      await restoreOptimizer(optimizer, req.initState, net.variables);
    const { train } = data;
    const wd = req.genome.hyper.weightDecay;
    // The same RNG, after the initial weights: the data order follows them (train-group.ts draws the same way).
    const order = new DataOrder(rng, train.n, Math.min(req.genome.hyper.batchSize, train.n));
    let since = 0;
    const beat = req.onSteps ? new Heartbeat(req.progressEvery) : null;
    lossAcc = tf.scalar(0);
    const theNet = net;
    const opt = optimizer;
    for (let step = 0; step < req.steps; step++) {
      if (req.control) await req.control.checkpoint();
      const idxHost = order.nextBatch();
      const stepSeed = deriveSeed(req.seed, 'dropout', step);
      const prev: tf.Scalar = lossAcc;
      lossAcc = tf.tidy(() => {
        const idx = tf.tensor1d(idxHost, 'int32');
        const xb = tf.gather(train.x, idx);
        const yb = tf.gather(train.oneHot, idx);
        const cost = opt.minimize(
          () => {
            const logits = theNet.apply(xb, true, stepSeed);
            let loss = tf.losses.softmaxCrossEntropy(yb, logits) as tf.Scalar;
            if (wd > 0)
              loss = tf.add(
                loss,
                tf.mul(0.5 * wd, tf.addN(theNet.kernels.map((k) => tf.sum(tf.square(k))))),
              ) as tf.Scalar;
            return loss;
          },
          true,
          theNet.variables,
        ) as tf.Scalar;
        return tf.add(prev, cost) as tf.Scalar;
      });
      prev.dispose();
      stepsDone = step + 1;
      since++;
      if (stepsDone % req.progressEvery === 0 || stepsDone === req.steps) {
        const mean = (await lossAcc.data())[0] / since;
        lossAcc.dispose();
        lossAcc = tf.scalar(0);
        since = 0;
        if (!Number.isFinite(mean))
          return result('diverged', { error: `training loss became ${mean} by step ${stepsDone}` });
        trainLoss = mean;
        lossCurve.push(mean);
        req.onProgress?.(stepsDone, mean);
        beat?.synced(stepsDone);
        await yieldToHost();
      } else if (beat?.due(stepsDone)) {
        // Reading the running sum waits for the device without changing it: the result is the same.
        await lossAcc.data();
        beat.synced(stepsDone);
        req.onSteps!(stepsDone, performance.now() - started);
        await yieldToHost();
      }
    }
    const val = await evaluate(net, data.validation);
    if (!Number.isFinite(val.loss)) return result('diverged', { error: `validation loss is ${val.loss}` });
    const weights = await readWeights(net);
    const state = req.keepState ? await readOptimizerState(optimizer, req.genome.hyper.optimizer, net.variables) : null;
    return result('ok', {
      valLoss: val.loss,
      valAccuracy: val.accuracy,
      weights,
      ...(state ? { optimizerState: state } : {}),
    });
  } catch (e) {
    if (e instanceof StopSignal) throw e;
    return result('failed', { error: errorMessage(e) });
  } finally {
    lossAcc?.dispose();
    if (optimizer) disposeOptimizer(optimizer);
    net?.dispose();
  }
}
