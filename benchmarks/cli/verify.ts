/**
 * `npm run verify -- RUNLOG [--replay]`: checks a run log's hash chain and
 * names the first record that was altered; with `--replay`, runs its config
 * again on the tfjs cpu backend and checks every champion comes out bit for
 * bit the same. Exit codes: 0 the chain holds (and the replay matches),
 * 1 it does not (the first altered record or differing number is named),
 * 2 bad arguments or a file that is not a run log.
 */
import { errorMessage } from '../../src/core/errors';
import { resolve } from 'node:path';
import { verifyChain } from '../../src/core/oversight/chain';
import { RunLogError, validateRunLog, type RunLog } from '../../src/core/runlog';
import { runMain, UsageError, parseOrReport } from './args';
import { readInput } from './files';

const HELP = `usage: npm run verify -- RUNLOG.json [--replay]
  checks the run log's hash chain; names the first altered record (exit 1)
  --replay   also run its config again on the cpu backend and check each
             champion comes out bit for bit the same (exit 1 naming the first difference)
`;

/** The arguments: one run log path and an optional --replay. */
export function parseVerifyArgs(argv: string[]): { path: string; replay: boolean; help: boolean } {
  const rest = argv.filter((a) => a !== '--replay' && a !== '--help');
  const bad = rest.find((a) => a.startsWith('--'));
  if (bad) throw new UsageError(bad, 'unknown flag (known: --replay, --help)');
  if (argv.includes('--help')) return { path: '', replay: false, help: true };
  if (rest.length !== 1)
    throw new UsageError(
      'RUNLOG',
      rest.length === 0 ? 'give the run log to verify' : `one run log at a time, got ${rest.length}`,
    );
  return { path: rest[0], replay: argv.includes('--replay'), help: false };
}

/** Reads and validates a run log; a UsageError names what is wrong. */
export function readLog(path: string): RunLog {
  // A special file (/dev/zero) or a huge one is refused before a byte is read.
  const text = readInput('RUNLOG', resolve(path));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError('RUNLOG', `${path} is not valid JSON (${errorMessage(e)})`);
  }
  try {
    return validateRunLog(value);
  } catch (e) {
    // A changed number can make a record invalid before its hash is looked at: the chain check still names it.
    if (e instanceof RunLogError && typeof value === 'object' && value !== null && 'chain' in value)
      return value as RunLog;
    if (e instanceof RunLogError) throw new UsageError('RUNLOG', `${path} is not a valid run log: ${e.message}`);
    throw e;
  }
}

async function replay(log: RunLog, write: (s: string) => void): Promise<boolean> {
  const { replayConfig, loggedDecisions, compareChampions } = await import('../../src/engine/replay');
  const { runLoopInNode } = await import('../drivers/loop-node');
  const root = resolve(import.meta.dirname, '../..');
  write(`replaying ${log.generations.length} generations on cpu…\n`);
  const again = await runLoopInNode(root, replayConfig(log), () => {}, { approve: loggedDecisions(log) });
  const diffs = compareChampions(log, again);
  const champions = new Set(log.generations.map((g) => g.championId)).size;
  if (diffs.length === 0) {
    write(`replay: ${champions} champions reproduced bit for bit on cpu\n`);
    return true;
  }
  const d = diffs[0];
  const note =
    log.environment.backend === 'cpu'
      ? ''
      : ` (the log was made on ${log.environment.backend}; only a cpu log replays bit for bit)`;
  write(
    `replay differs: ${d.path}: logged ${JSON.stringify(d.logged)}, replayed ` +
      `${JSON.stringify(d.replayed)}` +
      `${diffs.length > 1 ? ` (and ${diffs.length - 1} more)` : ''}${note}\n`,
  );
  return false;
}

async function main(): Promise<number> {
  const args = parseOrReport(() => parseVerifyArgs(process.argv.slice(2)));
  if (args === null) return 2;
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const log = parseOrReport(() => readLog(args.path));
  if (log === null) return 2;
  const write = (s: string) => process.stdout.write(s);
  const check = verifyChain(log);
  if (!check.ok) {
    write(`chain broken: ${check.path} ${check.reason}\n`);
    return 1;
  }
  write(
    `chain holds: ${check.records} records${log.chain?.head ? `, head ${log.chain.head.slice(0, 16)}…` : ' (no head: the run had not finished)'}\n`,
  );
  if (args.replay && !(await replay(log, write))) return 1;
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runMain(main);
