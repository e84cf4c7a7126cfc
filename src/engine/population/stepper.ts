/**
 * One training step of a batched group, two ways. `plainStepper` runs the
 * step as tfjs ops (gather, forward, per-model loss, one gradient, the
 * stacked optimizer): the reference, on every backend. The fused stepper
 * (fused/fused-mlp.ts) runs the same step as a handful of WGSL kernels on
 * tfjs's WebGPU device. Both keep per-model loss sums on the device, read
 * back only when the trainer asks.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../../core/genome';
import type { BatchedNet } from '../../../models/batched';
import type { TaskTensors } from '../data';
import { lossConstants, stackedSoftmaxCrossEntropy } from './loss';
import { perModel, stackedOptimizer, type StackedState } from './optimizers';
import { dropoutNoise } from './dropout';

/** Which kernels run a batched step. */
export type KernelPath = 'tfjs' | 'fused';

/** What a stepper is built from. */
export interface GroupSetup {
  net: BatchedNet;
  genomes: Genome[];
  /** Each model's batch size, and the largest (the padded batch). */
  batches: number[];
  batch: number;
  data: TaskTensors;
  /** The fused step's products: tiled, or untiled; by default as tiledPreferred says (fused-mlp.ts). */
  products?: 'tiled' | 'untiled';
  /** Optimizer state to continue from (only the plain stepper takes it). */
  state?: StackedState;
}

/** Runs the steps of one group. */
export interface Stepper {
  kernels: KernelPath;
  /**
   * One optimizer step of every model; `idx` holds K × batch training-set
   * indices, model-major, and `dropoutSeeds` each model's dropout seed for
   * this step (dropout.ts: stepSeeds), or null when no model has dropout.
   */
  step(idx: Int32Array, dropoutSeeds: Uint32Array | null): void;
  /** Each model's sum of losses since the last call (one read-back), then resets them. */
  takeLossSums(): Promise<Float32Array>;
  /** Freezes the models whose `keep` is false (diverged): zero weights, state and learning rate. */
  freeze(keep: readonly boolean[]): void;
  dispose(): void;
}

/** The reference step: tfjs ops, one gradient of the summed per-model losses, the stacked optimizer. */
export function plainStepper({ net, genomes, batches, batch, data, state }: GroupSetup): Stepper {
  const kk = genomes.length;
  const { train } = data;
  const numClasses = data.info.numClasses;
  const features = train.x.shape[1];
  const constants: tf.Tensor[] = [];
  const keepConst = <T extends tf.Tensor>(t: T): T => (constants.push(t), t);
  const opt = stackedOptimizer(
    genomes.map((g) => g.hyper.optimizer),
    genomes.map((g) => g.hyper.learningRate),
    net.variables.map((v) => v.shape),
    net.style,
    state,
  );
  try {
    const sameBatch = batches.every((b) => b === batch);
    // Per-model constants: batch sizes and sample masks (padded batches), weight decay, dropout keep rates.
    const batchSizes = keepConst(tf.tensor1d(batches));
    const sampleMask = sameBatch
      ? null
      : keepConst(
          tf.tensor2d(
            batches.flatMap((b) => Array.from({ length: batch }, (_, j) => (j < b ? 1 : 0))),
            [kk, batch],
          ),
        );
    const decays = genomes.map((g) => g.hyper.weightDecay);
    const halfDecay = decays.some((d) => d > 0) ? keepConst(tf.tensor1d(decays.map((d) => 0.5 * d))) : null;
    const rates = genomes.map((g) => g.hyper.dropout);
    const native = net.style === 'native';
    // Keep rates per model: [K, 1, 1], or at each hidden layer's full [K, B, width] shape (see perModel).
    const keepProb = rates.some((r) => r > 0)
      ? net.dims.slice(1, -1).map((w) =>
          keepConst(
            perModel(
              rates.map((r) => 1 - r),
              native ? [kk, 1, 1] : [kk, batch, w],
            ),
          ),
        )
      : null;
    const ones = keepConst(tf.ones([kk]) as tf.Tensor1D);
    const lossConst = lossConstants(kk, numClasses);
    constants.push(lossConst.onesRow, lossConst.onesColumn);
    const kernelIdx = net.variables.map((_, i) => i).filter((i) => i % 2 === 0);
    let lossAcc: tf.Tensor1D = tf.zeros([kk]);

    return {
      kernels: 'tfjs',
      step(idxHost, dropoutSeeds) {
        const noise = dropoutSeeds && dropoutNoise(net, rates, dropoutSeeds, batches, batch);
        const prev = lossAcc;
        lossAcc = tf.tidy(() => {
          const idx = tf.tensor1d(idxHost, 'int32');
          const xb = tf.reshape(tf.gather(train.x, idx), [kk, batch, features]) as tf.Tensor3D;
          const yb = tf.reshape(tf.gather(train.oneHot, idx), [kk, batch, numClasses]) as tf.Tensor3D;
          // tf.dropout's multiplier: floor(u + keep) / keep.
          const masks = noise?.map((u, l) =>
            tf.div(tf.floor(tf.add(tf.tensor3d(u.values, u.shape), keepProb![l])), keepProb![l]),
          );
          const perModelLoss = (...ws: tf.Tensor[]): tf.Tensor1D => {
            const logits = net.forward(ws, xb, masks ? (l) => masks[l] : undefined);
            const ce = stackedSoftmaxCrossEntropy(yb, logits, lossConst, net.style);
            // Each model's mean over its own batch (padded rows weigh 0).
            let loss = tf.div(tf.sum(sampleMask ? tf.mul(ce, sampleMask) : ce, 1), batchSizes) as tf.Tensor1D;
            if (halfDecay)
              loss = tf.add(
                loss,
                tf.mul(halfDecay, tf.addN(kernelIdx.map((i) => tf.sum(tf.square(ws[i]), [1, 2])))),
              ) as tf.Tensor1D;
            return loss;
          };
          // d(Σ_k loss_k)/dθ_k = d loss_k/dθ_k: each model gets its own gradient.
          const { value, grads } = tf.valueAndGrads(perModelLoss)(net.variables, ones);
          opt.apply(
            net.variables,
            grads.map((g, i) => (net.gradMasks[i] ? tf.mul(g, net.gradMasks[i]!) : g)),
          );
          return tf.add(prev, value) as tf.Tensor1D;
        });
        prev.dispose();
      },
      async takeLossSums() {
        const sums = (await lossAcc.data()) as Float32Array;
        lossAcc.dispose();
        lossAcc = tf.zeros([kk]);
        return sums;
      },
      freeze: (keep) => opt.freeze(net.variables, keep),
      dispose() {
        lossAcc.dispose();
        tf.dispose(constants);
        opt.dispose();
      },
    };
  } catch (e) {
    tf.dispose(constants);
    opt.dispose();
    throw e;
  }
}
