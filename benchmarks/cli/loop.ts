/**
 * `npm run loop -- [flags]`: one RSI loop, in headless Chromium (default) or
 * in Node. See `--help` and the README. Exit codes: 0 done, 1 the run
 * failed, 2 bad flags (one line naming the flag; nothing written).
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ConfigError, parseConfig, type RunConfig } from '../../src/core/config';
import { runLogToCsv, type RunLog } from '../../src/core/runlog';
import { RunLogError, validateRunLog } from '../../src/core/runlog';
import { transferFrom, type PolicyTransfer } from '../../src/core/transfer';
import { parseFlags, parseOrReport, runMain, UsageError, type FlagKind } from './args';
import { checkWritable, writeAtomic } from './files';
import { createReporter, finalTable } from './loop-report';
import { checkOversightArgs, createOversight, OVERSIGHT_FIELD, OVERSIGHT_FLAGS, OVERSIGHT_HELP, oversightSummary } from './loop-oversight';

const FLAGS: Record<string, FlagKind> = {
  task: 'string', proposer: 'string', generations: 'string', population: 'string', steps: 'string', seed: 'string',
  backend: 'string', driver: 'string', out: 'string', csv: 'string', config: 'string', inherit: 'boolean',
  'seed-genome': 'string', tournament: 'string', 'progress-every': 'string', 'flops-budget': 'string', 'step-cap': 'string', replicates: 'string',
  accept: 'string', 'batch-population': 'boolean', pool: 'string', init: 'string', removal: 'string', 'policy-from': 'string', help: 'boolean',
  ...OVERSIGHT_FLAGS,
};

/** Flag name → config field. */
const FIELD: Record<string, string> = {
  task: 'task', proposer: 'proposer', generations: 'generations', population: 'population', steps: 'steps', seed: 'seed',
  backend: 'backend', inherit: 'inherit', 'seed-genome': 'seedGenome', tournament: 'tournament', 'progress-every': 'progressEvery',
  'flops-budget': 'flopsBudget', 'step-cap': 'stepCap', replicates: 'replicates', accept: 'accept', 'batch-population': 'batchPopulation',
  pool: 'pool', init: 'init', removal: 'removal', ...OVERSIGHT_FIELD,
};

const HELP = `usage: npm run loop -- [flags]
  --task spirals|moons|circles|xor|digits   (default spirals)
  --proposer random|hillclimb|evolution|self-adaptive|self-adaptive-frozen|self-adaptive-shuffled|learned
                    (default self-adaptive; docs/improver.md)
  --generations N   generations in all, generation 0 being the seed genome (default 10)
  --population N    children per generation (default 8)
  --steps N         training steps per candidate (default 300)
  --flops-budget F  budget in training FLOPs instead of steps
  --step-cap N      with --flops-budget: at most N steps however cheap a step is
  --seed N          run seed (default 1)
  --backend auto|webgpu|webgl|wasm|cpu   (default auto)
  --driver chromium|node   where the engine runs (default chromium)
  --inherit         children start from their parent's weights when shapes match
  --seed-genome default|weak|control   generation 0's genome (control: lr 100× too small) (or set seedGenome in --config)
  --tournament N    tournament size for evolution / self-adaptive (default 3)
  --pool P          evolution's pool: the P most recent healthy candidates the tournament
                    draws from (default 3 × population)
  --removal oldest|worst   which candidate leaves the pool: oldest (aging, regularized
                    evolution; default) or worst (the non-aging control)
  --init seed|random   generation 0: the seed genome, or population random genomes
                    (the same for every proposer with one seed)
  --progress-every N   steps between loss read-backs (default 25)
  --replicates K    retrain each new champion K times with other seeds to measure its noise
  --accept best|noise-aware   noise-aware: a child must beat the champion by more than that noise
  --batch-population true|false   train children that can share a computation (MLPs of one depth)
                    as one batched model (default true; same results up to float rounding)
  --policy-from RUNLOG   start from what an earlier run learned: its champion's policy
                    (self-adaptive*) or its (change, gain) examples (learned)
  --config FILE     JSON file of config fields; flags override it
  --out FILE        write the run log (JSON) here
  --csv FILE        write one CSV row per candidate here
${OVERSIGHT_HELP}`;

