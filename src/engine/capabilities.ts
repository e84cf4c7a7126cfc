/**
 * What a backend can train. tfjs backends do not all register every
 * gradient kernel: tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter`
 * (the gradient of conv2d with respect to its filter), so a convnet fails
 * there at its first step with tfjs's bare "kernel not registered". The
 * guard below fails it up front with a message naming the fix instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../core/genome';

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
  throw new Error(`the ${backend} backend cannot train ${genome.arch.family === 'cnn' ? 'convnets' : `a ${genome.arch.family}`}: tfjs-backend-${backend} has no ${missing.join(', ')} kernel; use the cpu, webgl or webgpu backend`);
}
