/// <reference types="@webgpu/types" />
/**
 * The fused step's GPU side, built once per group: its buffers (weights and
 * data are tfjs's own), its pipelines (cached per device, kernel and tiling)
 * and its dispatches in order with their bind groups. fused-mlp.ts runs them.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { GroupSetup } from '../stepper';
import { LOSS, LOSS_SUM, NOISE, PENALTY, WORKGROUP } from './kernels';
import * as untiled from './kernels-untiled';
import { NONE, packParams, PARAMS_BYTES, STEP_BYTES, type DispatchParams } from './layout';
import { productTiles, tileConstants, tiledKernel, tileGrid, vec4Loads, type Kernel, type Tiles } from './tiled';

/** The parts of tfjs-backend-webgpu's backend the fused step uses. */
export interface WebGPUBackendLike {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: object): { resource: GPUBuffer | null } | undefined };
  uploadToGPU(dataId: object): void;
  commandEncoder: GPUCommandEncoder | null;
  endComputePassEncoder(): void;
  submitQueue(): void;
  epsilon(): number;
}

/** The products' kernels: tiled (the default), or the untiled ones they replaced (for the benchmark's comparison). */
export type Products = { kind: 'tiled'; tiles: Tiles } | { kind: 'untiled' };

const pipelineCache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();
function pipeline(device: GPUDevice, key: string, code: () => string, constants: Record<string, number>) {
  let cache = pipelineCache.get(device);
  if (!cache) pipelineCache.set(device, (cache = new Map()));
  let p = cache.get(key);
  if (!p) {
    p = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code: code() }), entryPoint: 'main', constants },
    });
    cache.set(key, p);
  }
  return p;
}

/** A recorded dispatch: what it computes (`forward 0`, `update 1`, …), pipeline, bind group, workgroups. */
export interface Dispatch {
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  grid: [number, number, number];
}

/** GPU buffers made for one group, destroyed together. */
export function bufferPool(device: GPUDevice) {
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
export type BufferPool = ReturnType<typeof bufferPool>;

/** The buffers a group's step reads and writes (weights and data are tfjs's own). */
export interface StepBuffers {
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
  /** Optimizer state per variable: the group's slots (layout.ts: stateSlots), each as long as the variable. */
  states: GPUBuffer[];
  /** The step's `S`. */
  stepConstants: GPUBuffer;
  xTrain: GPUBuffer;
  labels: GPUBuffer;
  /** The variables' buffers: per layer a kernel and a bias. */
  weights: GPUBuffer[];
}

export function makeBuffers(
  pool: BufferPool,
  backend: WebGPUBackendLike,
  { net, data, batch }: GroupSetup,
  modelBytes: number,
  stepWords: number,
  slots: number,
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
    states: net.variables.map((v, i) => pool.make(slots * v.size * 4, STORAGE, `state${i}`)),
    stepConstants: pool.make(STEP_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'adam'),
    xTrain: gpuBuffer(data.train.x),
    labels: gpuBuffer(data.train.labels),
    weights: net.variables.map(gpuBuffer),
  };
}

/** What the dispatches are recorded for. */
export interface RecordPlan {
  dims: readonly number[];
  k: number;
  batch: number;
  /** Word offset in `step` of each hidden layer's dropout noise, or null when no model has dropout. */
  noise: readonly number[] | null;
  anyDecay: boolean;
  /** The state slots of momentum and Adam (layout.ts: stateSlots). */
  slotMom: number;
  slotAdam: number;
  products: Products;
}

/**
 * The step's dispatches in order, bind groups made once: dropout noise per
 * hidden layer (when a model has dropout), forward per layer,
 * loss, weight penalties (when a model has weight decay), loss sums, then
 * per layer from the top backward (below the first layer) and update.
 */
