/// <reference types="@webgpu/types" />
/**
 * A population product on the fused step's own tiled WGSL kernels
 * (population/fused/tiled.ts), driven directly, as their autotune drives
 * them: the first layer's forward kernel (layer 0: X read through each
 * model's batch indices; marked an output layer, so no activation, with a
 * zero bias) and its weight-gradient kernel, whose epilogue is the
 * optimizer update — SGD at learning rate 1 on zero weights, so the
 * weights after one run are minus the gradient, the cheapest update there
 * is (the population trainer's Adam adds two state reads and writes per
 * weight). Tiles and operand loads are the ones the trainer's layer would
 * take on this device (as record.ts chooses them): tuned first (once per
 * device) for a product as large as a trained group's, the limits' choice
 * below that; vec4 loads where the operands' rows are multiples of 4.
 * WebGPU only.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PopulationProduct } from '../../../core/bench/suite';
import { formatTiles } from '../../../core/bench/population';
import { tilesFor } from '../../population/fused/autotune';
import { tuneFused } from '../../population/fused/fused-mlp';
import { NONE, packModels, packParams, PARAMS_BYTES, STEP_BYTES } from '../../population/fused/layout';
import type { WebGPUBackendLike } from '../../population/fused/record';
import {
  productTiles,
  tileConstants,
  tiledKernel,
  tileGrid,
  vec4Loads,
  type Kernel,
  type Tiles,
  type Vec4Loads,
} from '../../population/fused/tiled';

/** A population product's operands on the host (see population-products.ts). */
export interface ProductInputs {
  product: PopulationProduct;
  models: number;
  batch: number;
  din: number;
  dout: number;
  /** The data set, [rows, din]. */
  x: Float32Array;
  /** Each model's batch: indices into the data set, [models × batch]. */
  idx: Int32Array;
  /** The other operand: W [models, din, dout] (forward) or δ [models, batch, dout] (weight gradient). */
  other: Float32Array;
}

/** A product set up on the device: run it, read its result, free it. */
export interface FusedProduct {
  /** What runs: the kernel and its tiles. */
  kernel: string;
  /** `iters` dispatches in one submission; resolves when the device has finished them. */
  run(iters: number): Promise<void>;
  /** The product, [models, m, n] (m = batch for forward, din for the weight gradient). */
  read(): Promise<Float32Array>;
  dispose(): void;
}

const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/** A tiling and its loads as text: `16×16 threads × 4×4, bk 16, vec4 loads`. */
const describe = (t: Tiles, vec: Vec4Loads) =>
  `${formatTiles(t)}${vec.a && vec.b ? ', vec4 loads' : vec.a || vec.b ? ', vec4 loads of one operand' : ''}`;

