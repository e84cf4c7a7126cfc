/**
 * WebGPU in Node through Dawn (the `webgpu` package). It must be installed
 * on `navigator.gpu` before tfjs-backend-webgpu is imported, because that
 * package only registers itself when it sees WebGPU at import time.
 */
import { errorMessage } from '../../src/core/errors';

export async function installDawn(): Promise<string | null> {
  if ((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) return null;
  try {
    const { create, globals } = (await import('webgpu')) as unknown as {
      create: (o: string[]) => unknown;
      globals: object;
    };
    Object.assign(globalThis, globals);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true });
    return null;
  } catch (e) {
    return `the webgpu package could not load: ${errorMessage(e)}`;
  }
}
