/**
 * Small MLPs trained on the CPU without tfjs: each model's step is
 * model.ts's typed-array code and its optimizer optimizer.ts's, so a step of
 * a 2-32-2 model costs tens of microseconds instead of the hundred-odd tfjs
 * ops (each with its own dispatch, allocation and bookkeeping) that train.ts
 * issues. One trainer for a child alone (`trainCandidate` hands it over)
 * and for a group (`trainGroup`): a group is its models stepped in turn, so
 * a batched child computes exactly what it computes alone.
 *
 * Everything else is the tfjs trainers' own: initial weights from
 * `initialWeights` and the data order from `DataOrder`, drawn from
 * `createRng(seed)` in the same order; dropout uniforms from the Philox
 * draw every path shares (src/core/philox.ts); losses summed in float32 and read every
 * `progressEvery` steps, where a non-finite mean marks the child diverged
 * (it stops; the others go on); validation as train.ts's `evaluate`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DataOrder } from '../../core/data-order';
import { errorMessage } from '../../core/errors';
import type { Genome } from '../../core/genome';
import { uniformNoise } from '../../core/philox';
import { createRng, deriveSeed } from '../../core/rng';
import { initialWeights } from '../../../models/init';
import { StopSignal, yieldToHost, type RunControl } from '../control';
import type { TaskTensors } from '../data';
import type { OptimizerState } from '../optimizer';
import { Heartbeat, trainResult, type TrainResult } from '../train-result';
import { evaluateTyped, TypedMlp } from './model';
import { TypedOptimizer } from './optimizer';

/**
 * Backends whose small MLPs train through the typed-array step unless
 * `useTypedStep` says otherwise: wasm, where it is equal to the tfjs step to
 * float rounding. On cpu it is equal to the bit and much faster too, but it
 * is not the default there: tests of the page and the CLIs on cpu pause,
 * stop and reload runs mid-generation and count on children that take
 * that long (docs/population.md).
 */
export const TYPED_BACKENDS: readonly string[] = ['wasm'];

/**
 * Largest step, in multiply-adds (batch × weights), the typed-array step
 * takes: its loops run at about 1 multiply-add per nanosecond, while
 * tfjs-wasm's XNNPACK products are several times faster once a product is
 * large enough to hide tfjs's per-op cost.
 */
export const TYPED_MAX_WORK = 1 << 19;

/**
 * Whether the typed-array step trains `genome` on `backend` (else tfjs ops
 * do): any MLP — every activation, optimizer, weight decay and dropout a
 * genome can name — whose step is at most TYPED_MAX_WORK, on one of `backends`.
 */
export function typedStepCovers(
  genome: Genome,
  backend: string,
  inputSize: number,
  numClasses: number,
  backends: readonly string[] = TYPED_BACKENDS,
): boolean {
  if (!backends.includes(backend) || genome.arch.family !== 'mlp') return false;
  const dims = [inputSize, ...genome.arch.layers.map((l) => l.units), numClasses];
  const weights = dims.slice(1).reduce((s, d, i) => s + dims[i] * d + d, 0);
  return genome.hyper.batchSize * weights <= TYPED_MAX_WORK;
}

/** Least time between yields to the host at loss read-backs (a yield costs about a millisecond in Node). */
const YIELD_MS = 20;

let enabledOn: readonly string[] = TYPED_BACKENDS;

/**
 * Chooses the backends whose small MLPs take the typed-array step (`[]`:
 * tfjs ops everywhere, for comparisons); returns the previous choice.
 */
export function useTypedStep(backends: readonly string[]): readonly string[] {
  const before = enabledOn;
  enabledOn = backends;
  return before;
}

/** Whether `genome` trains through the typed-array step here, on the current backend. */
export function typedStepFor(genome: Genome, data: TaskTensors): boolean {
  const inputSize = data.info.inputShape.reduce((a, b) => a * b, 1);
  return typedStepCovers(genome, tf.getBackend(), inputSize, data.info.numClasses, enabledOn);
}

/** One model to train: as `TrainRequest` / `GroupMember` say. */
export interface TypedJob {
  genome: Genome;
  seed: number;
  init: Float32Array[] | null;
  initState?: OptimizerState | null;
}

/** What training typed jobs needs; every job trains for the same `steps`. */
export interface TypedRequest {
  jobs: TypedJob[];
  steps: number;
  progressEvery: number;
  /** At each read-back, for every job still training, in job order. */
  onProgress?: (job: number, step: number, loss: number) => void;
  /** A lone job's steps while it is slow (see `Heartbeat`). */
  onSteps?: (step: number, ms: number) => void;
  control?: RunControl;
  keepState?: boolean;
}

/** A job ready to step. */
interface Trainee {
  job: number;
  model: TypedMlp;
  optimizer: TypedOptimizer;
  order: DataOrder;
  idx: Int32Array;
  sum: number;
  lossCurve: number[];
  trainLoss: number | null;
  stepsDone: number;
}

