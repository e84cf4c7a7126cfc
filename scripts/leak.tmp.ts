import * as tf from '@tensorflow/tfjs-core';
import { prepareNode, nodeAssetLoader } from '../src/engine/node-host';
import { selectBackend } from '../src/engine/backend';
import { loadTask } from '../src/engine/data';
import { trainCandidate } from '../src/engine/train';
await prepareNode(); await selectBackend('cpu');
const data = await loadTask('spirals', 1, nodeAssetLoader());
for (const optimizer of ['sgd', 'momentum', 'adam'] as const) for (const wd of [0, 0.001]) for (const dropout of [0, 0.2]) {
  const before = tf.memory().numTensors;
  const r = await trainCandidate(data, { genome: { hyper: { optimizer, learningRate: 0.01, batchSize: 16, weightDecay: wd, dropout }, arch: { family: 'mlp', layers: [{ units: 4, activation: 'relu' }] } }, steps: 20, seed: 1, progressEvery: 5, init: null });
  console.log(optimizer, wd, dropout, r.status, tf.memory().numTensors - before, r.error ?? '');
}
