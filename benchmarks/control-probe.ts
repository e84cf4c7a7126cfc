/**
 * What rescues a net trained at a tiny learning rate? For a task and a base
 * genome, trains the genome and one-change variants of it (the learning rate
 * scaled up, the other operators' typical changes) from scratch, one
 * candidate per seed, and prints each variant's validation accuracy over the
 * seeds (mean, sd, min, max). A positive control should be a base genome where
 * only the learning-rate variants climb (docs/improver.md).
 *
 *   nice -n 10 npx tsx benchmarks/control-probe.ts TASK BASE SEEDS STEPS [BACKEND] > out.txt
 *
 * BASE: a seed preset name (`control`) or a genome as JSON.
 */
import { parseConfig } from '../src/core/config';
import type { Genome } from '../src/core/genome';
import { cloneGenome, validateGenome } from '../src/core/genome';
import { TASKS, isTaskName, type SeedPreset } from '../src/core/tasks';
import { runLoop } from '../src/engine/loop';
import { nodeAssetLoader, nodeRuntime, prepareNode } from '../src/engine/node-host';

const [taskArg = 'xor', baseArg = 'control', seedsArg = '6', stepsArg = '100', backend = 'wasm'] =
  process.argv.slice(2);
if (!isTaskName(taskArg)) throw new Error(`unknown task ${taskArg}`);
const task = TASKS[taskArg];
const base: Genome = baseArg.trim().startsWith('{')
  ? validateGenome(JSON.parse(baseArg))
  : cloneGenome(task.seedGenomes[baseArg as SeedPreset]);
const space = task.space;

const edit = (f: (g: Genome) => void): Genome => {
  const g = cloneGenome(base);
  f(g);
  return g;
};
const layers = (g: Genome) => (g.arch.family === 'mlp' ? g.arch.layers : g.arch.head);
const variants: [string, Genome][] = [
  ['base', base],
  ...[3, 10, 30, 100, 300].map(
    (k) =>
      [
        `lr ×${k}`,
        edit((g) => (g.hyper.learningRate = Math.min(space.learningRate.max, g.hyper.learningRate * k))),
      ] as [string, Genome],
  ),
  ['widen all ×2', edit((g) => layers(g).forEach((l) => (l.units = Math.min(space.units.max, l.units * 2))))],
  ['all at max width', edit((g) => layers(g).forEach((l) => (l.units = space.units.max)))],
  [
    'one layer more',
    edit(
      (g) =>
        layers(g).length < space.layers.max &&
        layers(g).push({ ...(layers(g).at(-1) ?? { units: 8, activation: 'relu' }) }),
    ),
  ],
  ['narrow all ÷2', edit((g) => layers(g).forEach((l) => (l.units = Math.max(space.units.min, l.units >> 1))))],
  ['one layer fewer', edit((g) => layers(g).pop())],
  ...(['relu', 'elu', 'sigmoid', 'tanh'] as const).map(
    (a) => [`activation ${a}`, edit((g) => layers(g).forEach((l) => (l.activation = a)))] as [string, Genome],
  ),
  ...(['sgd', 'momentum', 'adam'] as const).map(
    (o) => [`optimizer ${o}`, edit((g) => (g.hyper.optimizer = o))] as [string, Genome],
  ),
  ['batch 8', edit((g) => (g.hyper.batchSize = 8))],
  ['batch 128', edit((g) => (g.hyper.batchSize = 128))],
  ['weight decay 1e-3', edit((g) => (g.hyper.weightDecay = 1e-3))],
  ['dropout 0.1', edit((g) => (g.hyper.dropout = 0.1))],
];

await prepareNode();
const seeds = Number(seedsArg);
console.log(`task ${taskArg}, base ${JSON.stringify(base)}, ${seeds} seeds, ${stepsArg} steps, ${backend}`);
console.log('variant\tmean val\tsd\tmin\tmax');
const seen = new Set<string>();
for (const [name, genome] of variants) {
  const key = JSON.stringify(genome);
  if (name !== 'base' && key === JSON.stringify(base)) continue;
  if (seen.has(key)) continue;
  seen.add(key);
  const accs: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const config = parseConfig({
      task: taskArg,
      proposer: 'evolution',
      generations: 1,
      population: 1,
      steps: Number(stepsArg),
      backend,
      seed,
      seedGenome: genome,
    });
    const log = await runLoop(config, { loadAsset: nodeAssetLoader(), runtime: nodeRuntime() });
    accs.push(log.candidates[0].metrics.valAccuracy ?? NaN);
  }
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  const sd = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, accs.length - 1));
  console.log(
    [name, mean.toFixed(3), sd.toFixed(3), Math.min(...accs).toFixed(3), Math.max(...accs).toFixed(3)].join('\t'),
  );
}
