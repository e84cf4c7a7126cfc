/**
 * Benchmark (not a test): training steps/s of the engine's custom loop
 * against tfjs `model.fit` on the same model, data, batch size, optimizer and
 * backend, in one run, printed as a ratio.
 *
 *   npm run bench:engine-vs-fit -- [--task digits|spirals] [--backend cpu|webgpu|wasm] [--steps N] [--repeats N]
 *
 * In Node, `webgpu` runs through Dawn (the `webgpu` package) and needs a GPU.
 */
import { median } from '../../src/core/bench/stats';
import { parseFlags, UsageError } from './args';
import { installDawn } from '../drivers/node-webgpu';

const HELP = `usage: npm run bench:engine-vs-fit -- [--task digits|spirals] [--backend cpu|webgpu|wasm] [--steps N] [--repeats N]
  Training steps/s of the engine's own loop against tfjs model.fit on the same model, data, batch
  size, optimizer and backend, side by side in one run, printed as a ratio (medians of the repeats).
  --task      digits (the 784-256-256-10 MLP, batch 256; default) or spirals (2-32-2, batch 64)
  --backend   cpu (default), webgpu (through Dawn in Node: needs a GPU) or wasm
  --steps N   steps per timed run (default 50 on digits, 200 on spirals)
  --repeats N timed runs of each (default 3)
  --help      this text
`;
if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}

const flags = (() => {
  try {
    const f = parseFlags(process.argv.slice(2), {
      task: 'string',
      backend: 'string',
      steps: 'string',
      repeats: 'string',
    });
    if (f.task && !['digits', 'spirals'].includes(f.task))
      throw new UsageError('--task', `must be digits or spirals, got "${f.task}"`);
    if (f.backend && !['cpu', 'webgpu', 'wasm'].includes(f.backend))
      throw new UsageError('--backend', `must be cpu, webgpu or wasm, got "${f.backend}"`);
    for (const k of ['steps', 'repeats'])
      if (f[k] !== undefined && !(Number(f[k]) >= 1))
        throw new UsageError(`--${k}`, `must be a positive integer, got "${f[k]}"`);
    return f;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
})();
const task = (flags.task ?? 'digits') as 'digits' | 'spirals';
const backend = (flags.backend ?? 'cpu') as 'cpu' | 'webgpu' | 'wasm';
const steps = Number(flags.steps ?? (task === 'digits' ? 50 : 200));
const repeats = Number(flags.repeats ?? 3);

if (backend === 'webgpu') await installDawn();
const tf = await import('@tensorflow/tfjs');
const { prepareNode, nodeAssetLoader } = await import('../../src/engine/node-host');
const { selectBackend } = await import('../../src/engine/backend');
const { loadTask } = await import('../../src/engine/data');
const { trainCandidate } = await import('../../src/engine/train');
const { TASKS } = await import('../../src/core/tasks');
const { packDigits } = await import('../../scripts/pack-digits');
await prepareNode();
packDigits();
const choice = await selectBackend(backend);
const data = await loadTask(task, 1, nodeAssetLoader());
const info = TASKS[task];
// The digits reference MLP of shared/gpu/README.md, or the spirals default.
const units = task === 'digits' ? [256, 256] : [32];
const batch = task === 'digits' ? 256 : 64;
const genome = {
  hyper: { optimizer: 'adam' as const, learningRate: 0.001, batchSize: batch, weightDecay: 0, dropout: 0 },
  arch: { family: 'mlp' as const, layers: units.map((u) => ({ units: u, activation: 'relu' as const })) },
};

async function engineRun(): Promise<number> {
  const t = performance.now();
  const r = await trainCandidate(data, { genome, steps, seed: 1, progressEvery: steps, init: null });
  if (r.status !== 'ok') throw new Error(`engine run ${r.status}: ${r.error}`);
  // trainCandidate also evaluates on validation; time that apart and subtract it.
  return performance.now() - t;
}

async function evalOnly(): Promise<number> {
  const { buildNet } = await import('../../models/net');
  const { evaluate } = await import('../../src/engine/train');
  const { createRng } = await import('../../src/core/rng');
  const net = buildNet(genome, info.inputShape, info.numClasses, createRng(1));
  const t = performance.now();
  await evaluate(net, data.validation);
  const ms = performance.now() - t;
  net.dispose();
  return ms;
}

async function fitRun(): Promise<number> {
  const model = tf.sequential();
  const inputSize = info.inputShape.reduce((a, b) => a * b, 1);
  units.forEach((u, i) =>
    model.add(tf.layers.dense({ units: u, activation: 'relu', inputShape: i === 0 ? [inputSize] : undefined })),
  );
  model.add(tf.layers.dense({ units: info.numClasses }));
  model.compile({
    optimizer: tf.train.adam(0.001),
    loss: (y: import('@tensorflow/tfjs').Tensor, p: import('@tensorflow/tfjs').Tensor) =>
      tf.losses.softmaxCrossEntropy(y, p),
  });
  const n = steps * batch;
  const idx = tf.tensor1d(
    Int32Array.from({ length: n }, (_, i) => i % data.train.n),
    'int32',
  );
  const x = tf.gather(data.train.x, idx);
  const y = tf.gather(data.train.oneHot, idx);
  const t = performance.now();
  await model.fit(x, y, { batchSize: batch, epochs: 1, shuffle: true, verbose: 0 });
  const ms = performance.now() - t;
  tf.dispose([idx, x, y]);
  model.dispose();
  return ms;
}

process.stdout.write(
  `engine loop vs model.fit — ${task}, mlp ${units.join('-')}, batch ${batch}, adam, ` +
    `${steps} steps, backend ${choice.backend}` +
    `${choice.adapter ? ` (${choice.adapter.vendor} ${choice.adapter.architecture})` : ''}` +
    `, tfjs ${tf.version.tfjs}\n`,
);
await engineRun(); // warm-up: kernels, pipelines, buffer pool
await fitRun();
const engine: number[] = [];
const fit: number[] = [];
const evals: number[] = [];
for (let i = 0; i < repeats; i++) {
  engine.push(await engineRun());
  evals.push(await evalOnly());
  fit.push(await fitRun());
}
const engineSps = steps / ((median(engine) - median(evals)) / 1000);
const fitSps = steps / (median(fit) / 1000);
process.stdout.write(
  `  engine loop: ${engineSps.toFixed(1)} steps/s (median of ${repeats}, validation pass excluded)\n`,
);
process.stdout.write(`  model.fit:   ${fitSps.toFixed(1)} steps/s (median of ${repeats})\n`);
process.stdout.write(`  ratio engine / fit: ${(engineSps / fitSps).toFixed(2)}×\n`);
data.dispose();
