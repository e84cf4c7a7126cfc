/**
 * Entry of the single-file Node bundle that runs `npm run bench --driver node`
 * on a GPU machine, which has Node (from .gpu/) and Dawn but no node_modules,
 * browser or registry (see ../shared/gpu/README.md). Built by
 * `npm run bench:bundle` into .gpu/bench.mjs; run from the project root:
 *   source .gpu/env.sh; $NODE .gpu/bench.mjs --suite standard --backends webgpu --out $OUT/gpu.json
 *   source .gpu/env.sh; $NODE .gpu/bench.mjs --suite population --sizes full --backend webgpu --out $OUT/population.json
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain } from './args';
import { benchMain } from './bench-main';
import { runBenchInNode } from '../drivers/bench-node';
import { nodePopulationDriver } from '../drivers/population-node';

// The bundle sits in .gpu/, one level below the project root (public/digits.bin, benchmarks/results/).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
runMain(() =>
  benchMain(process.argv.slice(2), root, { node: runBenchInNode, population: { node: nodePopulationDriver } }),
);