export function recordDispatches(device: GPUDevice, pool: BufferPool, b: StepBuffers, plan: RecordPlan): Dispatch[] {
  const { dims, k, batch, noise, products } = plan;
  /** Word offset of layer l's input dropout noise (the previous hidden layer's), or NONE. */
  const noiseIn = (l: number) => (l > 0 && noise ? noise[l - 1] : NONE);
  const depth = dims.length - 2;
  const maxPerDim = device.limits.maxComputeWorkgroupsPerDimension;
  const dispatches: Dispatch[] = [];
  const base = { K: k, B: batch, noiseIn: NONE, hidden: 0, total: 0, slotMom: plan.slotMom, slotAdam: plan.slotAdam };
  /** A layer's `P`. */
  const layer = (l: number, over: Partial<DispatchParams> = {}): DispatchParams => ({
    ...base,
    din: dims[l],
    dout: dims[l + 1],
    layer: l,
    noiseIn: noiseIn(l),
    ...over,
  });
  const flatGrid = (threads: number): [number, number, number] => {
    const groups = Math.max(1, Math.ceil(threads / WORKGROUP));
    const x = Math.min(groups, maxPerDim);
    return [x, Math.ceil(groups / x), 1];
  };
  const add = (
    label: string,
    pl: GPUComputePipeline,
    params: DispatchParams,
    resources: GPUBuffer[],
    grid: Dispatch['grid'],
  ) => {
    const u = pool.make(PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'params');
    device.queue.writeBuffer(u, 0, packParams(params));
    const entries = [u, ...resources].map((buffer, binding) => ({ binding, resource: { buffer } }));
    dispatches.push({
      label,
      pipeline: pl,
      bindGroup: device.createBindGroup({ layout: pl.getBindGroupLayout(0), entries }),
      grid,
    });
  };
  const flat = (name: string, code: string) => pipeline(device, name, () => code, { WG: WORKGROUP });
  /**
   * A product kernel's pipeline and grid for layer l's output of rows × cols per model (untiled: one
   * thread per output). Tiled: narrow tiles for a narrow output, vec4 loads where the layer's sizes allow.
   */
  const productKernel = (name: Kernel, l: number, rows: number, cols: number) => {
    if (products.kind === 'untiled') {
      const code = { forward: untiled.FORWARD, backward: untiled.BACKWARD_INPUT, update: untiled.UPDATE }[name];
      return { pl: flat(`untiled-${name}`, code), grid: flatGrid(k * rows * cols), total: k * rows * cols };
    }
    const t = productTiles(products.tiles, cols, device.limits);
    const vec = vec4Loads(name, dims[l], dims[l + 1]);
    // Every constant of the tiling in the key: a group built before the tuning finished keeps the limits' tiles.
    const key = `tiled-${name}-${t.wx}x${t.wy}-${t.tm}x${t.tn}-${t.bk}${t.direct ? '-direct' : ''}-vec${+vec.a}${+vec.b}`;
    const pl = pipeline(device, key, () => tiledKernel(name, t, vec), tileConstants(t));
    return { pl, grid: tileGrid(t, rows, cols, k), total: 0 };
  };
  const { weights, acts, deltas } = b;
  // Dropout noise first, on the device: one thread per model, row and 4 columns of each hidden layer.
  noise?.forEach((at, l) => {
    const threads = k * batch * Math.ceil(dims[l + 1] / 4);
    add(
      `noise ${l}`,
      flat('noise', NOISE),
      layer(l, { noiseIn: at, total: threads }),
      [b.models, b.step],
      flatGrid(threads),
    );
  });
  for (let l = 0; l <= depth; l++) {
    const { pl, grid, total } = productKernel('forward', l, batch, dims[l + 1]);
    const resources = [weights[2 * l], weights[2 * l + 1], l === 0 ? b.xTrain : acts[l - 1], b.step, b.models, acts[l]];
    add(`forward ${l}`, pl, layer(l, { hidden: l < depth ? 1 : 0, total }), resources, grid);
  }
  const lossParams = layer(depth, { noiseIn: NONE, total: k * batch });
  add(
    'loss',
    flat('loss', LOSS),
    lossParams,
    [acts[depth], b.labels, b.step, b.models, deltas[depth], b.rowLoss],
    flatGrid(k * batch),
  );
  if (plan.anyDecay)
    for (let l = 0; l <= depth; l++)
      add(
        `penalty ${l}`,
        flat('penalty', PENALTY),
        layer(l, { noiseIn: NONE }),
        [weights[2 * l], b.models, b.pen],
        [k, 1, 1],
      );
  const sumParams = { ...base, din: 0, dout: 0, layer: 0, total: k };
  add('loss sums', flat('lossSum', LOSS_SUM), sumParams, [b.rowLoss, b.models, b.pen, b.acc], flatGrid(k));
  for (let l = depth; l >= 0; l--) {
    if (l > 0) {
      const { pl, grid, total } = productKernel('backward', l, batch, dims[l]);
      const resources = [weights[2 * l], deltas[l], acts[l - 1], b.step, b.models, deltas[l - 1]];
      add(`backward ${l}`, pl, layer(l, { total }), resources, grid);
    }
    const { pl, grid, total } = productKernel('update', l, dims[l] + 1, dims[l + 1]);
    const resources = [
      b.stepConstants,
      weights[2 * l],
      weights[2 * l + 1],
      b.states[2 * l],
      b.states[2 * l + 1],
      l === 0 ? b.xTrain : acts[l - 1],
      b.step,
      deltas[l],
      b.models,
    ];
    add(`update ${l}`, pl, layer(l, { total }), resources, grid);
  }
  return dispatches;
}
