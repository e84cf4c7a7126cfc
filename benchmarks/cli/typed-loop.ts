/**
 * The RSI loop in Node on each path it can take, alternating within each
 * repeat and seed, in one process. On wasm: the original path
 * (tfjs-backend-wasm's own BatchMatMul, slice-and-concat im2col, small MLPs
 * as tfjs ops), the XNNPACK path with small MLPs still as tfjs ops, and
 * today's (XNNPACK and the typed-array step for small MLPs). On cpu: tfjs
 * ops, and the typed-array step. Prints each path's wall time (whole runs,
 * summed over the seeds; the median over repeats), the ratios to today's and
 * whether every path crowned the same champion for each seed; writes JSON.
 *
 *   npx tsx benchmarks/cli/typed-loop.ts [--backend wasm|cpu] [--seeds 1] [--repeats 2]
 *     [--task spirals] [--generations 4] [--population 8] [--steps 100]
 *     [--config '{"proposer":"random","init":"random"}'] [--out FILE]
 *
 * `--config` is JSON merged over the run config (the loop's config fields);
 * `--seeds` a list or range (1-20).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../../src/core/stats';

const fail = (message: string): never => {
  console.error(`error: ${message}`);
  process.exit(2);
};

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    task: { type: 'string', default: 'spirals' },
    generations: { type: 'string', default: '4' },
    population: { type: 'string', default: '8' },
    steps: { type: 'string', default: '100' },
    repeats: { type: 'string', default: '2' },
    seeds: { type: 'string', default: '1' },
    config: { type: 'string', default: '{}' },
    out: { type: 'string' },
  },
});
const int = (name: string, v: string | undefined): number => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : fail(`--${name} must be a positive integer, got ${JSON.stringify(v)}`);
};
const backend =
  values.backend === 'wasm' || values.backend === 'cpu' ? values.backend : fail('--backend must be wasm or cpu');
const seeds = values.seeds!.split(',').flatMap((part) => {
  const [a, b] = part.split('-').map((x) => int('seeds', x));
  return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
});
let extra: Record<string, unknown> = {};
try {
  extra = JSON.parse(values.config!) as Record<string, unknown>;
} catch {
  fail(`--config must be a JSON object, got ${values.config}`);
}
const over = {
  task: values.task!,
  generations: int('generations', values.generations),
  population: int('population', values.population),
  steps: int('steps', values.steps),
  ...extra,
};
const repeats = int('repeats', values.repeats);
const out = resolve(values.out ?? `benchmarks/results/loop-${over.task}-${backend}-typed.json`);

const { prepareNode, nodeAssetLoader, nodeRuntime } = await import('../../src/engine/node-host');
const { selectBackend } = await import('../../src/engine/backend');
const { measureLoopBatching } = await import('../../src/engine/bench/workloads/population');
const { useTypedStep } = await import('../../src/engine/typed-mlp/train');
const { packDigits } = await import('../../scripts/pack-digits');
await prepareNode();
packDigits(root);
if ((await selectBackend(backend)).backend !== backend) throw new Error(`the ${backend} backend did not start`);

/** `original` and `xnnpack`: wasm only (see the top); `tfjs`: cpu's tfjs ops. */
type Path = 'original' | 'xnnpack' | 'tfjs' | 'typed';
const PATHS: Path[] = backend === 'wasm' ? ['original', 'xnnpack', 'typed'] : ['tfjs', 'typed'];
interface Run {
  path: Path;
  seed: number;
  repeat: number;
  totalMs: number;
  championId: number | undefined;
  championValAccuracy: number;
}
const loop = async (path: Path, seed: number, config: Record<string, unknown>) => {
  const before = useTypedStep(path === 'typed' ? [backend] : []);
  try {
    return await measureLoopBatching(
      nodeAssetLoader(root),
      nodeRuntime(),
      backend,
      true,
      { ...config, seed },
      backend === 'wasm' ? (path === 'original' ? 'stock' : 'xnnpack') : undefined,
    );
  } finally {
    useTypedStep(before);
  }
};
// A short untimed warm-up of every path (compilation, first allocations), then the runs alternating.
for (const p of PATHS) await loop(p, seeds[0], { ...over, generations: 2, population: 2 });
const runs: Run[] = [];
for (let repeat = 0; repeat < repeats; repeat++)
  for (const seed of seeds)
    for (const path of PATHS) {
      const f = await loop(path, seed, over);
      runs.push({
        path,
        seed,
        repeat,
        totalMs: f.totalMs,
        championId: f.championId,
        championValAccuracy: f.championValAccuracy,
      });
      console.log(`repeat ${repeat + 1} seed ${seed} ${path}: ${f.totalMs.toFixed(0)} ms, champion ${f.championId}`);
    }
/** Per path: the median over repeats of the wall time summed over seeds. */
const ms = Object.fromEntries(
  PATHS.map((p) => [
    p,
    median(
      Array.from({ length: repeats }, (_, r) =>
        runs.filter((x) => x.path === p && x.repeat === r).reduce((s, x) => s + x.totalMs, 0),
      ),
    ),
  ]),
);
const sameChampions = seeds.every((seed) => {
  const own = runs.filter((x) => x.seed === seed);
  return own.every((x) => x.championId === own[0].championId && x.championValAccuracy === own[0].championValAccuracy);
});
const others = PATHS.filter((p) => p !== 'typed');
const ratios = Object.fromEntries(others.map((p) => [`typedVs_${p}`, ms.typed / ms[p]]));
const result = {
  benchmark: 'typed-loop',
  backend,
  config: over,
  seeds,
  repeats,
  runtime: nodeRuntime(),
  totalMs: ms,
  ratios,
  sameChampions,
  runs,
};
console.log(`${JSON.stringify(over)}, seeds ${values.seeds}, ${backend}:`);
console.log(
  `  wall ms (summed over seeds, median of ${repeats}): ${PATHS.map((p) => `${p} ${ms[p].toFixed(0)}`).join(', ')}`,
);
console.log(
  `  typed path ÷ ` +
    `${others.map((p) => `${p}: ${(ms.typed / ms[p]).toFixed(3)}`).join('; ')}; same ` +
    `champions (id and validation accuracy): ${sameChampions ? 'yes' : 'NO'}`,
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${out}`);
