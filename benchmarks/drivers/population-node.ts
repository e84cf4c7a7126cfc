/** The population suite in this Node process: tfjs's CPU backend, or WebGPU through Dawn where a GPU exists. */
import type { PopulationDriver } from '../cli/population-run';

export async function nodePopulationDriver(root: string, backend: string): Promise<PopulationDriver> {
  if (backend === 'webgpu') {
    const { installDawn } = await import('./node-webgpu');
    await installDawn();
  }
  const tf = await import('@tensorflow/tfjs-core');
  const { prepareNode, nodeAssetLoader, nodeRuntime } = await import('../../src/engine/node-host');
  const { selectBackend } = await import('../../src/engine/backend');
  const { loadTask } = await import('../../src/engine/data');
  const { measureLoopBatching, measurePopulation, POPULATION_MODELS } =
    await import('../../src/engine/bench/workloads/population');
  const { packDigits } = await import('../../scripts/pack-digits');
  await prepareNode();
  const tasks = new Map<string, Awaited<ReturnType<typeof loadTask>>>();
  return {
    name: 'node',
    async setup() {
      packDigits(root);
      const choice = await selectBackend(backend as 'cpu');
      const rt = nodeRuntime();
      return {
        backend: choice.backend,
        adapter: choice.adapter,
        tfjsVersion: tf.version_core,
        runtime: `node ${rt.nodeVersion} ${rt.platform}`,
      };
    },
    async measure(modelId, k, steps, modes, repeats) {
      const model = POPULATION_MODELS.find((m) => m.id === modelId)!;
      let data = tasks.get(model.task);
      if (!data) {
        data = await loadTask(model.task, 1, nodeAssetLoader(root));
        tasks.set(model.task, data);
      }
      return measurePopulation(data, model, k, steps, modes, 4, undefined, repeats);
    },
    fusedTiles: async () => (await import('../../src/engine/population/fused/fused-mlp')).tuneFused(),
    loop: (batchPopulation, over, matMul) =>
      measureLoopBatching(nodeAssetLoader(root), nodeRuntime(), backend as 'cpu', batchPopulation, over, matMul),
    async close() {
      for (const t of tasks.values()) t.dispose();
    },
  };
}
