/**
 * `npx tsx scripts/merge-transfer.ts RUNLOG… --out CONFIG.json`: a `--config`
 * file whose `policyFrom` carries the (change, gain) examples of several
 * earlier runs — `--policy-from` takes one run log; this pools several, for
 * instance runs on other tasks, so that `learned` starts from what all of
 * them measured (the newest MAX_TRANSFER_EXAMPLES, later logs last). The
 * first log's champion policy, if it has one, is carried for the
 * self-adaptive proposers. Use: `npm run loop -- --config CONFIG.json …`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { validateRunLog } from '../src/core/runlog';
import { MAX_TRANSFER_EXAMPLES, transferFrom, validateTransfer } from '../src/core/transfer';
import { parseOrReport, runMain, UsageError } from '../benchmarks/cli/args';

function parseArgs(argv: string[]): { logs: string[]; out: string } {
  const logs: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++)
    if (argv[i] === '--out') out = argv[++i];
    else logs.push(argv[i]);
  if (!out) throw new UsageError('--out', 'is required: the config file to write');
  if (logs.length === 0) throw new UsageError('RUNLOG', 'give at least one run log');
  return { logs, out };
}

async function main(): Promise<number> {
  const args = parseOrReport(() => parseArgs(process.argv.slice(2)));
  if (args === null) return 2;
  const parts = parseOrReport(() =>
    args.logs.map((file) => {
      try {
        return transferFrom(validateRunLog(JSON.parse(readFileSync(file, 'utf8'))), basename(file));
      } catch (e) {
        throw new UsageError(file, `is not a run log this version can read (${(e as Error).message.split('\n')[0]})`);
      }
    }),
  );
  if (parts === null) return 2;
  const merged = validateTransfer({
    from: parts.map((p) => p.from).join('+'),
    ...(parts[0].policy ? { policy: parts[0].policy } : {}),
    examples: parts.flatMap((p) => p.examples).slice(-MAX_TRANSFER_EXAMPLES),
  });
  writeFileSync(args.out, JSON.stringify({ policyFrom: merged }) + '\n');
  process.stdout.write(`${args.out}: ${merged.examples.length} examples from ${merged.from}\n`);
  return 0;
}

runMain(main);
