/**
 * What a backend can train. tfjs backends do not all register every
 * gradient kernel: tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter`
 * (the gradient of conv2d with respect to its filter), so a convnet fails
 * there at its first step with tfjs's bare "kernel not registered". The
 * guard below fails it up front with a message naming the fix instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../core/genome';
import { cnnPerExampleFloats } from '../../models/batched-cnn';

/** Kernels training a family needs beyond what every backend has. */
const TRAINING_KERNELS: Record<Genome['arch']['family'], string[]> = {
  mlp: [],
  cnn: ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'],
};

/** Kernels that training `genome` needs and `backend` lacks (empty: it can train it). */
export function missingTrainingKernels(genome: Genome, backend: string = tf.getBackend()): string[] {
  return TRAINING_KERNELS[genome.arch.family].filter((k) => tf.getKernel(k, backend) === undefined);
}

/** Throws a message naming the backend, the missing kernels and the way out, unless `backend` can train `genome`. */
export function assertTrainable(genome: Genome, backend: string = tf.getBackend()): void {
  const missing = missingTrainingKernels(genome, backend);
  if (missing.length === 0) return;
  throw new Error(
    `the ${backend} backend cannot train ` +
      `${genome.arch.family === 'cnn' ? 'convnets' : `a ${genome.arch.family}`}: ` +
      `tfjs-backend-${backend} has no ${missing.join(', ')} kernel; use the cpu, webgl or ` +
      `webgpu backend`,
  );
}

/**
 * Largest tensor, in floats, the im2col path may build where it stands in
 * for missing conv gradients. tfjs-backend-wasm's heap is one WebAssembly
 * memory of at most a few GiB: a convnet whose windows passed about 140 M
 * floats ran out of it (with batch 256), and an out-of-bounds access there
 * leaves the backend broken for every later candidate. 2^27 floats (512 MiB)
 * is below that; the largest that trained in a 40-run digits sweep was 105 M.
 */
export const IM2COL_MAX_FLOATS = 2 ** 27;

/** Why a convnet is too large for the im2col path (its windows of a whole batch), or null if it fits. */
export function im2colTooLarge(genome: Genome, inputShape: number[], backend: string = tf.getBackend()): string | null {
  if (genome.arch.family !== 'cnn') return null;
  const floats = cnnPerExampleFloats(genome.arch, inputShape) * genome.hyper.batchSize;
  if (floats <= IM2COL_MAX_FLOATS) return null;
  return (
    `too large for the ${backend} backend: without conv gradients it trains convnets ` +
    `through im2col, which needs a ${(floats / 1e6).toFixed(0)} M-float tensor here ` +
    `(batch ${genome.hyper.batchSize}; the limit is ` +
    `${(IM2COL_MAX_FLOATS / 1e6).toFixed(0)} M); use the cpu, webgl or webgpu backend, ` +
    `or a smaller batch`
  );
}
