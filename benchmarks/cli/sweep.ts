/**
 * `npm run sweep -- --task T --proposers a,b --seeds 1-10 [loop flags] --jobs N --out DIR`
 * runs every (proposer, seed) pair as its own `npm run loop` in DIR, up to
 * N at once. Resumable: a finished, matching run log is not run again; an
 * interrupted one (no log, or a leftover temp file) is redone from scratch.
 * `--emit-jobs` prints the same work as one self-contained command per line
 * for any scheduler (GNU parallel, a Slurm array, a Kubernetes Job).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cut, quote } from '../../src/core/json-bounds';
import { join, resolve } from 'node:path';
import { CONFIG_FIELDS, PROPOSER_NAMES, type ProposerName, type RunConfig } from '../../src/core/config';
import type { ConfigTable } from '../../src/core/config-table';
import { validateRunLog } from '../../src/core/runlog';
import { parseSeeds, sameRun, SweepError, sweepJobs, type SweepJob } from '../../src/core/sweep';
import { parseFlags, parseOrReport, runMain, UsageError, type FlagKind } from './args';
import { configFlagHelp, configFlagSpec, configFromFlags, configToFlags, formatHelp } from './config-flags';
import { checkWritableDir, readInput } from './files';
import { codeVersion } from '../../scripts/code-version';
import { spawnLoop } from './spawn-loop';

/** Config fields the sweep sets per job rather than from a flag; and policyFrom, a file each loop would read. */
const PER_JOB = ['proposer', 'seed', 'policyFrom'] as const;

const FLAGS: Record<string, FlagKind> = {
  ...configFlagSpec(CONFIG_FIELDS, PER_JOB),
  proposers: 'string',
  seeds: 'string',
  driver: 'string',
  jobs: 'string',
  out: 'string',
  'emit-jobs': 'boolean',
  help: 'boolean',
};

/** The sweep's --help, from the config table (a table argument, so tests can add a field). */
export function sweepHelp(table: ConfigTable = CONFIG_FIELDS): string {
  return `usage: npm run sweep -- --task T --proposers random,evolution --seeds 1-10 --out DIR [flags]\n${formatHelp([
    { flag: 'proposers', metavar: 'a,b,…', help: 'proposers to compare' },
    { flag: 'seeds', metavar: '1-10', help: 'seeds: a range, a list, or both (default 1)' },
    { flag: 'out', metavar: 'DIR', help: 'folder for the run logs' },
    { flag: 'jobs', metavar: 'N', help: 'runs at once on this machine (default 1)' },
    { flag: 'driver', metavar: 'node|chromium', help: 'where each loop runs (default node)' },
    { flag: 'emit-jobs', help: 'print one self-contained command per run instead of running them' },
  ])}loop flags passed to every run:\n${formatHelp(configFlagHelp(table, PER_JOB))}\
A run log already in DIR that was made by other code (another codeVersion) stops the sweep:
move it away or choose another --out.
`;
}

interface SweepArgs {
  base: RunConfig;
  proposers: ProposerName[];
  seeds: number[];
  jobs: number;
  out: string;
  driver: string;
  emit: boolean;
}

export function parseSweepArgs(argv: string[]): SweepArgs | 'help' {
  const f = parseFlags(argv, FLAGS);
  if (f.help === 'true') return 'help';
  if (!f.out) throw new UsageError('--out', 'is required: the folder for the run logs');
  if (!f.proposers) throw new UsageError('--proposers', 'is required, e.g. random,evolution');
  const proposers = f.proposers.split(',').map((p) => p.trim());
  for (const p of proposers)
    if (!(PROPOSER_NAMES as readonly string[]).includes(p))
      throw new UsageError('--proposers', `unknown proposer "${p}" (known: ${PROPOSER_NAMES.join(', ')})`);
  let seeds: number[];
  try {
    seeds = parseSeeds(f.seeds ?? '1');
  } catch (e) {
    if (e instanceof SweepError) throw new UsageError('--seeds', e.message);
    throw e;
  }
  const base = configFromFlags(CONFIG_FIELDS, f);
  const jobs = Number(f.jobs ?? 1);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
    throw new UsageError('--jobs', `must be a positive integer of at most 64, got ${quote(f.jobs)}`);
  const driver = f.driver ?? 'node';
  if (driver !== 'node' && driver !== 'chromium')
    throw new UsageError('--driver', `must be node or chromium, got "${driver}"`);
  const emit = f['emit-jobs'] === 'true';
  // Found now, not after the first run: a file where the folder should be, or a folder we cannot write.
  if (!emit) {
    if (existsSync(f.out) && !statSync(f.out).isDirectory())
      throw new UsageError('--out', `${cut(f.out)} is a file; give a folder for the run logs`);
    checkWritableDir('--out', f.out);
  }
  return { base, proposers: proposers as ProposerName[], seeds, jobs, out: f.out, driver, emit };
}

