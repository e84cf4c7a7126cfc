/**
 * Backend selection. `auto` tries webgpu, webgl, wasm, cpu in that order and
 * records why each one before the winner was passed over. A named backend
 * that cannot start is an error, not a silent fallback: a benchmark that
 * asked for webgpu must never quietly measure the CPU.
 *
 * Backend packages are imported lazily so a worker only downloads what it
 * uses, and so Node can install a WebGPU implementation (Dawn) on
 * `navigator.gpu` before tfjs-backend-webgpu checks for it at import time.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendRequest } from '../core/config';
import { errorMessage } from '../core/errors';
import type { AdapterInfo } from '../core/runlog';
import { installWasmMatMul } from './wasm-matmul';

/** A concrete backend name. */
export type BackendName = Exclude<BackendRequest, 'auto'>;
export const AUTO_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Options the host passes in (the worker knows where Vite put the wasm files). */
export interface BackendOptions {
  /** Per-file URLs (or a directory prefix) of the tfjs wasm binaries. */
  wasmPaths?: Record<string, string> | string;
  /** Threads for tfjs-wasm's threaded build (used only where it loads: a cross-origin isolated page). */
  wasmThreads?: number;
}

/** Which backend runs, why others were skipped, and the GPU adapter. */
export interface BackendChoice {
  backend: BackendName;
  fallbacks: { backend: string; reason: string }[];
  adapter: AdapterInfo | null;
  /** WebGPU adapter limits, for benchmark results. */
  adapterLimits: Record<string, number> | null;
}

/** Thrown when a named backend cannot start. */
export class BackendError extends Error {
  constructor(
    readonly backend: string,
    reason: string,
  ) {
    super(`backend ${backend} is unavailable: ${reason}`);
    this.name = 'BackendError';
  }
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

function gpu(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}

/** Reads adapter facts straight from WebGPU (tfjs keeps only some of them). */
export async function webgpuAdapter(): Promise<{ info: AdapterInfo; limits: Record<string, number> } | null> {
  const g = gpu();
  if (!g) return null;
  const adapter = (await g.requestAdapter()) as {
    info?: Record<string, unknown>;
    isFallbackAdapter?: boolean;
    limits?: Record<string, unknown>;
  } | null;
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const str = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : '');
  const limits: Record<string, number> = {};
  if (adapter.limits) {
    // GPUSupportedLimits exposes its fields as prototype getters, not own keys.
    for (const k in adapter.limits) {
      const v = adapter.limits[k];
      if (typeof v === 'number') limits[k] = v;
    }
  }
  return {
    info: {
      vendor: str('vendor'),
      architecture: str('architecture'),
      device: str('device'),
      description: str('description'),
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false),
    },
    limits,
  };
}

async function load(name: BackendName, opts: BackendOptions): Promise<void> {
  switch (name) {
    case 'webgpu':
      if (!gpu()) throw new Error('navigator.gpu is missing (this browser or runtime has no WebGPU)');
      if (!(await gpu()!.requestAdapter())) throw new Error('navigator.gpu.requestAdapter() returned no adapter');
      await import('@tensorflow/tfjs-backend-webgpu');
      // Small ops would otherwise run on the CPU and read data back mid-step.
      tf.env().set('WEBGPU_CPU_FORWARD', false);
      return;
    case 'webgl':
      if (typeof OffscreenCanvas === 'undefined' && typeof document === 'undefined')
        throw new Error('no canvas in this runtime, so no WebGL');
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
      if (opts.wasmThreads) wasm.setThreadsCount(opts.wasmThreads);
      // Every product through XNNPACK, not only the plain ones (see wasm-matmul.ts).
      installWasmMatMul();
      return;
    }
    case 'cpu':
      return;
  }
}

/** Tries one backend; returns the reason it failed, or null when it runs. */
export async function tryBackend(name: BackendName, opts: BackendOptions = {}): Promise<string | null> {
  try {
    await load(name, opts);
    if (!tf.findBackendFactory(name)) return `tfjs did not register the ${name} backend`;
    // setBackend resolves false (it does not throw) when initialisation fails.
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return `tf.setBackend('${name}') failed`;
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

/** Starts the requested backend (or the first that works, for `auto`). */
export async function selectBackend(request: BackendRequest, opts: BackendOptions = {}): Promise<BackendChoice> {
  const order = request === 'auto' ? AUTO_ORDER : [request];
  const fallbacks: BackendChoice['fallbacks'] = [];
  for (const name of order) {
    const reason = await tryBackend(name, opts);
    if (reason === null) {
      const gpuFacts = name === 'webgpu' ? await webgpuAdapter() : null;
      return { backend: name, fallbacks, adapter: gpuFacts?.info ?? null, adapterLimits: gpuFacts?.limits ?? null };
    }
    if (request !== 'auto') throw new BackendError(name, reason);
    fallbacks.push({ backend: name, reason });
  }
  // cpu is last in the auto order and always registers, so this is unreachable in practice.
  throw new BackendError('auto', fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; '));
}

/** Which backends this runtime can start, with the reason for each that cannot. */
export async function probeBackends(
  opts: BackendOptions = {},
): Promise<{ backend: BackendName; available: boolean; reason?: string }[]> {
  const previous = tf.getBackend();
  const out: { backend: BackendName; available: boolean; reason?: string }[] = [];
  for (const name of AUTO_ORDER) {
    const reason = await tryBackend(name, opts);
    out.push(reason === null ? { backend: name, available: true } : { backend: name, available: false, reason });
  }
  if (previous) await tf.setBackend(previous);
  return out;
}

/** The WebGPU device tfjs trains on, watched for loss (see `watchDevice`). */
export interface DeviceWatch {
  /** Waits briefly for a pending loss report: a failed GPU read can arrive before `device.lost` settles. */
  settle(): Promise<void>;
  /** Stops reporting (the run is over). */
  stop(): void;
}

interface LosableDevice {
  lost: Promise<{ reason?: string; message?: string }>;
}

/**
 * Calls `onLost` with a one-line reason if the current backend's WebGPU
 * device is lost (driver reset, GPU removed, `destroy()`); other backends
 * have no device, and the watch does nothing.
 */
export function watchDevice(onLost: (message: string) => void): DeviceWatch {
  const device =
    tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as { device?: LosableDevice }).device : undefined;
  if (!device) return { settle: async () => {}, stop: () => {} };
  let active = true;
  const lost = device.lost.then((info) => {
    if (!active) return;
    const detail = [info.reason && info.reason !== 'unknown' ? info.reason : '', info.message ?? '']
      .filter(Boolean)
      .join(': ');
    onLost(`the WebGPU device was lost${detail ? ` (${detail.slice(0, 200)})` : ''}`);
  });
  return {
    settle: () => Promise.race([lost, new Promise<void>((r) => setTimeout(r, 250))]),
    stop: () => {
      active = false;
    },
  };
}
