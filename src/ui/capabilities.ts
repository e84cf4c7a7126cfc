/**
 * Which backends this browser offers, checked on the main thread without
 * tfjs: WebGPU (an adapter exists), WebGL 2 (a context can be made),
 * WebAssembly, and the CPU. It is a quick, honest preview for the backend
 * menu; the engine's own choice at run start (with its fallback reasons) is
 * authoritative and is what the device panel reports once a run starts.
 */
import { errorMessage } from '../core/errors';
import type { AdapterInfo } from '../core/runlog';

/** One backend's availability. */
export interface BackendOffer {
  backend: 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  available: boolean;
  reason?: string;
}

/** What the browser offers. */
export interface Capabilities {
  offers: BackendOffer[];
  /** The WebGPU adapter the page sees, if any. */
  adapter: AdapterInfo | null;
}

interface AdapterLike {
  info?: Record<string, unknown>;
  isFallbackAdapter?: boolean;
}

async function webgpu(): Promise<{ offer: BackendOffer; adapter: AdapterInfo | null }> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) {
    const reason = window.isSecureContext
      ? 'this browser has no WebGPU (navigator.gpu is missing; it may be switched off)'
      : 'WebGPU needs a secure origin (https or localhost)';
    return { offer: { backend: 'webgpu', available: false, reason }, adapter: null };
  }
  try {
    const a = await gpu.requestAdapter();
    if (!a)
      return {
        offer: {
          backend: 'webgpu',
          available: false,
          reason: 'WebGPU exists but offered no adapter (no supported GPU, or it is blocklisted)',
        },
        adapter: null,
      };
    const info = a.info ?? {};
    const str = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : '');
    const adapter: AdapterInfo = {
      vendor: str('vendor'),
      architecture: str('architecture'),
      device: str('device'),
      description: str('description'),
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? a.isFallbackAdapter ?? false),
    };
    return { offer: { backend: 'webgpu', available: true }, adapter };
  } catch (e) {
    return {
      offer: { backend: 'webgpu', available: false, reason: `requestAdapter failed: ${errorMessage(e)}` },
      adapter: null,
    };
  }
}

function webgl(): BackendOffer {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return { backend: 'webgl', available: false, reason: 'no WebGL 2 context could be created' };
    // Give the context back at once: browsers cap how many a page may hold.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { backend: 'webgl', available: true };
  } catch (e) {
    return { backend: 'webgl', available: false, reason: errorMessage(e) };
  }
}

/** Checks every backend; never throws. */
export async function probeCapabilities(): Promise<Capabilities> {
  const gpu = await webgpu();
  const wasm: BackendOffer =
    typeof WebAssembly === 'object'
      ? { backend: 'wasm', available: true }
      : { backend: 'wasm', available: false, reason: 'no WebAssembly in this browser' };
  return { offers: [gpu.offer, webgl(), wasm, { backend: 'cpu', available: true }], adapter: gpu.adapter };
}
