/**
 * `npm run meta -- --task T --out DIR [sizes] [loop flags] [--jobs N | --emit-jobs]`:
 * the meta-search over proposer configurations (src/core/meta-search.ts).
 * DIR holds one config file per outer candidate (configs/; configs/TASK/ for
 * a held-out task) and one run log per (candidate, task, seed) (runs/). Each call replays the plan from the logs
 * present: with --emit-jobs it prints the next stage's runs as self-contained
 * `npm run loop` commands (run them anywhere, copy their logs into DIR/runs,
 * call again); otherwise it runs them itself, stage after stage, and writes
 * DIR/meta.json and DIR/meta.md when the held-out evaluation is done.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FIELDS, parseConfig, type RunConfig } from '../../src/core/config';
import { areaUnder, finalAccuracy } from '../../src/core/curves';
import { describeImprover, improverFields } from '../../src/core/meta';
import {
  checkMetaOptions,
  MetaError,
  planMeta,
  runKey,
  type MetaJob,
  type MetaOptions,
  type MetaPlan,
  type RunScore,
} from '../../src/core/meta-search';
import { validateRunLog } from '../../src/core/runlog';
import { isTaskName, TASK_NAMES, type TaskName } from '../../src/core/tasks';
import { jobFile, parseSeeds, sameRun, SweepError } from '../../src/core/sweep';
import { codeVersion } from '../../scripts/code-version';
import { parseFlags, parseOrReport, runMain, UsageError, type FlagKind } from './args';
import { configFlagHelp, configFlagSpec, configFromFlags, formatHelp } from './config-flags';
import { checkWritableDir, readInput, writeAtomic } from './files';
import { formatMeta } from './meta-print';
import { spawnLoop } from './spawn-loop';

/** Config fields the outer candidate sets, not a flag. */
const PER_CANDIDATE = ['proposer', 'seed', 'tournament', 'mutations', 'policyFrom', 'learnedPool', 'learnedMembers'];

const FLAGS: Record<string, FlagKind> = {
  ...configFlagSpec(CONFIG_FIELDS, PER_CANDIDATE),
  rounds: 'string',
  children: 'string',
  archive: 'string',
  finalists: 'string',
  'train-seeds': 'string',
  'held-out-seeds': 'string',
  'held-out-tasks': 'string',
  'meta-seed': 'string',
  jobs: 'string',
  out: 'string',
  'emit-jobs': 'boolean',
  help: 'boolean',
};

const HELP = `usage: npm run meta -- --task T --out DIR [flags]\n${formatHelp([
  { flag: 'out', metavar: 'DIR', help: 'folder for configs/, runs/, meta.json and meta.md' },
  { flag: 'rounds', metavar: 'N', help: 'outer rounds, round 0 included (default 3)' },
  { flag: 'children', metavar: 'N', help: 'new proposer configurations per round (default 4)' },
  { flag: 'archive', metavar: 'N', help: 'archive size, at most one per niche (default 6)' },
  { flag: 'finalists', metavar: 'N', help: 'archive members evaluated on held-out seeds (default 1)' },
  { flag: 'train-seeds', metavar: '1-3', help: 'seeds that score outer candidates (default 1-3)' },
  { flag: 'held-out-seeds', metavar: '101-110', help: 'seeds only the final evaluation uses (default 101-110)' },
  {
    flag: 'held-out-tasks',
    metavar: 'T,…',
    help: 'other tasks the finalists and the baseline are also evaluated on, on the held-out seeds (default none)',
  },
  { flag: 'meta-seed', metavar: 'N', help: "seed of the outer loop's own choices (default 1)" },
  { flag: 'jobs', metavar: 'N', help: 'runs at once on this machine (default 1)' },
  { flag: 'emit-jobs', help: "print the next stage's runs as commands instead of running them" },
])}loop flags passed to every run (the proposer settings are the outer loop's):\n${formatHelp(
  configFlagHelp(CONFIG_FIELDS, PER_CANDIDATE),
)}`;

interface MetaArgs {
  options: MetaOptions;
  base: RunConfig;
  out: string;
  jobs: number;
  emit: boolean;
}

function intFlag(f: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
  const v = Number(f[name] ?? fallback);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new UsageError(`--${name}`, `must be an integer from ${min} to ${max}, got "${f[name]}"`);
  return v;
}

