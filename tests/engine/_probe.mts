import * as tf from '@tensorflow/tfjs-core';
import { prepareNode, nodeAssetLoader, nodeRuntime } from '../../src/engine/node-host';
import { parseConfig } from '../../src/core/config';
import { runLoop } from '../../src/engine/loop';
await prepareNode();
for (const [task, proposer, extra] of [['spirals','self-adaptive',{}],['xor','evolution',{inherit:true}],['digits','hillclimb',{seedGenome:{hyper:{optimizer:'adam',learningRate:0.003,batchSize:32,weightDecay:0,dropout:0},arch:{family:'mlp',layers:[{units:8,activation:'relu'}]}}, steps: 30, generations: 2, population: 2}]] as const) {
  const t = Date.now();
  const config = parseConfig({ task, proposer, generations: 4, population: 3, steps: 30, progressEvery: 10, backend: 'cpu', seed: 7, ...extra });
  const log = await runLoop(config, { loadAsset: nodeAssetLoader(), runtime: nodeRuntime(), onEvent: (e) => { if (e.type === 'generation-done') console.log(e.summary.index, e.summary.championId, e.summary.championValAccuracy, e.summary.championTestAccuracy, tf.memory().numTensors); } });
  console.log(task, log.status, log.candidates.length, log.candidates.map(c => `${c.id}<${c.parentId} ${c.status} ${c.inherited} ${c.operators} ${c.metrics.valAccuracy} ${c.metrics.testAccuracy}`), Date.now()-t, tf.memory().numTensors);
}
