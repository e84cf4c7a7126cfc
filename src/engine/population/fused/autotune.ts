/// <reference types="@webgpu/types" />
/**
 * The fused step's tile sizes per device: at first use, every candidate the
 * device's limits allow (tiled.ts: TILE_CANDIDATES) is timed on one forward
 * product typical of the lab (K = 2 models of a 256 × 256 layer at batch
 * 256), and the fastest is kept for the device's lifetime. Until then, and
 * where timing fails, the limits alone choose (chooseTiles). Tile sizes do
 * not change results: every output sums its products in the same order
 * whatever the tiling.
 */
import { packModels, packParams, PARAMS_BYTES, NONE } from './layout';
import {
  chooseTiles,
  tileConstants,
  tiledKernel,
  tileGrid,
  tilesFit,
  vec4Loads,
  TILE_CANDIDATES,
  type Tiles,
} from './tiled';

/** One candidate's time per product, ms (the best of a few runs). */
export interface TileTiming {
  tiles: Tiles;
  ms: number;
}

/** What tuning found on a device: the timings and the tiles chosen. */
export interface Tuning {
  tiles: Tiles;
  timings: TileTiming[];
}

const tuned = new WeakMap<GPUDevice, Tuning>();
const tuning = new WeakMap<GPUDevice, Promise<Tuning>>();
const forced = new WeakMap<GPUDevice, Tiles>();

/** The tiles to use on this device now: forced ones, else the tuned ones once tuning finished, else the limits' choice. */
export function tilesFor(device: GPUDevice): Tiles {
  return forced.get(device) ?? tuned.get(device)?.tiles ?? chooseTiles(device.limits);
}

/**
 * Makes groups built from now on use `tiles` on this device whatever the tuning chose (null: back to
 * the tuning) — for a development tool that times tilings one after another in one page. Throws when
 * the device's limits do not allow them.
 */
export function forceTiles(device: GPUDevice, tiles: Tiles | null): void {
  if (tiles === null) {
    forced.delete(device);
    return;
  }
  if (tiles.bk % 4 !== 0) throw new Error(`the reduction step must be a multiple of 4, got ${tiles.bk}`);
  if (!tilesFit(tiles, device.limits))
    throw new Error(`this device's limits do not allow the tiles ${JSON.stringify(tiles)}`);
  forced.set(device, tiles);
}

/** Tunes once per device (later calls share the first); never rejects — a failed timing keeps the limits' choice. */
export function tune(device: GPUDevice): Promise<Tuning> {
  let p = tuning.get(device);
  if (!p) {
    p = timeCandidates(device).then(
      (t) => (tuned.set(device, t), t),
      () => ({ tiles: chooseTiles(device.limits), timings: [] }),
    );
    tuning.set(device, p);
  }
  return p;
}

const K = 2;
const N = 256;
const RUNS = 3;

async function timeCandidates(device: GPUDevice): Promise<Tuning> {
  const candidates = TILE_CANDIDATES.filter((t) => tilesFit(t, device.limits));
  if (candidates.length < 2) return { tiles: chooseTiles(device.limits), timings: [] };
  const owned: GPUBuffer[] = [];
  const buffer = (bytes: number, usage: GPUBufferUsageFlags, data?: BufferSource) => {
    const b = device.createBuffer({ size: bytes, usage: usage | GPUBufferUsage.COPY_DST });
    owned.push(b);
    if (data) device.queue.writeBuffer(b, 0, data);
    return b;
  };
  try {
    const S = GPUBufferUsage.STORAGE;
    const dims = [N, N, N];
    const model = {
      batch: N,
      optimizer: 'sgd',
      learningRate: 0,
      weightDecay: 0,
      dropout: 0,
      dims,
      activations: ['relu'],
    } as const;
    const models = packModels([model, model]);
    const params = packParams({
      K,
      B: N,
      din: N,
      dout: N,
      layer: 1,
      noiseIn: NONE,
      hidden: 1,
      total: 0,
      slotMom: 0,
      slotAdam: 0,
    });
    const resources = [
      buffer(PARAMS_BYTES, GPUBufferUsage.UNIFORM, params),
      buffer(K * N * N * 4, S), // W
      buffer(K * N * 4, S), // bias
      buffer(K * N * N * 4, S), // X
      buffer(16, S), // step (unused above layer 0 without dropout)
      buffer(models.byteLength, S, models),
      buffer(K * N * N * 4, S), // A
    ];
    const timings: TileTiming[] = [];
    for (const tiles of candidates) {
      const pipeline = await device.createComputePipelineAsync({
        layout: 'auto',
        compute: {
          module: device.createShaderModule({ code: tiledKernel('forward', tiles, vec4Loads('forward', N, N)) }),
          entryPoint: 'main',
          constants: tileConstants(tiles),
        },
      });
      const bindGroup = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: resources.map((b, binding) => ({ binding, resource: { buffer: b } })),
      });
      const run = async () => {
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(...tileGrid(tiles, N, N, K));
        pass.end();
        const t = performance.now();
        device.queue.submit([encoder.finish()]);
        await device.queue.onSubmittedWorkDone();
        return performance.now() - t;
      };
      await run(); // warm-up
      let best = Infinity;
      for (let r = 0; r < RUNS; r++) best = Math.min(best, await run());
      timings.push({ tiles, ms: best });
    }
    const fastest = timings.reduce((a, b) => (b.ms < a.ms ? b : a));
    return { tiles: fastest.tiles, timings };
  } finally {
    owned.forEach((b) => b.destroy());
  }
}