/** Trains the jobs; one result per job, in order. Never throws except StopSignal. */
export async function trainTyped(data: TaskTensors, req: TypedRequest): Promise<TrainResult[]> {
  const started = performance.now();
  const { train, validation } = data;
  const { inputShape, numClasses } = data.info;
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  const results: (TrainResult | null)[] = req.jobs.map(() => null);
  const epsilon = tf.backend().epsilon();
  const trainees: Trainee[] = [];
  req.jobs.forEach((job, j) => {
    try {
      const arch = job.genome.arch;
      if (arch.family !== 'mlp') throw new Error('the typed-array step trains MLPs only');
      const rng = createRng(job.seed);
      // A copy: inherited weights are the parent's own arrays, which training must not touch.
      const weights = initialWeights(arch, inputShape, numClasses, rng, job.init).map((w) => w.slice());
      const h = job.genome.hyper;
      const order = new DataOrder(rng, train.n, Math.min(h.batchSize, train.n));
      const spec = {
        dims: [inputSize, ...arch.layers.map((l) => l.units), numClasses],
        activations: arch.layers.map((l) => l.activation),
        batch: order.batch,
        weightDecay: h.weightDecay,
        dropout: h.dropout,
      };
      const sizes = weights.map((w) => w.length);
      trainees.push({
        job: j,
        model: new TypedMlp(spec, weights),
        optimizer: new TypedOptimizer(h.optimizer, h.learningRate, sizes, epsilon, job.initState),
        order,
        idx: new Int32Array(order.batch),
        sum: 0,
        lossCurve: [],
        trainLoss: null,
        stepsDone: 0,
      });
    } catch (e) {
      results[j] = trainResult('failed', { stepsDone: 0, trainLoss: null, lossCurve: [] }, 0, {
        error: errorMessage(e),
      });
    }
  });
  const end = (t: Trainee, status: TrainResult['status'], extra: Partial<TrainResult> = {}) => {
    results[t.job] = trainResult(status, t, 0, extra);
  };
  let active = trainees;
  try {
    const beat = req.onSteps && req.jobs.length === 1 ? new Heartbeat(req.progressEvery) : null;
    let since = 0;
    let lastYield = performance.now();
    for (let step = 0; step < req.steps && active.length > 0; step++) {
      if (req.control) await req.control.checkpoint();
      for (const t of active) {
        t.order.next(t.idx);
        const seed = req.jobs[t.job].seed;
        // The dropout uniforms every path draws: Philox keyed by the step's dropout seed + the layer.
        const dropSeed = deriveSeed(seed, 'dropout', step);
        const noise = (l: number, rows: number, cols: number) => uniformNoise(dropSeed + l, rows, cols);
        const loss = t.model.lossAndGrads(train.xHost, train.labelsHost, t.idx, 0, noise);
        t.optimizer.apply(t.model.weights, t.model.grads);
        t.sum = Math.fround(t.sum + loss);
        t.stepsDone = step + 1;
      }
      since++;
      const stepNo = step + 1;
      if (stepNo % req.progressEvery === 0 || stepNo === req.steps) {
        for (const t of active) {
          const mean = t.sum / since;
          t.sum = 0;
          if (!Number.isFinite(mean)) {
            end(t, 'diverged', { error: `training loss became ${mean} by step ${stepNo}` });
            continue;
          }
          t.trainLoss = mean;
          t.lossCurve.push(mean);
          req.onProgress?.(t.job, stepNo, mean);
        }
        active = active.filter((t) => results[t.job] === null);
        since = 0;
        beat?.synced(stepNo);
        // Let the host's messages (pause, stop) in, but not every few microseconds of training.
        if (performance.now() - lastYield >= YIELD_MS) {
          await yieldToHost();
          lastYield = performance.now();
        }
      } else if (beat?.due(stepNo)) {
        beat.synced(stepNo);
        req.onSteps!(stepNo, performance.now() - started);
        await yieldToHost();
      }
    }
    for (const t of active) {
      const { lossSum, hits } = evaluateTyped(
        t.model.spec,
        t.model.weights,
        validation.xHost,
        validation.labelsHost,
        validation.n,
      );
      const valLoss = lossSum / validation.n;
      if (!Number.isFinite(valLoss)) end(t, 'diverged', { error: `validation loss is ${valLoss}` });
      else
        end(t, 'ok', {
          valLoss,
          valAccuracy: hits / validation.n,
          weights: t.model.weights,
          ...(req.keepState ? { optimizerState: t.optimizer.state() } : {}),
        });
    }
  } catch (e) {
    if (e instanceof StopSignal) throw e;
    for (const t of active) if (results[t.job] === null) end(t, 'failed', { error: errorMessage(e) });
  }
  // As in a group: each job is charged an equal part of the wall time.
  const ms = (performance.now() - started) / req.jobs.length;
  return results.map((r) => ({ ...r!, trainMs: ms }));
}
