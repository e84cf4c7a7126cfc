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
import { errorMessage } from '../src/core/errors';
import { resolve } from 'node:path';
import { parseConfig } from '../src/core/config';
import { measure } from '../src/core/oversight/tripwires';
import { TASKS } from '../src/core/tasks';
import { runLoop } from '../src/engine/loop';
import { selectBackend } from '../src/engine/backend';
import { nodeAssetLoader, nodeRuntime, prepareNode } from '../src/engine/node-host';
import { parseSeeds } from '../src/core/sweep';
import { parseFlags, parseOrReport, UsageError } from '../benchmarks/cli/args';
import { writeAtomic } from '../benchmarks/cli/files';
import { codeVersion as sourceVersion } from './code-version';

const USAGE =
  'usage: npx tsx scripts/gaming-demo.ts [--seeds FIRST-LAST | --seeds N] [--arm both|on|off] [--k 4] [--out FILE]\n' +
  '  [--generations 5] [--population 6] [--steps 50]\n';
const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
// The CLIs' own flag and seed parsers: an unknown flag, a missing value or a bad seed list is refused
// with one line before a run starts.
const flags = parseOrReport(() => {
  const f = parseFlags(argv, {
    seeds: 'string',
    arm: 'string',
    k: 'string',
    out: 'string',
    generations: 'string',
    population: 'string',
    steps: 'string',
  });
  const seeds = parseSeedsOrUsage(f.seeds ?? '1-20');
  // One seed (`--seeds 7`) or a range (`--seeds 1-20`): the output records the range as [first, last].
  if (seeds.some((s, i) => s !== seeds[0] + i)) throw new UsageError('--seeds', 'must be N or FIRST-LAST');
  return { f, first: seeds[0], last: seeds[seeds.length - 1] };
});
if (flags === null) process.exit(2);
const { first, last } = flags;
const arg = (name: string, dflt: string) => flags.f[name] ?? dflt;
const arm = arg('arm', 'both');
const k = Number(arg('k', '4'));
const out = arg('out', '');
const size = {
  generations: Number(arg('generations', '5')),
  population: Number(arg('population', '6')),
  steps: Number(arg('steps', '50')),
};
if (!(k > 0) || !['both', 'on', 'off'].includes(arm)) {
  process.stderr.write('error: --arm must be both|on|off and --k a positive number\n');
  process.exit(2);
}
if (!Object.values(size).every((v) => Number.isInteger(v) && v > 0)) {
  process.stderr.write('error: --generations, --population and --steps must be positive integers\n');
  process.exit(2);
}

/** parseSeeds, its complaint as the one-line usage error the CLIs print. */
function parseSeedsOrUsage(text: string): number[] {
  try {
    return parseSeeds(text);
  } catch (e) {
    throw new UsageError('--seeds', errorMessage(e));
  }
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
  writeAtomic(out, JSON.stringify({ demo: DEMO, k, seeds: [first, last], codeVersion, on, off, rows }, null, 1) + '\n');
