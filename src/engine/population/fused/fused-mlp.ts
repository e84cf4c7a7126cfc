/// <reference types="@webgpu/types" />
/**
 * The fused batched step: an MLP group's training step as a handful of WGSL
 * dispatches on tfjs's own WebGPU device, instead of about a hundred tfjs
 * ops. Per step, for L hidden layers: L + 1 forward kernels (the first reads
 * the training set through the step's indices: no gather), one loss kernel
 * (softmax cross-entropy and its gradient), one kernel adding each model's
 * loss to its running sum (plus L + 1 weight-penalty kernels when a model
 * has weight decay), then per layer from the top a backward kernel (δ of the
 * layer below, with the old weights) and an update kernel (the layer's
 * gradient and the model's own optimizer step, in place). The three matrix
 * products are tiled kernels covering all K models in one dispatch each
 * (tiled.ts, tile sizes chosen from the device's limits). All in one
 * command buffer; bind groups are made once per group; the only per-step
 * uploads are the batch indices, each model's dropout seed and the Adam bias
 * corrections (queue.writeBuffer) — dropout noise is drawn on the device,
 * with the host's generator (kernels.ts: NOISE); nothing is read back inside the loop
 * except the loss sums when the trainer asks (every `progressEvery` steps).
 *
 * The weights live in the group's BatchedNet variables (their GPU buffers
 * are updated in place), so evaluation and weight read-back are the plain
 * path's. The plain tfjs step (stepper.ts) is the reference it is tested
 * against.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../../../core/genome';
import { median } from '../../../core/stats';
import type { GroupSetup, Stepper } from '../stepper';
import { ADAM_BETA1, ADAM_BETA2 } from '../../optimizer';
import {
  MAX_HIDDEN,
  modelConstants,
  packModels,
  packStep,
  STEP_BYTES,
  stateSlots,
  stepConstants,
  zeroLearningRate,
} from './layout';
import {
  bufferPool,
  makeBuffers,
  recordDispatches,
  type Dispatch,
  type Products,
  type WebGPUBackendLike,
} from './record';
import { forceTiles, tilesFor, tune, type Tuning } from './autotune';
import type { Tiles } from './tiled';

/** Whether the fused step can train these genomes here: MLPs, on the WebGPU backend. */
export function fusedSupported(genomes: readonly Genome[]): boolean {
  return (
    tf.getBackend() === 'webgpu' &&
    genomes.length > 0 &&
    genomes.every((g) => g.arch.family === 'mlp' && g.arch.layers.length <= MAX_HIDDEN)
  );
}

/**
 * Largest kernel weight count per model for which the fused step is the
 * default: the largest MLP where it was measured faster than the plain
 * batched path (784-256-10). On the software adapter at K = 8 (the table in
 * docs/population.md, *Where the fused step is used*) it was ahead at every
 * size measured from 2-32-2 to 784-256-10; deeper or wider MLPs are
 * unmeasured, so they keep tfjs's ops.
 */
export const FUSED_MAX_WEIGHTS = 784 * 256 + 256 * 10;

/** Whether the fused step is the better default for these genomes (see FUSED_MAX_WEIGHTS). */
export function fusedPreferred(genomes: readonly Genome[], inputSize: number, numClasses: number): boolean {
  if (!fusedSupported(genomes)) return false;
  return genomes.every((g) => {
    if (g.arch.family !== 'mlp') return false;
    const dims = [inputSize, ...g.arch.layers.map((l) => l.units), numClasses];
    return dims.slice(1).reduce((s, d, i) => s + dims[i] * d, 0) <= FUSED_MAX_WEIGHTS;
  });
}

/**
 * Multiply-adds per step (stepMultiplyAdds) from which the fused step's
 * products are tiled; below it they are the untiled one-thread-per-output
 * loops. Measured at K = 8 on the software adapter (docs/population.md,
 * *Where the fused step is used*): untiled ahead at 0.16 M (2-32-2, 26×)
 * and 1.3 M (2-256-2, 4.4×), even at 52 M (784-16-10), tiled ahead at
 * 0.21 G (784-64-10, 2.5×) and above; the threshold lies between 1.3 M
 * (untiled won) and 52 M (a tie). A group below it also does not wait for the
 * tile tuning (a pipeline compiled per candidate: seconds on a software
 * adapter).
 */
