/**
 * Facts about the backend that is running, for the result: the WebGPU
 * adapter (vendor, architecture, device, description, limits), the WebGL
 * renderer string, whether either is a software implementation, the tfjs
 * flags in force, and the GPU buffer pool's size.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdapterInfo } from '../../core/runlog';
import { webgpuAdapter } from '../backend';

/** Adapter facts of the current backend. */
export interface DeviceFacts {
  adapter: AdapterInfo | null;
  adapterLimits: Record<string, number> | null;
  softwareAdapter: boolean;
}

/** Names of software rasterisers / compute implementations that are not a GPU. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|warp/i;

/** Whether adapter facts describe a software implementation, whatever isFallbackAdapter says. */
export function isSoftware(a: AdapterInfo): boolean {
  return a.isFallbackAdapter || SOFTWARE.test(`${a.vendor} ${a.architecture} ${a.device} ${a.description}`);
}

/** The unmasked WebGL renderer behind tfjs's webgl backend, if it exposes one. */
function webglAdapter(): AdapterInfo | null {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const vendor = String(gl.getParameter(ext ? ext.UNMASKED_VENDOR_WEBGL : gl.VENDOR) ?? '');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  const info: AdapterInfo = { vendor, architecture: '', device: '', description: renderer, isFallbackAdapter: false };
  info.isFallbackAdapter = isSoftware(info);
  return info;
}

/** Adapter facts for `backend`, which must be the current tfjs backend. */
export async function deviceFacts(backend: string): Promise<DeviceFacts> {
  if (backend === 'webgpu') {
    const g = await webgpuAdapter();
    if (g) return { adapter: g.info, adapterLimits: g.limits, softwareAdapter: isSoftware(g.info) };
  }
  if (backend === 'webgl') {
    const a = webglAdapter();
    if (a) return { adapter: a, adapterLimits: null, softwareAdapter: a.isFallbackAdapter };
  }
  return { adapter: null, adapterLimits: null, softwareAdapter: false };
}

/**
 * tfjs flags in force (only the ones with plain values; JSON has no Infinity,
 * so those become strings), plus the backend's float precision and the
 * epsilon it gives optimizers (Adam's ε is 1e-4 on a 16-bit backend, 1e-7 otherwise).
 */
export function tfFlags(): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  try {
    const b = tf.backend();
    Object.assign(out, { 'backend.floatPrecision': b.floatPrecision(), 'backend.epsilon': b.epsilon() });
  } catch {
    // A backend without floatPrecision (KernelBackend's default throws): nothing to record.
  }
  for (const [k, v] of Object.entries(tf.env().getFlags())) {
    if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : String(v);
    else if (typeof v === 'string' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** Bytes held by the GPU backend's buffer pool (webgpu) or texture pool (webgl); null elsewhere. */
export function gpuPoolBytes(): number | null {
  const m = tf.memory() as { numBytesAllocatedInGPU?: number; numBytesInGPUAllocated?: number };
  return m.numBytesAllocatedInGPU ?? m.numBytesInGPUAllocated ?? null;
}
