import { prepareNode, nodeAssetLoader } from '../src/engine/node-host';
import { selectBackend } from '../src/engine/backend';
import { loadTask } from '../src/engine/data';
import { trainCandidate } from '../src/engine/train';
await prepareNode(); await selectBackend('cpu');
for (const task of ['spirals', 'moons', 'circles', 'xor'] as const) {
const data = await loadTask(task, 1, nodeAssetLoader());
for (const [name, g] of Object.entries({
  weak: { hyper: { optimizer: 'sgd', learningRate: 0.002, batchSize: 32, weightDecay: 0, dropout: 0 }, arch: { family: 'mlp', layers: [] } },
  def: { hyper: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, weightDecay: 0, dropout: 0 }, arch: { family: 'mlp', layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }] } },
  big: { hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0, dropout: 0 }, arch: { family: 'mlp', layers: [{ units: 32, activation: 'relu' }, { units: 32, activation: 'relu' }, { units: 32, activation: 'relu' }] } },
})) {
  const t = Date.now();
  const r = await trainCandidate(data, { genome: g as never, steps: 300, seed: 1, progressEvery: 50, init: null });
  console.log(task, name, r.status, r.valAccuracy, r.trainLoss?.toFixed(3), Date.now() - t, 'ms');
}
data.dispose();
}
