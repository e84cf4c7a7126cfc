/**
 * `npx tsx scripts/merge-transfer.ts RUNLOG… --out CONFIG.json`: a `--config`
 * file whose `policyFrom` carries the (change, gain) examples of several
 * earlier runs — `--policy-from` takes one run log; this pools several, for
 * instance runs on other tasks, so that `learned` starts from what all of
 * them measured (the newest MAX_TRANSFER_EXAMPLES, later logs last). The
 * first log's champion policy, if it has one, is carried for the
 * self-adaptive proposers. Use: `npm run loop -- --config CONFIG.json …`.
 * Bad input exits 2 with one line, before anything is written; the config
 * is written atomically.
 */
import { errorMessage } from '../src/core/errors';
import { basename } from 'node:path';
import { validateRunLog } from '../src/core/runlog';
import { MAX_TRANSFER_EXAMPLES, transferFrom, validateTransfer, type PolicyTransfer } from '../src/core/transfer';
import { parseOrReport, runMain, UsageError } from '../benchmarks/cli/args';
import { checkWritable, readInput, writeAtomic } from '../benchmarks/cli/files';

/** The run logs and output file named on the command line; a UsageError names what is wrong. */
export function parseMergeArgs(argv: string[]): { logs: string[]; out: string } {
  const logs: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      if (out !== undefined) throw new UsageError('--out', 'given twice');
      out = argv[++i];
      if (!out || out.startsWith('--')) throw new UsageError('--out', 'needs a file name');
    } else if (argv[i].startsWith('--')) throw new UsageError(argv[i], 'unknown flag (known: --out)');
    else logs.push(argv[i]);
  }
  if (!out) throw new UsageError('--out', 'is required: the config file to write');
  if (logs.length === 0) throw new UsageError('RUNLOG', 'give at least one run log');
  checkWritable('--out', out);
  return { logs, out };
}

/** The pooled transfer of the run logs in `files`, in order; a UsageError names a file that is not a readable run log. */
export function mergeTransfers(files: readonly string[]): PolicyTransfer {
  const parts = files.map((file) => {
    const text = readInput(file, file);
    try {
      return transferFrom(validateRunLog(JSON.parse(text)), basename(file));
    } catch (e) {
      throw new UsageError(file, `is not a run log this version can read (${errorMessage(e).split('\n')[0]})`);
    }
  });
  try {
    return validateTransfer({
      from: parts.map((p) => p.from).join('+'),
      ...(parts[0].policy ? { policy: parts[0].policy } : {}),
      examples: parts.flatMap((p) => p.examples).slice(-MAX_TRANSFER_EXAMPLES),
    });
  } catch (e) {
    throw new UsageError('RUNLOG', `cannot be pooled: ${errorMessage(e)}`);
  }
}

async function main(): Promise<number> {
  const merged = parseOrReport(() => {
    const args = parseMergeArgs(process.argv.slice(2));
    return { out: args.out, transfer: mergeTransfers(args.logs) };
  });
  if (merged === null) return 2;
  const { out, transfer } = merged;
  writeAtomic(out, JSON.stringify({ policyFrom: transfer }) + '\n');
  process.stdout.write(`${out}: ${transfer.examples.length} examples from ${transfer.from}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runMain(main);
