/**
 * `npm run bench:report -- A.json B.json … --out compare.html`: one
 * self-contained HTML report that puts several results (devices, browsers)
 * side by side. Every file is validated first; exit code 2 and one line
 * naming the file or flag when one is bad.
 */
import { errorMessage } from '../../src/core/errors';
import { resolve } from 'node:path';
import type { BenchResult } from '../../src/core/bench/result';
import { validateBenchResult } from '../../src/core/bench/validate';
import { parseFlags, UsageError } from './args';
import { checkWritable, readInput, writeAtomic } from './files';
import { renderReport } from '../report/html';

export const REPORT_HELP = `usage: npm run bench:report -- RESULT.json [MORE.json …] [--out FILE]
  One self-contained HTML report of one or more benchmark results (npm run bench --out, or the
  page's Export JSON) side by side: verdicts, scores and figures with their 95% intervals, charts
  with error bars, the sustained run over time, what ran where, and what each figure means.
  --out FILE   where to write it (default results/compare.html)
  --help       this text
Every file is validated first: exit 2 and one line naming a bad file or flag, nothing written.
`;

/** Splits argv into result files and flags, and reads the files; throws UsageError. */
export function parseReportArgs(argv: string[]): { results: BenchResult[]; out: string } {
  const files = argv.filter(
    (a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1].startsWith('--') || argv[i - 1].includes('=')),
  );
  const flags = parseFlags(
    argv.filter((a) => !files.includes(a)),
    { out: 'string' },
  );
  if (files.length === 0) throw new UsageError('FILE', 'give one or more result JSON files');
  const out = flags.out ?? 'results/compare.html';
  checkWritable('--out', out);
  const results = files.map((f) => {
    let value: unknown;
    const text = readInput(f, resolve(f), 16_000_000);
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new UsageError(f, `cannot read it as JSON (${errorMessage(e).split('\n')[0]})`);
    }
    try {
      return validateBenchResult(value);
    } catch (e) {
      throw new UsageError(f, `not a benchmark result: ${errorMessage(e)}`);
    }
  });
  return { results, out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(REPORT_HELP);
    process.exit(0);
  }
  try {
    const { results, out } = parseReportArgs(process.argv.slice(2));
    writeAtomic(out, renderReport(results));
    process.stdout.write(`wrote ${out} (${results.length} results)\n`);
  } catch (e) {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  }
}
