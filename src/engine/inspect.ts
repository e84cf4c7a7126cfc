/**
 * What a trained model learned, for the page to draw: for a 2-D task, the
 * class-1 probability over a grid (a decision boundary, as in TensorFlow
 * Playground) plus the test points and the model's calls on them; for digits,
 * the first test images with the model's predictions.
 *
 * It takes a genome and its final weights (the loop hands a champion's to its
 * host through `LoopHost.onChampion`), so it can inspect any saved champion
 * without the run that trained it. Everything returned is plain typed arrays.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../core/genome';
import { SCALE } from '../core/points2d';
import { createRng } from '../core/rng';
import type { TaskName } from '../core/tasks';
import { TASKS } from '../core/tasks';
import { buildNet } from '../../models/net';
import { loadHostData, type AssetLoader, type HostSplits } from './data';

/** A model to inspect on its task's test split. */
export interface InspectRequest {
  task: TaskName;
  /** The run's seed: 2-D tasks generate their points from it. */
  seed: number;
  genome: Genome;
  weights: Float32Array[];
}

/** A 2-D model's decision boundary over the test points. */
export interface BoundaryInspection {
  kind: 'boundary';
  /** The grid spans [-extent, extent] on both axes. */
  extent: number;
  /** Cells per side. */
  resolution: number;
  /** P(class 1) per cell, row-major, first row at the top (largest y). */
  probs: Float32Array;
  /** Test points as [x0, y0, x1, y1, …], their labels and the model's predictions. */
  points: Float32Array;
  labels: Int32Array;
  predicted: Int32Array;
  accuracy: number;
}

/** A digits model's predictions on the first test images. */
export interface DigitsInspection {
  kind: 'digits';
  count: number;
  /** 28×28 grey levels (0–255) per image, row-major. */
  pixels: Uint8Array;
  labels: Int32Array;
  predicted: Int32Array;
  /** Softmax probability of the predicted class. */
  confidence: Float32Array;
  accuracy: number;
}

/** What `inspectModel` returns, by task kind. */
export type Inspection = BoundaryInspection | DigitsInspection;

/** Grid cells per side: fine enough to see the boundary, small enough to be instant. */
export const BOUNDARY_RESOLUTION = 72;
/** Test digits shown. */
export const DIGITS_SHOWN = 60;

// The host data of the last task inspected: decoding digits takes a moment, and
// the page asks again each time the champion changes.
let cached: { key: string; data: Promise<HostSplits> } | null = null;

function hostData(task: TaskName, seed: number, loadAsset: AssetLoader): Promise<HostSplits> {
  const key = TASKS[task].kind === 'images' ? task : `${task}/${seed}`;
  if (cached?.key !== key) {
    cached = { key, data: loadHostData(task, seed, loadAsset) };
    cached.data.catch(() => (cached = null));
  }
  return cached.data;
}

/** Softmax probabilities of a batch of inputs, read back to the host. */
async function predict(req: InspectRequest, x: Float32Array, n: number, features: number): Promise<Float32Array> {
  const info = TASKS[req.task];
  const net = buildNet(req.genome, info.inputShape, info.numClasses, createRng(0), req.weights);
  try {
    const probs = tf.tidy(() => tf.softmax(net.apply(tf.tensor2d(x, [n, features]), false, 0)));
    const out = (await probs.data()).slice() as Float32Array;
    probs.dispose();
    return out;
  } finally {
    net.dispose();
  }
}

function argmaxRows(
  probs: Float32Array,
  n: number,
  classes: number,
): { predicted: Int32Array; confidence: Float32Array } {
  const predicted = new Int32Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + k]) k = c;
    predicted[i] = k;
    confidence[i] = probs[i * classes + k];
  }
  return { predicted, confidence };
}

const accuracyOf = (labels: Int32Array, predicted: Int32Array) =>
  labels.reduce((s, y, i) => s + (y === predicted[i] ? 1 : 0), 0) / Math.max(1, labels.length);

/** Runs the model on its task's test split (and, for 2-D tasks, a grid). */
export async function inspectModel(req: InspectRequest, loadAsset: AssetLoader): Promise<Inspection> {
  await tf.ready();
  const info = TASKS[req.task];
  const data = await hostData(req.task, req.seed, loadAsset);
  const test = data.splits.test;
  if (info.kind === 'points2d') {
    const res = BOUNDARY_RESOLUTION;
    const extent = SCALE * 1.2;
    const grid = new Float32Array(res * res * 2);
    for (let r = 0; r < res; r++) {
      for (let c = 0; c < res; c++) {
        grid[2 * (r * res + c)] = -extent + ((c + 0.5) / res) * 2 * extent;
        grid[2 * (r * res + c) + 1] = extent - ((r + 0.5) / res) * 2 * extent;
      }
    }
    const n = test.y.length;
    const both = new Float32Array(grid.length + test.x.length);
    both.set(grid);
    both.set(test.x, grid.length);
    const p = await predict(req, both, res * res + n, 2);
    const probs = new Float32Array(res * res);
    for (let i = 0; i < res * res; i++) probs[i] = p[2 * i + 1];
    const { predicted } = argmaxRows(p.subarray(2 * res * res), n, 2);
    return {
      kind: 'boundary',
      extent,
      resolution: res,
      probs,
      points: test.x.slice(),
      labels: test.y.slice(),
      predicted,
      accuracy: accuracyOf(test.y, predicted),
    };
  }
  const count = Math.min(DIGITS_SHOWN, test.y.length);
  const features = data.features;
  const x = test.x.subarray(0, count * features);
  const p = await predict(req, x, count, features);
  const { predicted, confidence } = argmaxRows(p, count, info.numClasses);
  const pixels = Uint8Array.from(x, (v) => Math.round(v * 255));
  const labels = test.y.slice(0, count);
  return { kind: 'digits', count, pixels, labels, predicted, confidence, accuracy: accuracyOf(labels, predicted) };
}
