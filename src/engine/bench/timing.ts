/**
 * Timed regions. A region issues its work and ends by awaiting one small
 * read-back (`await t.data()`), so the clock stops only when the GPU has
 * finished — without a read-back per step, which would stall the queue and
 * measure latency instead of throughput. Warm-up regions run first and are
 * not timed: they compile shaders and grow buffer pools.
 */
import * as tf from '@tensorflow/tfjs-core';
import { yieldToHost } from '../control';

/** Runs `region` `warmup` times untimed, then `repeats` times timed; returns the timed durations in ms. */
export async function timeRegions(warmup: number, repeats: number, region: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) {
    await region();
    await yieldToHost();
  }
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await region();
    // Browsers coarsen the clock (to 0.1 ms without cross-origin isolation): never report a zero duration.
    out.push(Math.max(performance.now() - t, 1e-3));
    await yieldToHost();
  }
  return out;
}

/** Waits for `t` to be computed by reading back one element; disposes `t`. */
export async function settle(t: tf.Tensor): Promise<void> {
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), [0], [1]));
  await one.data();
  tf.dispose([one, t]);
}

/** Reads a tensor back as a fresh Float32Array (safe to keep: the CPU backend returns its own buffer) and disposes it. */
export async function readAll(t: tf.Tensor): Promise<Float32Array> {
  const v = Float32Array.from(await t.data());
  t.dispose();
  return v;
}

/** Uniform values in [-scale, scale) from a seeded generator: the same inputs on every backend. */
export function uniformArray(size: number, next: () => number, scale = 1): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}