export const TILED_MIN_MULTIPLY_ADDS = 1 << 24;

/** Multiply-adds per step below which a group does not wait for the tile tuning: where its products are untiled. */
export const TUNE_MIN_MULTIPLY_ADDS = TILED_MIN_MULTIPLY_ADDS;

/** Whether a group's fused step takes the tiled products by default (see TILED_MIN_MULTIPLY_ADDS). */
export function tiledPreferred(k: number, batch: number, dims: readonly number[]): boolean {
  return stepMultiplyAdds(k, batch, dims) >= TILED_MIN_MULTIPLY_ADDS;
}

/** Multiply-adds of a group's products per step (forward and weight gradient; the input gradient above layer 0). */
export function stepMultiplyAdds(k: number, batch: number, dims: readonly number[]): number {
  return dims.slice(1).reduce((s, d, l) => s + k * batch * dims[l] * d * (l > 0 ? 3 : 2), 0);
}

/**
 * Tunes the tiled products' tile sizes for tfjs's WebGPU device, once (see
 * autotune.ts) — for a group of `multiplyAdds` per step only when that is
 * at least TUNE_MIN_MULTIPLY_ADDS. Null on other backends or when not tuned.
 */
export async function tuneFused(multiplyAdds = Infinity): Promise<Tuning | null> {
  if (tf.getBackend() !== 'webgpu' || multiplyAdds < TUNE_MIN_MULTIPLY_ADDS) return null;
  return tune((tf.backend() as unknown as WebGPUBackendLike).device);
}

/** Makes fused groups built from now on use `tiles` (null: the tuned ones) on tfjs's WebGPU device; see forceTiles. */
export function forceFusedTiles(tiles: Tiles | null): void {
  if (tf.getBackend() !== 'webgpu') throw new Error('fused tiles exist on the WebGPU backend only');
  forceTiles((tf.backend() as unknown as WebGPUBackendLike).device, tiles);
}

/**
 * Where the `step` buffer keeps what: the indices (K × B words) and each
 * model's dropout seed (K words), written by the host every step (`head`
 * words), then — when a model has dropout — each hidden layer's noise,
 * drawn on the device.
 */
function stepLayout(
  k: number,
  batch: number,
  dims: readonly number[],
  anyDropout: boolean,
): { head: number; words: number; noise: number[] | null } {
  const head = k * batch + k;
  if (!anyDropout) return { head, words: head, noise: null };
  const noise: number[] = [];
  let words = head;
  for (let l = 0; l < dims.length - 2; l++) {
    noise.push(words);
    words += k * batch * dims[l + 1];
  }
  return { head, words, noise };
}

/** One dispatch's time alone on the device (fused/record.ts labels them), ms: the median of the repeats. */
export interface DispatchTiming {
  label: string;
  ms: number;
}

/** The fused stepper, which can also time its step's dispatches one by one (for the benchmark's profile). */
export interface FusedStepper extends Stepper {
  /**
   * Sets up a step as `step` does, then submits each dispatch alone, `repeats` times, waiting for the
   * device after each: the step's time split by kernel (the waits add a fixed cost to every dispatch).
   * Trains the models `repeats` times over on the same batch.
   */
  profile(idx: Int32Array, dropoutSeeds: Uint32Array | null, repeats: number): Promise<DispatchTiming[]>;
}