function seedsFlag(f: Record<string, string>, name: string, fallback: string): number[] {
  try {
    return parseSeeds(f[name] ?? fallback);
  } catch (e) {
    if (e instanceof SweepError) throw new UsageError(`--${name}`, e.message);
    throw e;
  }
}

/** The held-out tasks: known, none the search's own, none twice, and a seed genome every task has. */
function heldOutTasks(f: Record<string, string>, base: RunConfig): TaskName[] | undefined {
  const text = f['held-out-tasks'];
  if (text === undefined) return undefined;
  const tasks = text.split(',').map((t) => t.trim());
  tasks.forEach((t, i) => {
    if (!isTaskName(t))
      throw new UsageError('--held-out-tasks', `"${t}" is not a task (tasks: ${TASK_NAMES.join(', ')})`);
    if (t === base.task) throw new UsageError('--held-out-tasks', `${t} is the search's own task (--task)`);
    if (tasks.indexOf(t) !== i) throw new UsageError('--held-out-tasks', `${t} is named twice`);
  });
  if (typeof base.seedGenome !== 'string')
    throw new UsageError('--held-out-tasks', "needs a preset --seed-genome: a JSON genome is one task's");
  return tasks as TaskName[];
}

/** Turns argv into the meta-search's options; throws UsageError. */
export function parseMetaArgs(argv: string[]): MetaArgs | 'help' {
  const f = parseFlags(argv, FLAGS);
  if (f.help === 'true') return 'help';
  if (!f.out) throw new UsageError('--out', 'is required: the folder for the meta-search');
  const base = configFromFlags(CONFIG_FIELDS, f);
  const tasks = heldOutTasks(f, base);
  const options: MetaOptions = {
    metaSeed: intFlag(f, 'meta-seed', 1, 0, 0xffffffff),
    rounds: intFlag(f, 'rounds', 3, 1, 1000),
    children: intFlag(f, 'children', 4, 1, 1000),
    archiveSize: intFlag(f, 'archive', 6, 1, 1000),
    finalists: intFlag(f, 'finalists', 1, 1, 1000),
    trainSeeds: seedsFlag(f, 'train-seeds', '1-3'),
    heldOutSeeds: seedsFlag(f, 'held-out-seeds', '101-110'),
    // Left out when not given, so a folder started before the flag existed resumes (meta-options.json).
    ...(tasks ? { heldOutTasks: tasks } : {}),
  };
  try {
    checkMetaOptions(options);
  } catch (e) {
    if (e instanceof MetaError) throw new UsageError('--held-out-seeds', e.message);
    throw e;
  }
  const emit = f['emit-jobs'] === 'true';
  if (!emit) checkWritableDir('--out', f.out);
  return { options, base, out: f.out, jobs: intFlag(f, 'jobs', 1, 1, 64), emit };
}

/** A job's full run config (seed aside): the shared base plus the outer candidate's fields, on the job's task. */
function candidateConfig(base: RunConfig, job: MetaJob): Record<string, unknown> {
  const { seed: _seed, ...shared } = base; // each command gives its seed
  return { ...shared, ...(job.task ? { task: job.task } : {}), ...improverFields(job.config, job.key) };
}

/** configs/KEY.json on the search's task, configs/TASK/KEY.json on a held-out task. */
const configPath = (out: string, key: string, task?: TaskName) =>
  task ? join(out, 'configs', task, `${key}.json`) : join(out, 'configs', `${key}.json`);
const runPath = (out: string, base: RunConfig, job: Pick<MetaJob, 'key' | 'seed' | 'task'>) =>
  join(out, 'runs', jobFile(job.task ?? base.task, job.key, job.seed));

/** The finished runs in DIR/runs that match their candidate's config file and this code. */
function readResults(out: string, base: RunConfig, options: MetaOptions, code: string): Map<string, RunScore> {
  const results = new Map<string, RunScore>();
  const dir = join(out, 'runs');
  if (!existsSync(dir)) return results;
  for (const name of readdirSync(dir)) {
    const m = /^([a-z]+)-(.+)-seed(\d+)\.json$/.exec(name);
    if (!m) continue;
    const fileTask = m[1];
    const task = options.heldOutTasks?.find((t) => t === fileTask);
    if (fileTask !== base.task && !task) continue;
    const cfgPath = configPath(out, m[2], task);
    if (!existsSync(cfgPath)) continue;
    let log;
    try {
      log = validateRunLog(JSON.parse(readInput('--out', join(dir, name))));
    } catch {
      continue; // unreadable or half-written: run it again
    }
    if (log.codeVersion !== code)
      throw new UsageError(
        join(dir, name),
        `was made by code ${log.codeVersion ?? '(not recorded)'}, this is ${code}: move it away or choose another --out`,
      );
    const wanted = parseConfig({
      ...(JSON.parse(readFileSync(cfgPath, 'utf8')) as Record<string, unknown>),
      seed: Number(m[3]),
    });
    if (log.status !== 'done' || !sameRun(log.config, wanted)) continue;
    results.set(runKey(m[2], Number(m[3]), task), {
      finalTest: finalAccuracy(log, 'heldOut'),
      heldOutArea: areaUnder(log, 'heldOut'),
    });
  }
  return results;
}

