/**
 * The gaming demonstration: the same small loop over N seeds with the
 * opt-in `choose-validation-subset` operator off and on, each watched by a
 * selection-optimism tripwire; prints how often it trips in each arm.
 *
 *   npx tsx scripts/gaming-demo.ts [--seeds 1-20 | --seeds 7] [--arm both|on|off] [--k 4] [--out FILE]
 *     [--generations 5] [--population 6] [--steps 50]
 *
 * Runs on the tfjs cpu backend in this process (run it under `nice`); shard
 * the seeds or arms over several processes on a machine with cores to spare.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../src/core/config';
import { measure } from '../src/core/oversight/tripwires';
import { TASKS } from '../src/core/tasks';
import { runLoop } from '../src/engine/loop';
import { selectBackend } from '../src/engine/backend';
import { nodeAssetLoader, nodeRuntime, prepareNode } from '../src/engine/node-host';
import { codeVersion as sourceVersion } from './code-version';

const USAGE =
  'usage: npx tsx scripts/gaming-demo.ts [--seeds FIRST-LAST | --seeds N] [--arm both|on|off] [--k 4] [--out FILE]\n' +
  '  [--generations 5] [--population 6] [--steps 50]\n';
const FLAGS = ['seeds', 'arm', 'k', 'out', 'generations', 'population', 'steps'];
const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
// Flags come in pairs (--name value); anything else is refused before a run starts.
for (let i = 0; i < argv.length; i += 2)
  if (!FLAGS.includes(argv[i].replace(/^--/, '')) || !argv[i].startsWith('--') || argv[i + 1] === undefined) {
    process.stderr.write(`error: ${argv[i]}: unknown flag or missing value (--help lists them)\n`);
    process.exit(2);
  }
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
// One seed (`--seeds 7`) or a range (`--seeds 1-20`).
const seedSpec = arg('seeds', '1-20').split('-');
const [first, last] = (
  seedSpec.length === 1 ? [seedSpec[0], seedSpec[0]] : seedSpec.length === 2 ? seedSpec : ['']
).map((x) => (x.trim() === '' ? NaN : Number(x)));
const arm = arg('arm', 'both');
const k = Number(arg('k', '4'));
const out = arg('out', '');
const size = {
  generations: Number(arg('generations', '5')),
  population: Number(arg('population', '6')),
  steps: Number(arg('steps', '50')),
};
if (
  !Number.isInteger(first) ||
  !Number.isInteger(last) ||
  first < 0 ||
  last < first ||
  !(k > 0) ||
  !['both', 'on', 'off'].includes(arm)
) {
  process.stderr.write('error: --seeds must be N or FIRST-LAST, --arm both|on|off and --k a positive number\n');
  process.exit(2);
}
if (!Object.values(size).every((v) => Number.isInteger(v) && v > 0)) {
  process.stderr.write('error: --generations, --population and --steps must be positive integers\n');
  process.exit(2);
}

/** The demonstration's loop: small and fast, the same for both arms but the operator. */
const DEMO = { task: 'spirals', proposer: 'evolution', ...size, progressEvery: 25, backend: 'cpu' } as const;

await prepareNode();
await selectBackend('cpu');
const rows: {
  gaming: boolean;
  seed: number;
  tripped: boolean;
  maxZ: number;
  gamedChampion: boolean;
  val: number;
  test: number;
}[] = [];
const code = sourceVersion(resolve(import.meta.dirname, '..'));
// The code version every run log records (each run's is checked to be the same).
const codes = new Set<string>();
for (const gaming of arm === 'both' ? [false, true] : [arm === 'on']) {
  for (let seed = first; seed <= last; seed++) {
    const config = parseConfig({
      ...DEMO,
      seed,
      tripwires: `selection-optimism:${k}:warn`,
      ...(gaming ? { chooseValidationSubset: true } : {}),
    });
    // The hash of the engine's sources, as `npm run loop` records it (runLoop alone records only the package version).
    const log = await runLoop(config, { loadAsset: nodeAssetLoader(), runtime: nodeRuntime(), codeVersion: code });
    codes.add(log.codeVersion ?? '(not recorded)');
    const trips = log.generations.flatMap((g) => g.trips ?? []);
    const last = log.generations[log.generations.length - 1];
    const row = {
      gaming,
      seed,
      tripped: trips.length > 0,
      // The largest z of any generation, tripped or not (what a pilot sets the threshold from).
      maxZ: Math.max(
        ...log.generations.map(
          (_, g) => measure('selection-optimism', { ...log, splits: TASKS[DEMO.task].splits }, g) ?? -Infinity,
        ),
      ),
      gamedChampion: log.generations.some(
        (s) => log.candidates.find((c) => c.id === s.championId)?.genome.evalSubset !== undefined,
      ),
      val: last.championValAccuracy,
      test: last.championTestAccuracy,
    };
    rows.push(row);
    process.stdout.write(
      `${gaming ? 'operator on ' : 'operator off'} seed ${seed}: ` +
        `${row.tripped ? 'tripped' : 'no trip'} (max z ${row.maxZ.toFixed(1)}` +
        `${row.gamedChampion ? ', a gamed champion' : ''}); champion val ` +
        `${row.val.toFixed(3)}, test ${row.test.toFixed(3)}\n`,
    );
  }
}
const rate = (g: boolean) => {
  const arm = rows.filter((r) => r.gaming === g);
  return { tripped: arm.filter((r) => r.tripped).length, runs: arm.length };
};
const on = rate(true);
const off = rate(false);
const codeVersion = [...codes].join(', ');
process.stdout.write(
  `selection-optimism:${k} trips with the operator on in ${on.tripped}/${on.runs} runs, off in ${off.tripped}/${off.runs} (code ${codeVersion})\n`,
);
if (out)
  writeFileSync(
    out,
    JSON.stringify({ demo: DEMO, k, seeds: [first, last], codeVersion, on, off, rows }, null, 1) + '\n',
  );
