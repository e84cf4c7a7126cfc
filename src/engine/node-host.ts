/**
 * The engine's host in Node: assets from public/ on disk, runtime facts from
 * `process`. Used by the CLI's node driver, the tests and the benchmarks.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssetLoader } from './data';

/** Reads public/<name> relative to `root` (the project root by default). */
export function nodeAssetLoader(root = process.cwd()): AssetLoader {
  return async (name) => {
    const path = join(root, 'public', name);
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch {
      throw new Error(`cannot read ${path}: run \`npm run pack-digits\` to create it`);
    }
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  };
}

/** Runtime facts recorded in a run log's environment. */
export function nodeRuntime(): { nodeVersion: string; platform: string } {
  return { nodeVersion: process.version, platform: `${process.platform}-${process.arch}` };
}

/** Quietens tfjs's Node advice (we run the CPU backend on purpose) and debug checks. */
export async function prepareNode(): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  tf.env().set('PROD', true);
}
