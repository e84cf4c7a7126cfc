/**
 * Equivalence of batched and alone training, for the tests (Node, CPU) and
 * the browser test (WebGPU): the same children, seeds and data order trained
 * each alone with `trainCandidate` and together with `trainGroup`, and how
 * far apart their weights and metrics end up.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../../core/genome';
import type { Split, TaskTensors } from '../data';
import { trainCandidate, type TrainResult } from '../train';
import type { KernelPath } from './stepper';
import { trainGroup } from './train-group';

/** Differences between alone and batched training of the same children. */
export interface Equivalence {
  /** Status of each child alone and batched. */
  status: { alone: string; batched: string }[];
  /** Largest |w_alone − w_batched| over every weight of every ok child. */
  maxWeightDiff: number;
  /** Largest difference of the validation loss / accuracy / final train loss. */
  maxValLossDiff: number;
  maxValAccuracyDiff: number;
  maxTrainLossDiff: number;
  /** Largest difference between loss-curve points. */
  maxCurveDiff: number;
  /** Whether every loss curve has the same length alone and batched. */
  curveLengthsMatch: boolean;
  /** How many children, and their steps done, alone and batched. */
  stepsDone: { alone: number; batched: number }[];
}

const diff = (a: number | null, b: number | null) =>
  a === null || b === null ? (a === b ? 0 : Infinity) : Math.abs(a - b);

/** Compares the results of the same children trained alone (a) and batched (b). */
export function compareResults(a: TrainResult[], b: TrainResult[]): Equivalence {
  const out: Equivalence = {
    status: a.map((r, i) => ({ alone: r.status, batched: b[i].status })),
    maxWeightDiff: 0,
    maxValLossDiff: 0,
    maxValAccuracyDiff: 0,
    maxTrainLossDiff: 0,
    maxCurveDiff: 0,
    curveLengthsMatch: true,
    stepsDone: a.map((r, i) => ({ alone: r.stepsDone, batched: b[i].stepsDone })),
  };
  a.forEach((x, i) => {
    const y = b[i];
    if (x.weights && y.weights) {
      x.weights.forEach((w, v) => {
        if (w.length !== y.weights![v].length) out.maxWeightDiff = Infinity;
        else
          for (let j = 0; j < w.length; j++)
            out.maxWeightDiff = Math.max(out.maxWeightDiff, Math.abs(w[j] - y.weights![v][j]));
      });
    } else if (x.weights !== y.weights) out.maxWeightDiff = Infinity;
    out.maxValLossDiff = Math.max(out.maxValLossDiff, diff(x.valLoss, y.valLoss));
    out.maxValAccuracyDiff = Math.max(out.maxValAccuracyDiff, diff(x.valAccuracy, y.valAccuracy));
    out.maxTrainLossDiff = Math.max(out.maxTrainLossDiff, diff(x.trainLoss, y.trainLoss));
    if (x.lossCurve.length !== y.lossCurve.length) out.curveLengthsMatch = false;
    x.lossCurve.forEach((l, j) => (out.maxCurveDiff = Math.max(out.maxCurveDiff, diff(l, y.lossCurve[j] ?? null))));
  });
  return out;
}

/** One child of an equivalence check. */
export interface CheckChild {
  genome: Genome;
  seed: number;
  init?: Float32Array[] | null;
}

/** Trains the children alone and batched from the same seeds; returns both and their differences. */
export async function checkEquivalence(
  data: TaskTensors,
  children: CheckChild[],
  steps: number,
  progressEvery: number,
  kernels?: KernelPath,
): Promise<{ alone: TrainResult[]; batched: TrainResult[]; diff: Equivalence; groupError?: string }> {
  const alone: TrainResult[] = [];
  for (const c of children)
    alone.push(
      await trainCandidate(data, { genome: c.genome, steps, seed: c.seed, progressEvery, init: c.init ?? null }),
    );
  const { results: batched, groupError } = await trainGroup(data, {
    members: children.map((c) => ({ genome: c.genome, seed: c.seed, init: c.init ?? null })),
    steps,
    progressEvery,
    kernels,
  });
  return { alone, batched, diff: compareResults(alone, batched), ...(groupError ? { groupError } : {}) };
}

/**
 * The task with only the first `n` validation examples (new tensors; free
 * them with `disposeSplit`): evaluating convnets on the whole split is slow
 * on the CPU backend and on a software adapter, and tests do not need it.
 */
export function withValidationSubset(data: TaskTensors, n: number): TaskTensors {
  const v = data.validation;
  const m = Math.min(n, v.n);
  const validation: Split = {
    n: m,
    x: tf.slice(v.x, [0, 0], [m, -1]),
    labels: tf.slice(v.labels, [0], [m]),
    oneHot: tf.slice(v.oneHot, [0, 0], [m, -1]),
    xHost: v.xHost.subarray(0, m * v.x.shape[1]),
    labelsHost: v.labelsHost.subarray(0, m),
  };
  return { ...data, validation, dispose: () => tf.dispose([validation.x, validation.labels, validation.oneHot]) };
}

/** A kernel path of checkPaths: `fused-untiled` is the fused step with its untiled product kernels. */
export type CheckPath = KernelPath | 'fused-untiled';

/** Trains the children alone once and batched once per kernel path; the differences per path. */
export async function checkPaths(
  data: TaskTensors,
  children: CheckChild[],
  steps: number,
  progressEvery: number,
  paths: CheckPath[],
): Promise<Record<string, { diff: Equivalence; groupError?: string }>> {
  const alone: TrainResult[] = [];
  for (const c of children)
    alone.push(
      await trainCandidate(data, { genome: c.genome, steps, seed: c.seed, progressEvery, init: c.init ?? null }),
    );
  const out: Record<string, { diff: Equivalence; groupError?: string }> = {};
  for (const path of paths) {
    const { results, groupError } = await trainGroup(data, {
      members: children.map((c) => ({ genome: c.genome, seed: c.seed, init: c.init ?? null })),
      steps,
      progressEvery,
      kernels: path === 'fused-untiled' ? 'fused' : path,
      fusedProducts: path === 'fused-untiled' ? 'untiled' : 'tiled',
    });
    out[path] = { diff: compareResults(alone, results), ...(groupError ? { groupError } : {}) };
  }
  return out;
}