/** The loop flags that reproduce a job's config exactly. */
export function loopArgs(job: SweepJob, driver: string, outFile: string): string[] {
  return [...configToFlags(CONFIG_FIELDS, job.config), '--driver', driver, '--out', outFile];
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Whether `file` holds a finished run of exactly this job, made by this
 * code. A run made by other code is refused (UsageError) rather than
 * resumed or overwritten: its results belong to that code.
 */
function finished(file: string, job: SweepJob, code: string): boolean {
  if (!existsSync(file)) return false;
  let log;
  try {
    // Not a regular file of a sane size (a FIFO, a folder named like a log): not a finished run.
    log = validateRunLog(JSON.parse(readInput('--out', file)));
  } catch {
    return false;
  }
  if (log.codeVersion !== code)
    throw new UsageError(
      file,
      `was made by code ${log.codeVersion ?? '(not recorded)'}, this is ${code}: move it away or choose another --out`,
    );
  return log.status === 'done' && sameRun(log.config, job.config);
}

/**
 * Deletes the leftovers of interrupted runs of these jobs: the loop writes a
 * log via `<file>.<pid>.tmp` + rename. Only that exact pattern, and only plain
 * files: anything else in `--out` (a user's own `*.tmp`) is theirs.
 */
function removeLeftovers(out: string, jobs: SweepJob[]): void {
  const files = new Set(jobs.map((j) => j.file));
  for (const entry of readdirSync(out, { withFileTypes: true })) {
    const m = /^(.+)\.\d+\.tmp$/.exec(entry.name);
    if (m && files.has(m[1]) && entry.isFile()) rmSync(join(out, entry.name));
  }
}

const runJob = (root: string, job: SweepJob, driver: string, out: string) =>
  spawnLoop(root, loopArgs(job, driver, join(out, job.file)));

async function main(): Promise<number> {
  const args = parseOrReport(() => parseSweepArgs(process.argv.slice(2)));
  if (args === null) return 2;
  if (args === 'help') {
    process.stdout.write(sweepHelp());
    return 0;
  }
  const root = resolve(import.meta.dirname, '../..');
  const jobs = sweepJobs(args.base, args.proposers, args.seeds);
  if (args.emit) {
    for (const j of jobs)
      process.stdout.write(
        ['npm', 'run', 'loop', '--', ...loopArgs(j, args.driver, join(args.out, j.file))].map(shellQuote).join(' ') +
          '\n',
      );
    return 0;
  }
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  removeLeftovers(out, jobs);
  const code = codeVersion(root);
  let todo: SweepJob[];
  try {
    todo = jobs.filter((j) => !finished(join(out, j.file), j, code));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    return 2;
  }
  process.stdout.write(
    `sweep: ${jobs.length} runs (${args.proposers.join(', ')} × seeds ` +
      `${args.seeds.join(',')}), ${jobs.length - todo.length} already done, ${todo.length} ` +
      `to run, ${args.jobs} at a time → ${args.out}\n`,
  );
  let next = 0;
  let done = 0;
  let failed = 0;
  const worker = async () => {
    while (next < todo.length) {
      const job = todo[next++];
      const r = await runJob(root, job, args.driver, out);
      done++;
      if (!r.ok) failed++;
      process.stdout.write(
        `[${String(done).padStart(String(todo.length).length)}/${todo.length}] ` +
          `${r.ok ? 'done  ' : 'FAILED'} ${job.proposer} seed ${job.seed} (` +
          `${(r.ms / 1000).toFixed(1)} s): ${r.detail}\n`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.jobs, todo.length) }, worker));
  process.stdout.write(
    `sweep finished: ${todo.length - failed} run, ${jobs.length - todo.length} skipped, ${failed} failed. Next: npm run report -- ${args.out}\n`,
  );
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(main);
}
