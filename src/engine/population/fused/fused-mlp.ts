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
 * gradient and the model's own optimizer step, in place). All in one
 * command buffer; bind groups are made once per group; the only per-step
 * uploads are the batch indices, dropout noise and the Adam bias
 * corrections (queue.writeBuffer); nothing is read back inside the loop
 * except the loss sums when the trainer asks (every `progressEvery` steps).
 *
 * The weights live in the group's BatchedNet variables (their GPU buffers
 * are updated in place), so evaluation and weight read-back are the plain
 * path's. The plain tfjs step (stepper.ts) is the reference it is tested
 * against.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../../../core/genome';
import type { GroupSetup, Noise, Stepper } from '../stepper';
import { ADAM_BETA1, ADAM_BETA2, MOMENTUM } from '../../optimizer';
import {
  BACKWARD_INPUT, FORWARD, LOSS, LOSS_SUM, M_ACTS, M_BATCH, M_DIMS, M_HALF_WD, M_KEEP, M_NEG_LR, M_OPT, MODEL_STRIDE, NONE, PARAMS_WORDS, PENALTY, UPDATE, WORKGROUP,
} from './kernels';

/** The parts of tfjs-backend-webgpu's backend this module uses. */
interface WebGPUBackendLike {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: object): { resource: GPUBuffer | null } | undefined };
  uploadToGPU(dataId: object): void;
  commandEncoder: GPUCommandEncoder | null;
  endComputePassEncoder(): void;
  submitQueue(): void;
  epsilon(): number;
}

const ACTIVATION_CODES: Record<string, number> = { relu: 0, tanh: 1, sigmoid: 2, elu: 3 };
const OPTIMIZER_CODES: Record<string, number> = { sgd: 0, momentum: 1, adam: 2 };

/** Whether the fused step can train these genomes here: MLPs, on the WebGPU backend. */
export function fusedSupported(genomes: readonly Genome[]): boolean {
  return tf.getBackend() === 'webgpu' && genomes.length > 0 && genomes.every((g) => g.arch.family === 'mlp' && g.arch.layers.length <= 8);
}

/**
 * Largest weight count per model for which the fused step is the default.
 * Its kernels are plain loops (one thread per output, no tiling): they win
 * where dispatch overhead dominates — small models — and lose to tfjs's
 * tiled matMul where arithmetic does (784-256-10 on the software adapter:
 * about half the plain path's throughput). Unmeasured on a real GPU.
 */
export const FUSED_MAX_WEIGHTS = 65_536;

/** Whether the fused step is the better default for these genomes (see FUSED_MAX_WEIGHTS). */
export function fusedPreferred(genomes: readonly Genome[], inputSize: number, numClasses: number): boolean {
  if (!fusedSupported(genomes)) return false;
  return genomes.every((g) => {
    if (g.arch.family !== 'mlp') return false;
    const dims = [inputSize, ...g.arch.layers.map((l) => l.units), numClasses];
    return dims.slice(1).reduce((s, d, i) => s + dims[i] * d, 0) <= FUSED_MAX_WEIGHTS;
  });
}

const pipelineCache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();
function pipeline(device: GPUDevice, name: string, code: string): GPUComputePipeline {
  let cache = pipelineCache.get(device);
  if (!cache) pipelineCache.set(device, (cache = new Map()));
  let p = cache.get(name);
  if (!p) {
    p = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    cache.set(name, p);
  }
  return p;
}

/** A recorded dispatch: pipeline, bind group, workgroups. */
interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  x: number;
  y: number;
}