/** The fused stepper for an MLP group on the WebGPU backend. */
export function fusedStepper(setup: GroupSetup): FusedStepper {
  const { net, genomes, batches, batch } = setup;
  if (!fusedSupported(genomes)) throw new Error('the fused step needs MLPs on the WebGPU backend');
  const backend = tf.backend() as unknown as WebGPUBackendLike;
  const { device, queue } = backend;
  const k = genomes.length;
  const dims = net.dims;
  const pool = bufferPool(device);
  try {
    const models = packModels(genomes.map((g, m) => modelConstants(g, batches[m], net.modelDims[m])));
    const anyDropout = genomes.some((g) => g.hyper.dropout > 0);
    const layout = stepLayout(k, batch, dims, anyDropout);
    const stepData = new Uint32Array(layout.head);
    const slots = stateSlots(genomes.map((g) => g.hyper.optimizer));
    const b = makeBuffers(pool, backend, setup, models.byteLength, layout.words, slots.slots);
    queue.writeBuffer(b.models, 0, models);
    // Small groups keep the untiled products unless told: on the software adapter a barrier-synchronised
    // workgroup costs more than their arithmetic (the measured rule: tiledPreferred).
    const untiled = setup.products === 'untiled' || (setup.products === undefined && !tiledPreferred(k, batch, dims));
    const products: Products = untiled ? { kind: 'untiled' } : { kind: 'tiled', tiles: tilesFor(device) };
    const dispatches = recordDispatches(device, pool, b, {
      dims,
      k,
      batch,
      noise: layout.noise,
      anyDecay: genomes.some((g) => g.hyper.weightDecay > 0),
      slotMom: slots.mom,
      slotAdam: slots.adam,
      products,
    });

    // Adam's running beta powers as tfjs keeps them: float32, multiplied after each step.
    const fr = Math.fround;
    let accBeta1 = fr(ADAM_BETA1);
    let accBeta2 = fr(ADAM_BETA2);
    const stepConstantsData = new Float32Array(STEP_BYTES / 4);
    const flushTfjs = () => {
      if (backend.commandEncoder) {
        backend.endComputePassEncoder();
        backend.submitQueue();
      }
    };

    const write = (idx: Int32Array, dropoutSeeds: Uint32Array | null) => {
      // tfjs's own pending work first, so these writes cannot overtake it.
      flushTfjs();
      stepData.set(idx);
      if (dropoutSeeds) stepData.set(dropoutSeeds, k * batch);
      queue.writeBuffer(b.step, 0, stepData);
      queue.writeBuffer(
        b.stepConstants,
        0,
        packStep(stepConstants(accBeta1, accBeta2, backend.epsilon()), stepConstantsData),
      );
    };
    const submit = (ds: readonly Dispatch[]) => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      for (const d of ds) {
        pass.setPipeline(d.pipeline);
        pass.setBindGroup(0, d.bindGroup);
        pass.dispatchWorkgroups(...d.grid);
      }
      pass.end();
      queue.submit([encoder.finish()]);
    };

    return {
      kernels: 'fused',
      step(idx: Int32Array, dropoutSeeds: Uint32Array | null) {
        write(idx, dropoutSeeds);
        submit(dispatches);
        accBeta1 = fr(accBeta1 * fr(ADAM_BETA1));
        accBeta2 = fr(accBeta2 * fr(ADAM_BETA2));
      },
      async profile(idx, dropoutSeeds, repeats) {
        write(idx, dropoutSeeds);
        await queue.onSubmittedWorkDone();
        const times = dispatches.map(() => [] as number[]);
        for (let r = 0; r < repeats; r++)
          for (const [i, d] of dispatches.entries()) {
            const t = performance.now();
            submit([d]);
            await queue.onSubmittedWorkDone();
            times[i].push(performance.now() - t);
          }
        return dispatches.map((d, i) => ({ label: d.label, ms: median(times[i]) }));
      },
      async takeLossSums() {
        flushTfjs();
        const encoder = device.createCommandEncoder();
        encoder.copyBufferToBuffer(b.acc, 0, b.lossRead, 0, k * 4);
        queue.submit([encoder.finish()]);
        await b.lossRead.mapAsync(GPUMapMode.READ);
        const sums = new Float32Array(b.lossRead.getMappedRange().slice(0));
        b.lossRead.unmap();
        queue.writeBuffer(b.acc, 0, new Float32Array(k));
        return sums;
      },
      freeze(keep) {
        flushTfjs();
        genomes.forEach((_, m) => {
          if (keep[m]) return;
          // Zero the model's slice of every weight and state buffer, and its learning rate.
          net.variables.forEach((v, i) => {
            const per = v.size / k;
            queue.writeBuffer(b.weights[i], m * per * 4, new Float32Array(per));
            for (let s = 0; s < slots.slots; s++)
              queue.writeBuffer(b.states[i], (s * v.size + m * per) * 4, new Float32Array(per));
          });
          zeroLearningRate(models, m);
        });
        queue.writeBuffer(b.models, 0, models);
      },
      dispose: pool.destroy,
    };
  } catch (e) {
    pool.destroy();
    throw e;
  }
}
