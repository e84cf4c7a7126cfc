/**
 * `npm run loop -- [flags]`: one RSI loop, in headless Chromium (default) or
 * in Node. See `--help` and the README. Exit codes: 0 done, 1 the run
 * failed, 2 bad flags (one line naming the flag; nothing written).
 */
import { errorMessage } from '../../src/core/errors';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { CONFIG_FIELDS, parseConfig, type RunConfig } from '../../src/core/config';
import type { ConfigTable } from '../../src/core/config-table';
import { describeEstimate, estimateRun, MAX_STEPS, WARN_CANDIDATES, WARN_FLOPS } from '../../src/core/run-plan';
import { runLogToCsv, RunLogError, validateRunLog, type RunLog } from '../../src/core/runlog';
import { transferFrom, type PolicyTransfer } from '../../src/core/transfer';
import { parseFlags, parseOrReport, runMain, UsageError, type FlagKind } from './args';
import { configFlagHelp, configFlagSpec, configFromFlags, formatHelp, type FlagHelp } from './config-flags';
import { checkWritable, readInput, writeOrFallback } from './files';
import { checkOversightArgs, createOversight, oversightSummary } from './loop-oversight';
import { createReporter, finalTable } from './loop-report';

/** The loop's own flags, beside the config's. */
const OWN_FLAGS: FlagHelp[] = [
  { flag: 'driver', metavar: 'chromium|node', help: 'where the engine runs (default chromium)' },
  { flag: 'config', metavar: 'FILE', help: 'JSON file of config fields; flags override it' },
  { flag: 'out', metavar: 'FILE', help: 'write the run log (JSON) here' },
  { flag: 'csv', metavar: 'FILE', help: 'write one CSV row per candidate here' },
  {
    flag: 'decisions',
    metavar: 'FILE',
    help: 'answers for --approve in an unattended run (JSON; unlisted: reject; docs/oversight.md)',
  },
  { flag: 'help', help: 'print this and exit' },
];

const FLAGS: Record<string, FlagKind> = {
  ...configFlagSpec(CONFIG_FIELDS),
  driver: 'string',
  config: 'string',
  out: 'string',
  csv: 'string',
  decisions: 'string',
  help: 'boolean',
};

/** The loop's --help, from the config table (a table argument, so tests can add a field). */
export function loopHelp(table: ConfigTable = CONFIG_FIELDS): string {
  return `usage: npm run loop -- [flags]\n${formatHelp([...configFlagHelp(table), ...OWN_FLAGS])}`;
}

/** Reads `--policy-from RUNLOG`: what that run learned (docs/improver.md). */
function readTransfer(file: string): PolicyTransfer {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (e) {
    throw new UsageError('--policy-from', `cannot read ${file} as JSON (${errorMessage(e).split('\n')[0]})`);
  }
  try {
    return transferFrom(validateRunLog(value), basename(file));
  } catch (e) {
    if (e instanceof RunLogError)
      throw new UsageError('--policy-from', `${file} is not a run log this version can read: ${e.message}`);
    throw e;
  }
}

/** Turns argv into a validated config and output options; throws UsageError. */
export function parseLoopArgs(
  argv: string[],
  tty = false,
): { config: RunConfig; driver: 'chromium' | 'node'; out?: string; csv?: string; decisions?: string; help: boolean } {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help === 'true') return { config: parseConfig({}), driver: 'chromium', help: true };
  let base: Record<string, unknown> = {};
  if (flags.config !== undefined) {
    // A config is a few hundred bytes; 1 MB leaves room for a custom seed genome.
    const text = readInput('--config', resolve(flags.config), 1_000_000);
    try {
      base = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError('--config', `${flags.config} is not valid JSON (${errorMessage(e)})`);
    }
    if (typeof base !== 'object' || base === null || Array.isArray(base))
      throw new UsageError('--config', `${flags.config} must hold a JSON object of config fields`);
  }
  const config = configFromFlags(CONFIG_FIELDS, flags, base, { policyFrom: readTransfer });
  const driver = flags.driver ?? 'chromium';
  if (driver !== 'chromium' && driver !== 'node')
    throw new UsageError('--driver', `must be chromium or node, got "${driver}"`);
  if (flags.out !== undefined) checkWritable('--out', flags.out);
  if (flags.csv !== undefined) checkWritable('--csv', flags.csv);
  checkOversightArgs(config, flags.decisions, tty);
  return { config, driver, out: flags.out, csv: flags.csv, decisions: flags.decisions, help: false };
}

async function main(): Promise<number> {
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const args = parseOrReport(() => parseLoopArgs(process.argv.slice(2), tty));
  if (args === null) return 2;
  if (args.help) {
    process.stdout.write(loopHelp());
    return 0;
  }
  const root = resolve(import.meta.dirname, '../..');
  const write = (s: string) => process.stdout.write(s);
  // Said before anything starts: what a budget buys, and how big a large run is.
  const plan = estimateRun(args.config);
  if (args.config.flopsBudget !== undefined || plan.large)
    write(
      `plan: ${describeEstimate(plan)}` +
        (args.config.flopsBudget !== undefined
          ? `; each child gets what ${args.config.flopsBudget.toExponential(2)} FLOPs buy, ` +
            `at most ${(args.config.stepCap ?? MAX_STEPS).toLocaleString('en')} steps`
          : '') +
        `\n`,
    );
  if (plan.large)
    process.stderr.write(
      `warning: this is a large run (above ${WARN_CANDIDATES.toLocaleString('en')} ` +
        `candidates or ${WARN_FLOPS.toExponential(0)} FLOPs); it may take hours or days ` +
        `here. Ctrl-C stops it\n`,
    );
  const report = createReporter(args.config, write, Boolean(process.stdout.isTTY));
  let log: RunLog;
  // Approvals and pauses are asked on this terminal (or read from --decisions), whichever driver runs the loop.
  const oversight = createOversight(args.config, write, args.decisions, tty);
  try {
    if (args.driver === 'node') {
      const { runLoopInNode } = await import('../drivers/loop-node');
      const { RunControl } = await import('../../src/engine/control');
      const control = new RunControl();
      log = await runLoopInNode(
        root,
        args.config,
        (e) => {
          oversight.onEvent(e, control);
          report(e);
        },
        { control, approve: oversight.approve, unattended: oversight.unattended },
      );
    } else {
      const { runLoopInChromium } = await import('../drivers/loop-chromium');
      log = await runLoopInChromium(
        root,
        args.config,
        (e, control) => {
          oversight.onEvent(e, control);
          report(e);
        },
        (l) => write(l + '\n'),
        undefined,
        { approve: oversight.approve, unattended: oversight.unattended },
      );
    }
  } catch (e) {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    return 1;
  } finally {
    oversight.close();
  }
  write(finalTable(log));
  write(oversightSummary(log));
  if (log.status === 'error' && log.error) process.stderr.write(`error: ${log.error}\n`);
  // Checked up front, a write can still fail hours later (disk full, folder gone): never lose the run.
  let lost = false;
  for (const [path, text] of [
    [args.out, () => JSON.stringify(log, null, 1) + '\n'],
    [args.csv, () => runLogToCsv(log)],
  ] as const) {
    if (!path) continue;
    const w = writeOrFallback(path, text());
    if (w.error) {
      lost = true;
      process.stderr.write(`error: cannot write ${path} (${w.error}); wrote ${w.path} instead\n`);
    } else write(`wrote ${path}\n`);
  }
  return log.status === 'done' && !lost ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(main);
}