/** The fused stepper for an MLP group on the WebGPU backend. */
export function fusedStepper({ net, genomes, batches, batch, data }: GroupSetup): Stepper {
  if (!fusedSupported(genomes)) throw new Error('the fused step needs MLPs on the WebGPU backend');
  const backend = tf.backend() as unknown as WebGPUBackendLike;
  const { device, queue } = backend;
  const k = genomes.length;
  const dims = net.dims;
  const depth = dims.length - 2;
  const classes = dims[depth + 1];
  const owned: GPUBuffer[] = [];
  const maxPerDim = device.limits.maxComputeWorkgroupsPerDimension;

  const buffer = (bytes: number, usage: GPUBufferUsageFlags, label: string) => {
    if ((usage & GPUBufferUsage.STORAGE) !== 0 && bytes > device.limits.maxStorageBufferBindingSize) {
      throw new Error(`fused step: ${label} needs ${bytes} bytes, over this device's ${device.limits.maxStorageBufferBindingSize}-byte binding limit`);
    }
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage, label });
    owned.push(b);
    return b;
  };
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  /** The GPU buffer behind a tensor (uploading it first if it still lives on the CPU). */
  const gpuBuffer = (t: tf.Tensor): GPUBuffer => {
    backend.uploadToGPU(t.dataId);
    const r = backend.tensorMap.get(t.dataId)?.resource;
    if (!r) throw new Error('tensor has no GPU buffer');
    return r;
  };

  try {
    // Per-model constants.
    const models = new Uint32Array(k * MODEL_STRIDE);
    const f32 = new Float32Array(models.buffer);
    genomes.forEach((g, m) => {
      const o = m * MODEL_STRIDE;
      models[o + M_BATCH] = batches[m];
      models[o + M_OPT] = OPTIMIZER_CODES[g.hyper.optimizer];
      f32[o + M_NEG_LR] = -g.hyper.learningRate;
      f32[o + M_HALF_WD] = 0.5 * g.hyper.weightDecay;
      f32[o + M_KEEP] = 1 - g.hyper.dropout;
      net.modelDims[m].forEach((d, i) => (models[o + M_DIMS + i] = d));
      if (g.arch.family === 'mlp') g.arch.layers.forEach((l, i) => (models[o + M_ACTS + i] = ACTIVATION_CODES[l.activation]));
    });
    const modelBuf = buffer(models.byteLength, STORAGE, 'models');
    queue.writeBuffer(modelBuf, 0, models);

    // Per-step data: indices, then each hidden layer's dropout noise.
    const noiseOffsets: number[] = [];
    let words = k * batch;
    for (let l = 0; l < depth; l++) {
      noiseOffsets.push(words);
      words += k * batch * dims[l + 1];
    }
    const anyDropout = genomes.some((g) => g.hyper.dropout > 0);
    const stepWords = anyDropout ? words : k * batch;
    const stepBuf = buffer(stepWords * 4, STORAGE, 'step');
    const stepData = new Uint32Array(stepWords);
    const stepFloats = new Float32Array(stepData.buffer);

    // Activations (post-activation, before dropout) and deltas per layer; losses.
    const acts = dims.slice(1).map((d, l) => buffer(k * batch * d * 4, STORAGE, `act${l}`));
    const deltas = dims.slice(1).map((d, l) => buffer(k * batch * d * 4, STORAGE, `delta${l}`));
    const rowLoss = buffer(k * batch * 4, STORAGE, 'rowLoss');
    const pen = buffer(k * 4, STORAGE, 'penalty');
    const acc = buffer(k * 4, STORAGE, 'lossSums');
    const readBuf = buffer(k * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'lossRead');
    // Optimizer state per variable: [momentum | Adam m | Adam v].
    const states = net.variables.map((v, i) => buffer(3 * v.size * 4, STORAGE, `state${i}`));
    const stepUniform = buffer(8 * 4, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'adam');

    const xTrain = gpuBuffer(data.train.x);
    const labels = gpuBuffer(data.train.labels);
    const weights = net.variables.map(gpuBuffer);
    const noiseIn = (l: number) => (l > 0 && anyDropout ? noiseOffsets[l - 1] : NONE);

    const dispatches: Dispatch[] = [];
    const add = (name: string, code: string, params: number[], resources: GPUBuffer[], threads: number, uniform2?: GPUBuffer) => {
      const pl = pipeline(device, name, code);
      const u = buffer(PARAMS_WORDS * 4, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, `${name}-params`);
      queue.writeBuffer(u, 0, new Uint32Array([...params, threads].concat(new Array(PARAMS_WORDS).fill(0)).slice(0, PARAMS_WORDS)));
      const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: u } }];
      let binding = 1;
      if (uniform2) entries.push({ binding: binding++, resource: { buffer: uniform2 } });
      for (const r of resources) entries.push({ binding: binding++, resource: { buffer: r } });
      const groups = Math.max(1, Math.ceil(threads / WORKGROUP));
      const x = Math.min(groups, maxPerDim);
      dispatches.push({ pipeline: pl, bindGroup: device.createBindGroup({ layout: pl.getBindGroupLayout(0), entries }), x, y: Math.ceil(groups / x) });
    };
    // params: K, B, din, dout, layer, noiseIn, hidden (then total).
    for (let l = 0; l <= depth; l++) {
      add('forward', FORWARD, [k, batch, dims[l], dims[l + 1], l, noiseIn(l), l < depth ? 1 : 0], [weights[2 * l], weights[2 * l + 1], l === 0 ? xTrain : acts[l - 1], stepBuf, modelBuf, acts[l]], k * batch * dims[l + 1]);
    }
    add('loss', LOSS, [k, batch, dims[depth], classes, depth, NONE, 0], [acts[depth], labels, stepBuf, modelBuf, deltas[depth], rowLoss], k * batch);
    if (genomes.some((g) => g.hyper.weightDecay > 0)) {
      for (let l = 0; l <= depth; l++) add('penalty', PENALTY, [k, batch, dims[l], dims[l + 1], l, NONE, 0], [weights[2 * l], modelBuf, pen], k);
    }
    add('lossSum', LOSS_SUM, [k, batch, 0, 0, 0, NONE, 0], [rowLoss, modelBuf, pen, acc], k);
    for (let l = depth; l >= 0; l--) {
      if (l > 0) add('backward', BACKWARD_INPUT, [k, batch, dims[l], dims[l + 1], l, noiseIn(l), 0], [weights[2 * l], deltas[l], acts[l - 1], stepBuf, modelBuf, deltas[l - 1]], k * batch * dims[l]);
      add('update', UPDATE, [k, batch, dims[l], dims[l + 1], l, noiseIn(l), 0],
        [weights[2 * l], weights[2 * l + 1], states[2 * l], states[2 * l + 1], l === 0 ? xTrain : acts[l - 1], stepBuf, deltas[l], modelBuf], k * (dims[l] + 1) * dims[l + 1], stepUniform);
    }

    // Adam's running beta powers as tfjs keeps them: float32, multiplied after each step.
    const fr = Math.fround;
    let accBeta1 = fr(ADAM_BETA1);
    let accBeta2 = fr(ADAM_BETA2);
    const adam = new Float32Array(8);
    const flushTfjs = () => {
      if (backend.commandEncoder) {
        backend.endComputePassEncoder();
        backend.submitQueue();
      }
    };

    return {
      kernels: 'fused',
      step(idx: Int32Array, noise: Noise[] | null) {
        // tfjs's own pending work first, so these writes cannot overtake it.
        flushTfjs();
        stepData.set(idx);
        if (noise) noise.forEach((u, l) => stepFloats.set(u.values, noiseOffsets[l]));
        queue.writeBuffer(stepBuf, 0, stepData);
        adam.set([fr(1 - accBeta1), fr(1 - accBeta2), ADAM_BETA1, ADAM_BETA2, 1 - ADAM_BETA1, 1 - ADAM_BETA2, backend.epsilon(), MOMENTUM]);
        queue.writeBuffer(stepUniform, 0, adam);
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        for (const d of dispatches) {
          pass.setPipeline(d.pipeline);
          pass.setBindGroup(0, d.bindGroup);
          pass.dispatchWorkgroups(d.x, d.y);
        }
        pass.end();
        queue.submit([encoder.finish()]);
        accBeta1 = fr(accBeta1 * fr(ADAM_BETA1));
        accBeta2 = fr(accBeta2 * fr(ADAM_BETA2));
      },
      async takeLossSums() {
        flushTfjs();
        const encoder = device.createCommandEncoder();
        encoder.copyBufferToBuffer(acc, 0, readBuf, 0, k * 4);
        queue.submit([encoder.finish()]);
        await readBuf.mapAsync(GPUMapMode.READ);
        const sums = new Float32Array(readBuf.getMappedRange().slice(0));
        readBuf.unmap();
        queue.writeBuffer(acc, 0, new Float32Array(k));
        return sums;
      },
      freeze(keep) {
        flushTfjs();
        genomes.forEach((_, m) => {
          if (keep[m]) return;
          // Zero the model's slice of every weight and state buffer, and its learning rate.
          net.variables.forEach((v, i) => {
            const per = v.size / k;
            queue.writeBuffer(weights[i], m * per * 4, new Float32Array(per));
            for (let s = 0; s < 3; s++) queue.writeBuffer(states[i], (s * v.size + m * per) * 4, new Float32Array(per));
          });
          f32[m * MODEL_STRIDE + M_NEG_LR] = 0;
        });
        queue.writeBuffer(modelBuf, 0, models);
      },
      dispose() {
        for (const b of owned) b.destroy();
      },
    };
  } catch (e) {
    for (const b of owned) b.destroy();
    throw e;
  }
}
