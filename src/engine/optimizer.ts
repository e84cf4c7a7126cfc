/**
 * The optimizers a genome can name, and their constants: one definition for
 * every trainer (train.ts through tfjs's optimizers, population/optimizers.ts
 * and the fused WGSL update, which repeat tfjs's formulas for K models, and
 * the benchmark's training workload). Batched equals alone only while they
 * all use these numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Hyperparams } from '../core/genome';

/** Momentum of the `momentum` optimizer. */
export const MOMENTUM = 0.9;
/** Adam's decay rates (tfjs's defaults); its ε is the backend's unless a caller fixes it. */
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;

/** A fresh optimizer for the genome's hyperparameters; `adamEpsilon` replaces the backend's ε. */
export function makeOptimizer(h: Hyperparams, adamEpsilon?: number): tf.Optimizer {
  switch (h.optimizer) {
    case 'sgd':
      return tf.train.sgd(h.learningRate);
    case 'momentum':
      return tf.train.momentum(h.learningRate, MOMENTUM);
    case 'adam':
      return tf.train.adam(h.learningRate, ADAM_BETA1, ADAM_BETA2, adamEpsilon);
  }
}

/**
 * Frees an optimizer and all its state. tfjs 4.22's MomentumOptimizer.dispose
 * skips the learning-rate scalar its SGD base keeps, so free that too
 * (disposing a tensor twice is a no-op).
 */
export function disposeOptimizer(opt: tf.Optimizer): void {
  opt.dispose();
  (opt as unknown as { c?: tf.Tensor }).c?.dispose();
}
