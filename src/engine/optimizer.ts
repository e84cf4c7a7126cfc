/**
 * The optimizers a genome can name, and their constants: one definition for
 * every trainer (train.ts through tfjs's optimizers, population/optimizers.ts
 * and the fused WGSL update, which repeat tfjs's formulas for K models, and
 * the benchmark's training workload). Batched equals alone only while they
 * all use these numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Hyperparams, OptimizerName } from '../core/genome';

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

/**
 * An optimizer's state, to continue training where it stopped (PBT's
 * members, ASHA's promotions): the steps it has taken (Adam's bias
 * correction depends on them) and its slots — none for sgd, the
 * accumulations for momentum, the first then the second moments for Adam —
 * each one array per variable, in the net's variable order and shapes.
 */
export interface OptimizerState {
  optimizer: OptimizerName;
  iterations: number;
  slots: Float32Array[][];
}

/** The names tfjs gives each optimizer's state slots (`<variable>/<suffix>`); their count is the slots per variable. */
const SLOT_SUFFIX: Record<OptimizerName, string[]> = { sgd: [], momentum: ['momentum'], adam: ['m', 'v'] };
/** How many state slots each optimizer keeps per variable. */
export const STATE_SLOTS: Record<OptimizerName, number> = { sgd: 0, momentum: 1, adam: 2 };

/** Whether a saved state fits an optimizer and variables of these sizes (else training starts it fresh). */
export function stateFits(
  state: OptimizerState | null | undefined,
  optimizer: OptimizerName,
  sizes: readonly number[],
): boolean {
  return (
    !!state &&
    state.optimizer === optimizer &&
    state.slots.length === STATE_SLOTS[optimizer] &&
    state.slots.every((slot) => slot.length === sizes.length && slot.every((a, i) => a.length === sizes[i]))
  );
}

/** Loads a saved state into a fresh tfjs optimizer for `variables` (through tfjs's own setWeights). */
export async function restoreOptimizer(
  opt: tf.Optimizer,
  state: OptimizerState,
  variables: readonly tf.Variable[],
): Promise<void> {
  // setWeights assigns by position, in the order tfjs applies gradients: the keys of a map by variable name.
  const order = Object.keys(Object.fromEntries(variables.map((v, i) => [v.name, i]))).map((name) =>
    variables.findIndex((v) => v.name === name),
  );
  const named: Parameters<tf.Optimizer['setWeights']>[0] = [
    { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') },
  ];
  state.slots.forEach((slot, s) => {
    for (const i of order)
      named.push({
        name: `${variables[i].name}/${SLOT_SUFFIX[state.optimizer][s]}`,
        tensor: tf.tensor(slot[i], variables[i].shape, 'float32'),
      });
  });
  try {
    await opt.setWeights(named);
  } finally {
    // setWeights makes variables of them, which keep their own reference.
    tf.dispose(named.map((n) => n.tensor));
  }
}

/** Reads a tfjs optimizer's state for `variables` (copies, in their order), or null before its first step. */
export async function readOptimizerState(
  opt: tf.Optimizer,
  optimizer: OptimizerName,
  variables: readonly tf.Variable[],
): Promise<OptimizerState | null> {
  const [iter, ...rest] = await opt.getWeights();
  const iterations = (await iter.tensor.data())[0];
  iter.tensor.dispose();
  const n = STATE_SLOTS[optimizer];
  if (rest.length !== n * variables.length) return null;
  const per = variables.length;
  const slots: Float32Array[][] = [];
  for (let s = 0; s < n; s++) {
    // tfjs lists a slot's variables in the order it met their gradients: match them to `variables` by name.
    const group = rest.slice(s * per, (s + 1) * per);
    const byName = new Map(group.map((x) => [x.name.slice(0, x.name.lastIndexOf('/')), x.tensor]));
    slots.push(
      await Promise.all(variables.map(async (v) => ((await byName.get(v.name)!.data()) as Float32Array).slice())),
    );
  }
  return { optimizer, iterations, slots };
}