/** A product kernel's pipeline, compiled once per device, kernel, tiling and loads (the check and the timing share it). */
function pipelineFor(device: GPUDevice, kernel: Kernel, tiles: Tiles, vec: Vec4Loads): Promise<GPUComputePipeline> {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  const key = `${kernel} ${describe(tiles, vec)}`;
  let p = cache.get(key);
  if (!p) {
    p = device.createComputePipelineAsync({
      layout: 'auto',
      compute: {
        module: device.createShaderModule({ code: tiledKernel(kernel, tiles, vec) }),
        entryPoint: 'main',
        constants: tileConstants(tiles),
      },
    });
    // A failed compilation is not cached: the next call tries again and reports its own error.
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/** Sets up one population product on tfjs's WebGPU device. */
export async function fusedProduct(p: ProductInputs): Promise<FusedProduct> {
  const backend = tf.backend() as unknown as WebGPUBackendLike;
  const { device, queue } = backend;
  const { models: k, batch, din, dout } = p;
  // Tuned as the trainer tunes: only a product large enough for the tiles to matter waits for it.
  await tuneFused(k * batch * din * dout);
  const kernel: Kernel = p.product === 'forward' ? 'forward' : 'update';
  // The tiles and operand loads the trainer's layer din → dout takes (record.ts does the same).
  const tiles = productTiles(tilesFor(device), dout, device.limits);
  const vec = vec4Loads(kernel, din, dout);
  const owned: GPUBuffer[] = [];
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const buffer = (bytes: number, usage: GPUBufferUsageFlags = STORAGE, data?: BufferSource) => {
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
    owned.push(b);
    if (data) queue.writeBuffer(b, 0, data);
    return b;
  };
  try {
    const forward = p.product === 'forward';
    const model = {
      batch,
      optimizer: 'sgd',
      learningRate: 1,
      weightDecay: 0,
      dropout: 0,
      dims: [din, dout],
      activations: [],
    } as const;
    const params = packParams({
      K: k,
      B: batch,
      din,
      dout,
      layer: 0,
      noiseIn: NONE,
      hidden: 0,
      total: 0,
      slotMom: 0,
      slotAdam: 0,
    });
    const models = packModels(Array.from({ length: k }, () => model));
    const x = buffer(p.x.byteLength, STORAGE, p.x as Float32Array<ArrayBuffer>);
    const step = buffer(p.idx.byteLength, STORAGE, p.idx as Int32Array<ArrayBuffer>);
    const common = [buffer(PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, params)];
    const modelsBuffer = buffer(models.byteLength, STORAGE, models);
    let out: GPUBuffer;
    let resources: GPUBuffer[];
    if (forward) {
      const w = buffer(p.other.byteLength, STORAGE, p.other as Float32Array<ArrayBuffer>);
      out = buffer(k * batch * dout * 4);
      resources = [...common, w, buffer(k * dout * 4), x, step, modelsBuffer, out];
    } else {
      const delta = buffer(p.other.byteLength, STORAGE, p.other as Float32Array<ArrayBuffer>);
      out = buffer(k * din * dout * 4);
      const stepConstants = buffer(STEP_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      // In the kernel's binding order; SGD keeps no optimizer state, so the state bindings get minimal buffers.
      const [bias, stateW, stateB] = [buffer(k * dout * 4), buffer(16), buffer(16)];
      resources = [...common, stepConstants, out, bias, stateW, stateB, x, step, delta, modelsBuffer];
    }
    const pipeline = await pipelineFor(device, kernel, tiles, vec);
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: resources.map((b, binding) => ({ binding, resource: { buffer: b } })),
    });
    const grid = forward ? tileGrid(tiles, batch, dout, k) : tileGrid(tiles, din + 1, dout, k);
    const bytes = forward ? k * batch * dout * 4 : k * din * dout * 4;
    return {
      kernel: `fused step's tiled ${forward ? 'forward' : 'weight-gradient'} kernel (${describe(tiles, vec)})`,
      async run(iters) {
        // tfjs's own pending work first, so it is not timed with the product.
        if (backend.commandEncoder) {
          backend.endComputePassEncoder();
          backend.submitQueue();
        }
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        for (let i = 0; i < iters; i++) pass.dispatchWorkgroups(...grid);
        pass.end();
        queue.submit([encoder.finish()]);
        await queue.onSubmittedWorkDone();
      },
      async read() {
        const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
        try {
          const encoder = device.createCommandEncoder();
          encoder.copyBufferToBuffer(out, 0, staging, 0, bytes);
          queue.submit([encoder.finish()]);
          await staging.mapAsync(GPUMapMode.READ);
          const v = new Float32Array(staging.getMappedRange().slice(0));
          staging.unmap();
          // The weight-gradient kernel left W = 0 − 1 × gradient after one run.
          if (!forward) for (let i = 0; i < v.length; i++) v[i] = -v[i];
          return v;
        } finally {
          staging.destroy();
        }
      },
      dispose: () => owned.forEach((b) => b.destroy()),
    };
  } catch (e) {
    owned.forEach((b) => b.destroy());
    throw e;
  }
}
