/** The loop in this Node process: tfjs CPU, or WebGPU through Dawn where a GPU exists. */
import type { RunConfig } from '../../src/core/config';
import type { RunLog } from '../../src/core/runlog';
import type { LoopEvent } from '../../src/engine/events';
import type { LoopHost } from '../../src/engine/loop';
import { installDawn } from './node-webgpu';

export async function runLoopInNode(
  root: string,
  config: RunConfig,
  onEvent: (e: LoopEvent) => void,
  extra: Partial<LoopHost> = {},
): Promise<RunLog> {
  if (config.backend === 'webgpu' || config.backend === 'auto') await installDawn();
  const { prepareNode, nodeAssetLoader, nodeRuntime } = await import('../../src/engine/node-host');
  await prepareNode();
  const { packDigits } = await import('../../scripts/pack-digits');
  if (config.task === 'digits') packDigits(root);
  const { runLoop } = await import('../../src/engine/loop');
  const { codeVersion } = await import('../../scripts/code-version');
  return runLoop(config, {
    loadAsset: nodeAssetLoader(root),
    runtime: nodeRuntime(),
    onEvent,
    codeVersion: codeVersion(root),
    ...extra,
  });
}
