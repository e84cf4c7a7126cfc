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
import { ADAM_BETA1, ADAM_BETA2 } from '../../optimizer';
import { BACKWARD_INPUT, FORWARD, LOSS, LOSS_SUM, PENALTY, UPDATE, WORKGROUP } from './kernels';
import {
  MAX_HIDDEN,
  modelConstants,
  NONE,
  packModels,
  packParams,
  packStep,
  PARAMS_BYTES,
  STEP_BYTES,
  stepConstants,
  zeroLearningRate,
  type DispatchParams,
} from './layout';

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

/** Whether the fused step can train these genomes here: MLPs, on the WebGPU backend. */
export function fusedSupported(genomes: readonly Genome[]): boolean {
  return (
    tf.getBackend() === 'webgpu' &&
    genomes.length > 0 &&
    genomes.every((g) => g.arch.family === 'mlp' && g.arch.layers.length <= MAX_HIDDEN)
  );
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
    p = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code }), entryPoint: 'main', constants: { WG: WORKGROUP } },
    });
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

/** GPU buffers made for one group, destroyed together. */
function bufferPool(device: GPUDevice) {
  const owned: GPUBuffer[] = [];
  return {
    make(bytes: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
      if ((usage & GPUBufferUsage.STORAGE) !== 0 && bytes > device.limits.maxStorageBufferBindingSize) {
        throw new Error(
          `fused step: ${label} needs ${bytes} bytes, over this device's ${device.limits.maxStorageBufferBindingSize}-byte binding limit`,
        );
      }
      const b = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage, label });
      owned.push(b);
      return b;
    },
    destroy: () => owned.forEach((b) => b.destroy()),
  };
}
type BufferPool = ReturnType<typeof bufferPool>;

/** Where the per-step `step` buffer keeps what: the indices (K × B words), then each hidden layer's dropout noise. */
function stepLayout(
  k: number,
  batch: number,
  dims: readonly number[],
  anyDropout: boolean,
): { words: number; noiseOffsets: number[] } {
  const noiseOffsets: number[] = [];
  let words = k * batch;
  for (let l = 0; l < dims.length - 2; l++) {
    noiseOffsets.push(words);
    words += k * batch * dims[l + 1];
  }
  return { words: anyDropout ? words : k * batch, noiseOffsets };
}

/** The buffers a group's step reads and writes (weights and data are tfjs's own). */
interface StepBuffers {
  models: GPUBuffer;
  step: GPUBuffer;
  /** Per layer: activations (after the activation, before dropout) and deltas, [K, B, width]. */
  acts: GPUBuffer[];
  deltas: GPUBuffer[];
  rowLoss: GPUBuffer;
  /** Each model's Σ W² this step, and its loss sum since the last read-back. */
  pen: GPUBuffer;
  acc: GPUBuffer;
  lossRead: GPUBuffer;
  /** Optimizer state per variable: [momentum | Adam m | Adam v]. */
  states: GPUBuffer[];
  /** The step's `S`. */
  stepConstants: GPUBuffer;
  xTrain: GPUBuffer;
  labels: GPUBuffer;
  /** The variables' buffers: per layer a kernel and a bias. */
  weights: GPUBuffer[];
}

function makeBuffers(
  pool: BufferPool,
  backend: WebGPUBackendLike,
  { net, data, batch }: GroupSetup,
  modelBytes: number,
  stepWords: number,
): StepBuffers {
  const k = net.k;
  /** The GPU buffer behind a tensor (uploading it first if it still lives on the CPU). */
  const gpuBuffer = (t: tf.Tensor): GPUBuffer => {
    backend.uploadToGPU(t.dataId);
    const r = backend.tensorMap.get(t.dataId)?.resource;
    if (!r) throw new Error('tensor has no GPU buffer');
    return r;
  };
  // Read here, not at load: GPUBufferUsage exists only where WebGPU does, and this module loads everywhere.
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  return {
    models: pool.make(modelBytes, STORAGE, 'models'),
    step: pool.make(stepWords * 4, STORAGE, 'step'),
    acts: net.dims.slice(1).map((d, l) => pool.make(k * batch * d * 4, STORAGE, `act${l}`)),
    deltas: net.dims.slice(1).map((d, l) => pool.make(k * batch * d * 4, STORAGE, `delta${l}`)),
    rowLoss: pool.make(k * batch * 4, STORAGE, 'rowLoss'),
    pen: pool.make(k * 4, STORAGE, 'penalty'),
    acc: pool.make(k * 4, STORAGE, 'lossSums'),
    lossRead: pool.make(k * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'lossRead'),
    states: net.variables.map((v, i) => pool.make(3 * v.size * 4, STORAGE, `state${i}`)),
    stepConstants: pool.make(STEP_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'adam'),
    xTrain: gpuBuffer(data.train.x),
    labels: gpuBuffer(data.train.labels),
    weights: net.variables.map(gpuBuffer),
  };
}

