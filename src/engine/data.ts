/**
 * A task's data as tensors, made once per run and kept on the backend for
 * every candidate: 2-D points generated from the run's seed, digits decoded
 * from the packed asset. Labels are kept both as int32 (for accuracy) and
 * one-hot (for the loss), plus a CPU copy for displays.
 */
import * as tf from '@tensorflow/tfjs-core';
import { splitPoints, type PointTask } from '../core/points2d';
import type { TaskInfo, TaskName } from '../core/tasks';
import { TASKS } from '../core/tasks';
import { decodeDigits, PIXELS } from '../core/digits-format';

/** One split on the backend. */
export interface Split {
  n: number;
  /** Inputs, [n, features] (images flattened; models reshape). */
  x: tf.Tensor2D;
  labels: tf.Tensor1D;
  oneHot: tf.Tensor2D;
  /** CPU copies for displays and checks. */
  xHost: Float32Array;
  labelsHost: Int32Array;
}

/** A task's three splits. Selection uses validation only. */
export interface TaskTensors {
  info: TaskInfo;
  train: Split;
  validation: Split;
  test: Split;
  dispose(): void;
}

/** Fetches a static asset by name: `fetch` in a page, `readFile` in Node. */
export type AssetLoader = (name: string) => Promise<ArrayBuffer>;

function makeSplit(xHost: Float32Array, labelsHost: Int32Array, features: number, classes: number): Split {
  const n = labelsHost.length;
  return tf.tidy(() => {
    const labels = tf.tensor1d(labelsHost, 'int32');
    return {
      n,
      x: tf.keep(tf.tensor2d(xHost, [n, features])),
      labels: tf.keep(labels),
      oneHot: tf.keep(tf.cast(tf.oneHot(labels, classes), 'float32') as tf.Tensor2D),
      xHost,
      labelsHost,
    };
  });
}

/** Host-side arrays of the three splits, before they become tensors. */
export interface HostSplits {
  features: number;
  splits: Record<'train' | 'validation' | 'test', { x: Float32Array; y: Int32Array }>;
}

/** Builds the task's data on the host (no tensors). */
export async function loadHostData(name: TaskName, seed: number, loadAsset: AssetLoader): Promise<HostSplits> {
  const info = TASKS[name];
  const { train, validation, test } = info.splits;
  if (info.kind === 'points2d') {
    // Each split gets its own stream so sizes can change without reshuffling the others.
    const make = (split: 'train' | 'validation' | 'test', n: number) => {
      const p = splitPoints(name as PointTask, seed, split, n);
      return { x: p.x, y: p.y };
    };
    return {
      features: 2,
      splits: { train: make('train', train), validation: make('validation', validation), test: make('test', test) },
    };
  }
  const digits = decodeDigits(await loadAsset('digits.bin'));
  if (digits.count < train + validation + test)
    throw new Error(`digits asset has ${digits.count} samples, need ${train + validation + test}`);
  const slice = (from: number, n: number) => {
    const x = new Float32Array(n * PIXELS);
    for (let i = 0; i < n * PIXELS; i++) x[i] = digits.pixels[from * PIXELS + i] / 255;
    return { x, y: Int32Array.from(digits.labels.subarray(from, from + n)) };
  };
  // Fixed ranges of the pre-shuffled asset: the split never depends on the seed.
  return {
    features: PIXELS,
    splits: { train: slice(0, train), validation: slice(train, validation), test: slice(train + validation, test) },
  };
}

/** Loads a task onto the current backend. */
export async function loadTask(name: TaskName, seed: number, loadAsset: AssetLoader): Promise<TaskTensors> {
  const info = TASKS[name];
  const host = await loadHostData(name, seed, loadAsset);
  const mk = (k: 'train' | 'validation' | 'test') =>
    makeSplit(host.splits[k].x, host.splits[k].y, host.features, info.numClasses);
  const splits = { train: mk('train'), validation: mk('validation'), test: mk('test') };
  return {
    info,
    ...splits,
    dispose() {
      for (const s of Object.values(splits)) tf.dispose([s.x, s.labels, s.oneHot]);
    },
  };
}