/** Reads `--policy-from RUNLOG`: what that run learned (docs/improver.md). */
function readTransfer(file: string): PolicyTransfer {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (e) {
    throw new UsageError('--policy-from', `cannot read ${file} as JSON (${(e as Error).message.split('\n')[0]})`);
  }
  try {
    return transferFrom(validateRunLog(value), basename(file));
  } catch (e) {
    if (e instanceof RunLogError) throw new UsageError('--policy-from', `${file} is not a run log this version can read: ${e.message}`);
    throw e;
  }
}

/** Turns argv into a validated config and output options; throws UsageError. */
export function parseLoopArgs(argv: string[], tty = false): { config: RunConfig; driver: 'chromium' | 'node'; out?: string; csv?: string; decisions?: string; help: boolean } {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help === 'true') return { config: parseConfig({}), driver: 'chromium', help: true };
  let base: Record<string, unknown> = {};
  if (flags.config !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(flags.config), 'utf8');
    } catch {
      throw new UsageError('--config', `cannot read ${flags.config}`);
    }
    try {
      base = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError('--config', `${flags.config} is not valid JSON (${(e as Error).message})`);
    }
    if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new UsageError('--config', `${flags.config} must hold a JSON object of config fields`);
  }
  const raw: Record<string, unknown> = { ...base };
  for (const [flag, field] of Object.entries(FIELD)) if (flags[flag] !== undefined) raw[field] = flags[flag];
  if (typeof raw.seedGenome === 'string' && raw.seedGenome.startsWith('{')) {
    try {
      raw.seedGenome = JSON.parse(raw.seedGenome);
    } catch {
      throw new UsageError('--seed-genome', 'is neither default, weak, control nor a JSON genome');
    }
  }
  if (flags['policy-from'] !== undefined) raw.policyFrom = readTransfer(flags['policy-from']);
  let config: RunConfig;
  try {
    config = parseConfig(raw);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const flag = Object.entries(FIELD).find(([, f]) => f === e.field)?.[0];
    const fromFile = flags.config !== undefined && flag !== undefined && flags[flag] === undefined;
    throw new UsageError(fromFile || !flag ? `--config ${e.field}` : `--${flag}`, e.message.slice(e.field.length + 2));
  }
  const driver = flags.driver ?? 'chromium';
  if (driver !== 'chromium' && driver !== 'node') throw new UsageError('--driver', `must be chromium or node, got "${driver}"`);
  if (flags.out !== undefined) checkWritable('--out', flags.out);
  if (flags.csv !== undefined) checkWritable('--csv', flags.csv);
  checkOversightArgs(config, driver, flags.decisions, tty);
  return { config, driver, out: flags.out, csv: flags.csv, decisions: flags.decisions, help: false };
}

async function main(): Promise<number> {
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const args = parseOrReport(() => parseLoopArgs(process.argv.slice(2), tty));
  if (args === null) return 2;
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const root = resolve(import.meta.dirname, '../..');
  const write = (s: string) => process.stdout.write(s);
  const report = createReporter(args.config, write, Boolean(process.stdout.isTTY));
  let log: RunLog;
  try {
    if (args.driver === 'node') {
      const { runLoopInNode } = await import('../drivers/loop-node');
      const { RunControl } = await import('../../src/engine/control');
      const control = new RunControl();
      const oversight = createOversight(args.config, write, args.decisions, tty);
      try {
        log = await runLoopInNode(root, args.config, (e) => {
          oversight.onEvent(e, control);
          report(e);
        }, { control, approve: oversight.approve });
      } finally {
        oversight.close();
      }
    } else {
      const { runLoopInChromium } = await import('../drivers/loop-chromium');
      log = await runLoopInChromium(root, args.config, report, (l) => write(l + '\n'));
    }
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  write(finalTable(log));
  write(oversightSummary(log));
  if (log.status === 'error' && log.error) process.stderr.write(`error: ${log.error}\n`);
  if (args.out) {
    writeAtomic(args.out, JSON.stringify(log, null, 1) + '\n');
    write(`wrote ${args.out}\n`);
  }
  if (args.csv) {
    writeAtomic(args.csv, runLogToCsv(log));
    write(`wrote ${args.csv}\n`);
  }
  return log.status === 'done' ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(main);
}