/** Writes the config files of a stage's candidates (the work list's commands read them). */
function writeConfigs(out: string, base: RunConfig, jobs: readonly MetaJob[]): void {
  for (const j of jobs) {
    const p = configPath(out, j.key, j.task);
    mkdirSync(dirname(p), { recursive: true });
    if (!existsSync(p)) writeAtomic(p, JSON.stringify(candidateConfig(base, j), null, 1) + '\n');
  }
}

const loopArgs = (out: string, base: RunConfig, j: MetaJob) => [
  '--config',
  configPath(out, j.key, j.task),
  '--seed',
  String(j.seed),
  '--driver',
  'node',
  '--out',
  runPath(out, base, j),
];

function stageName(plan: MetaPlan): string {
  return plan.stage === 'search' ? `search round ${plan.round}` : plan.stage;
}

/** The options a folder was started with: a later call must give the same, or its results would mix. */
function checkSameOptions(out: string, args: MetaArgs): void {
  const p = join(out, 'meta-options.json');
  const text = JSON.stringify({ options: args.options, base: args.base }, null, 1) + '\n';
  if (!existsSync(p)) {
    mkdirSync(out, { recursive: true });
    writeAtomic(p, text);
  } else if (readFileSync(p, 'utf8') !== text)
    throw new UsageError(
      '--out',
      `${out} holds a meta-search with other options (meta-options.json): use another folder`,
    );
}

async function main(): Promise<number> {
  const args = parseOrReport(() => parseMetaArgs(process.argv.slice(2)));
  if (args === null) return 2;
  if (args === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const root = resolve(import.meta.dirname, '../..');
  const out = args.emit ? args.out : resolve(args.out);
  const code = codeVersion(root);
  const plan = parseOrReport(() => {
    checkSameOptions(out, args);
    return planMeta(args.options, readResults(out, args.base, args.options, code));
  });
  if (plan === null) return 2;
  let current: MetaPlan = plan;
  while (current.stage !== 'done') {
    writeConfigs(out, args.base, current.jobs);
    if (args.emit) {
      process.stderr.write(
        `meta: ${stageName(current)}, ${current.jobs.length} runs; copy their logs into ${join(out, 'runs')} and call again\n`,
      );
      for (const j of current.jobs)
        process.stdout.write(['npm', 'run', 'loop', '--', ...loopArgs(out, args.base, j)].join(' ') + '\n');
      return 0;
    }
    const todo = current.jobs;
    process.stdout.write(`meta: ${stageName(current)}, ${todo.length} runs, ${args.jobs} at a time\n`);
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < todo.length) {
        const j = todo[next++];
        const r = await spawnLoop(root, loopArgs(out, args.base, j));
        if (!r.ok) failed++;
        process.stdout.write(
          `  ${r.ok ? 'done  ' : 'FAILED'} ${j.key}${j.task ? ` on ${j.task}` : ''} seed ${j.seed} (${(r.ms / 1000).toFixed(1)} s): ${r.detail}\n`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(args.jobs, todo.length) }, worker));
    if (failed) {
      process.stderr.write(`meta: ${failed} run(s) failed; call again to retry them\n`);
      return 1;
    }
    current = planMeta(args.options, readResults(out, args.base, args.options, code));
  }
  const text = formatMeta(current, args.options, args.base.task);
  writeAtomic(join(out, 'meta.md'), text);
  writeAtomic(
    join(out, 'meta.json'),
    JSON.stringify(
      {
        codeVersion: code,
        options: args.options,
        ...current,
        described: Object.fromEntries(current.evaluated.map((e) => [e.key, describeImprover(e.config)])),
      },
      null,
      1,
    ) + '\n',
  );
  process.stdout.write(text);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(main);
}