/**
 * The step's dispatches in order, bind groups made once: forward per layer,
 * loss, weight penalties (when a model has weight decay), loss sums, then
 * per layer from the top backward (below the first layer) and update.
 */
function recordDispatches(
  device: GPUDevice,
  pool: BufferPool,
  b: StepBuffers,
  dims: readonly number[],
  k: number,
  batch: number,
  noiseIn: (l: number) => number,
  anyDecay: boolean,
): Dispatch[] {
  const depth = dims.length - 2;
  const maxPerDim = device.limits.maxComputeWorkgroupsPerDimension;
  const dispatches: Dispatch[] = [];
  /** A layer's `P` (threads filled in by `add`). */
  const layer = (l: number, over: Partial<DispatchParams> = {}): Omit<DispatchParams, 'total'> => ({
    K: k,
    B: batch,
    din: dims[l],
    dout: dims[l + 1],
    layer: l,
    noiseIn: noiseIn(l),
    hidden: 0,
    ...over,
  });
  const add = (
    name: string,
    code: string,
    params: Omit<DispatchParams, 'total'>,
    resources: GPUBuffer[],
    threads: number,
    stepUniform?: GPUBuffer,
  ) => {
    const pl = pipeline(device, name, code);
    const u = pool.make(PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, `${name}-params`);
    device.queue.writeBuffer(u, 0, packParams({ ...params, total: threads }));
    const entries: GPUBindGroupEntry[] = [u, ...(stepUniform ? [stepUniform] : []), ...resources].map(
      (buffer, binding) => ({ binding, resource: { buffer } }),
    );
    const groups = Math.max(1, Math.ceil(threads / WORKGROUP));
    const x = Math.min(groups, maxPerDim);
    dispatches.push({
      pipeline: pl,
      bindGroup: device.createBindGroup({ layout: pl.getBindGroupLayout(0), entries }),
      x,
      y: Math.ceil(groups / x),
    });
  };
  const { weights, acts, deltas } = b;
  for (let l = 0; l <= depth; l++) {
    add(
      'forward',
      FORWARD,
      layer(l, { hidden: l < depth ? 1 : 0 }),
      [weights[2 * l], weights[2 * l + 1], l === 0 ? b.xTrain : acts[l - 1], b.step, b.models, acts[l]],
      k * batch * dims[l + 1],
    );
  }
  add(
    'loss',
    LOSS,
    layer(depth, { noiseIn: NONE }),
    [acts[depth], b.labels, b.step, b.models, deltas[depth], b.rowLoss],
    k * batch,
  );
  if (anyDecay)
    for (let l = 0; l <= depth; l++)
      add('penalty', PENALTY, layer(l, { noiseIn: NONE }), [weights[2 * l], b.models, b.pen], k);
  add(
    'lossSum',
    LOSS_SUM,
    { K: k, B: batch, din: 0, dout: 0, layer: 0, noiseIn: NONE, hidden: 0 },
    [b.rowLoss, b.models, b.pen, b.acc],
    k,
  );
  for (let l = depth; l >= 0; l--) {
    if (l > 0)
      add(
        'backward',
        BACKWARD_INPUT,
        layer(l),
        [weights[2 * l], deltas[l], acts[l - 1], b.step, b.models, deltas[l - 1]],
        k * batch * dims[l],
      );
    add(
      'update',
      UPDATE,
      layer(l),
      [
        weights[2 * l],
        weights[2 * l + 1],
        b.states[2 * l],
        b.states[2 * l + 1],
        l === 0 ? b.xTrain : acts[l - 1],
        b.step,
        deltas[l],
        b.models,
      ],
      k * (dims[l] + 1) * dims[l + 1],
      b.stepConstants,
    );
  }
  return dispatches;
}

/** The fused stepper for an MLP group on the WebGPU backend. */
export function fusedStepper(setup: GroupSetup): Stepper {
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
    const stepData = new Uint32Array(layout.words);
    const stepFloats = new Float32Array(stepData.buffer);
    const b = makeBuffers(pool, backend, setup, models.byteLength, layout.words);
    queue.writeBuffer(b.models, 0, models);
    const noiseIn = (l: number) => (l > 0 && anyDropout ? layout.noiseOffsets[l - 1] : NONE);
    const dispatches = recordDispatches(
      device,
      pool,
      b,
      dims,
      k,
      batch,
      noiseIn,
      genomes.some((g) => g.hyper.weightDecay > 0),
    );

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

    return {
      kernels: 'fused',
      step(idx: Int32Array, noise: Noise[] | null) {
        // tfjs's own pending work first, so these writes cannot overtake it.
        flushTfjs();
        stepData.set(idx);
        if (noise) noise.forEach((u, l) => stepFloats.set(u.values, layout.noiseOffsets[l]));
        queue.writeBuffer(b.step, 0, stepData);
        queue.writeBuffer(
          b.stepConstants,
          0,
          packStep(stepConstants(accBeta1, accBeta2, backend.epsilon()), stepConstantsData),
        );
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
            for (let s = 0; s < 3; s++)
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
