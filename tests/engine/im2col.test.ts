/**
 * The im2col kernels (models/im2col.ts) against the slice-and-concat im2col
 * they replace on the CPU-side backends, on the CPU and the real wasm
 * backend: the windows equal bit for bit, their gradient to float rounding
 * (the same k·k terms summed in another order), nothing leaked.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend';
import { prepareNode } from '../../src/engine/node-host';
import { referenceWindows as slicedWindows, windows } from '../../models/im2col';
// Registers every gradient (tf.grad needs them).
import '#gradients';

beforeAll(prepareNode);

describe.each(['cpu', 'wasm'] as const)('the im2col kernels on %s', (backend) => {
  beforeAll(async () => {
    expect((await selectBackend(backend)).backend).toBe(backend);
  });

  it.each([
    [[2, 5, 6, 3], 3],
    [[3, 7, 4, 2], 5],
    [[1, 4, 4, 1], 3],
    [[2, 3, 3, 4], 1],
  ] as [[number, number, number, number], number][])('input %j, kernel %i: windows and gradient', (shape, kernel) => {
    const before = tf.memory().numTensors;
    const { want, got, gWant, gGot } = tf.tidy(() => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 1) as tf.Tensor4D;
      const rw = tf.randomNormal([...shape.slice(0, 3), kernel * kernel * shape[3]], 0, 1, 'float32', 3);
      // d Σ(windows(x) · rw) / dx, both ways.
      const gradOf = (f: (x: tf.Tensor4D, k: number) => tf.Tensor4D) =>
        tf
          .grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor4D, kernel), rw)))(x)
          .dataSync();
      return {
        want: slicedWindows(x, kernel).dataSync(),
        got: windows(x, kernel).dataSync(),
        gWant: gradOf(slicedWindows),
        gGot: gradOf(windows),
      };
    });
    expect(Array.from(got)).toEqual(Array.from(want));
    let diff = 0;
    for (let i = 0; i < gWant.length; i++) diff = Math.max(diff, Math.abs(gWant[i] - gGot[i]));
    expect(Math.max(...Array.from(gWant, Math.abs))).toBeGreaterThan(1);
    expect(diff).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });
});
