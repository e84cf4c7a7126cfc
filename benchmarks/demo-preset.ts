/**
 * Measures candidate configs for the lab's "Quick demo" preset on the tfjs
 * CPU backend in Node: for each config and seed, the champion's held-out
 * (test) accuracy at generation 0 and at the end, and the wall time. The
 * preset (src/core/presets.ts) was chosen from this table; its test
 * (tests/engine/demo-preset.test.ts) states what it must show.
 *
 *   nice -n 10 npx tsx benchmarks/demo-preset.ts [seeds=5] [task/proposer/population,…] > out.txt
 */
import { parseConfig, type RunConfig } from '../src/core/config';
import { runLoop } from '../src/engine/loop';
import { nodeAssetLoader, nodeRuntime, prepareNode } from '../src/engine/node-host';

const seeds = Number(process.argv[2] ?? 5);
const base = { backend: 'cpu', seedGenome: 'weak' } as const;
const all: Partial<RunConfig>[] = [
  { task: 'circles', proposer: 'hillclimb', generations: 6, population: 4, steps: 200 },
  { task: 'circles', proposer: 'evolution', generations: 6, population: 4, steps: 200 },
  { task: 'circles', proposer: 'random', generations: 6, population: 4, steps: 200 },
  { task: 'xor', proposer: 'evolution', generations: 6, population: 4, steps: 200 },
  { task: 'xor', proposer: 'evolution', generations: 6, population: 6, steps: 200 },
  // The race preset's rival: the same budget, models sampled at random.
  { task: 'xor', proposer: 'random', generations: 6, population: 6, steps: 200 },
  { task: 'xor', proposer: 'hillclimb', generations: 6, population: 6, steps: 200 },
  { task: 'circles', proposer: 'evolution', generations: 6, population: 6, steps: 200 },
  { task: 'moons', proposer: 'evolution', generations: 6, population: 4, steps: 200 },
  { task: 'spirals', proposer: 'evolution', generations: 8, population: 6, steps: 300 },
];
// A third argument, e.g. `xor/evolution/6`, measures only the configs it names (comma-separated task/proposer/population).
const only = process.argv[3]?.split(',');
const candidates = only ? all.filter((c) => only.includes(`${c.task}/${c.proposer}/${c.population}`)) : all;

await prepareNode();
console.log('task\tproposer\tgens\tpop\tsteps\tseed\tgen0 test\tfinal test\trise\tgen of first rise ≥5pt\tseconds');
for (const c of candidates) {
  for (let seed = 1; seed <= seeds; seed++) {
    const config = parseConfig({ ...base, ...c, seed });
    const t0 = performance.now();
    const log = await runLoop(config, { loadAsset: nodeAssetLoader(), runtime: nodeRuntime() });
    const s = (performance.now() - t0) / 1000;
    const tests = log.generations.map((g) => g.championTestAccuracy);
    const firstRise = tests.findIndex((t) => t - tests[0] >= 0.05);
    console.log(
      [
        c.task,
        c.proposer,
        c.generations,
        c.population,
        c.steps,
        seed,
        tests[0].toFixed(3),
        tests[tests.length - 1].toFixed(3),
        (tests[tests.length - 1] - tests[0]).toFixed(3),
        firstRise,
        s.toFixed(1),
      ].join('\t'),
    );
  }
}
