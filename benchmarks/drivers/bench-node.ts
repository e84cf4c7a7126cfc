/** A suite in this Node process: tfjs CPU (and wasm), or WebGPU through Dawn where a GPU exists. */
import { cpus, loadavg } from 'node:os';
import type { TimingOptions } from '../../src/core/bench/policy';
import type { BenchEvent } from '../../src/core/bench/events';
import type { BenchResult } from '../../src/core/bench/result';
import type { Suite } from '../../src/core/bench/suite';
import { hostFacts } from './host-facts';
import { installDawn } from './node-webgpu';

export async function runBenchInNode(
  root: string,
  suite: Suite,
  backends: string[],
  onEvent: (e: BenchEvent) => void,
  label: string,
  timing?: TimingOptions,
): Promise<BenchResult> {
  // Dawn must be on navigator.gpu before tfjs-backend-webgpu is imported.
  if (backends.includes('webgpu')) await installDawn();
  const { prepareNode, nodeAssetLoader, nodeRuntime } = await import('../../src/engine/node-host');
  await prepareNode();
  const { packDigits } = await import('../../scripts/pack-digits');
  packDigits(root);
  const { runSuite } = await import('../../src/engine/bench/run');
  return runSuite(suite, backends, {
    loadAsset: nodeAssetLoader(root),
    environment: {
      driver: 'node',
      nodeVersion: process.version,
      platform: nodeRuntime().platform,
      hardwareConcurrency: cpus().length,
      ...hostFacts(),
    },
    onEvent,
    label,
    timing,
    loadAverage: loadavg,
  });
}
