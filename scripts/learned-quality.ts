/**
 * `npx tsx scripts/learned-quality.ts DIR`: is the `learned` proposer's
 * prediction quality positive, and does it rise? Per run of `learned` in the
 * sweep folder DIR: the mean over generations of the rank correlation between
 * predicted and measured gain, and its least-squares slope over generations.
 * Across runs: mean with a 95% t interval, a sign-flip permutation p against
 * 0, and Holm over the two tests (`improver-report` prints the intervals and
 * the per-generation table, not the tests).
 */
import { parseOrReport, runMain, UsageError } from '../benchmarks/cli/args';
import { readSweep } from '../benchmarks/cli/report';
import { rngFor } from '../src/core/rng';
import { holm, pairedPermutationTest, tInterval } from '../src/core/stats/index';
import { learnedRunQuality } from '../src/core/improver-summary';

/** Per run with predictions in at least two generations: the mean rank correlation and its slope. */
function perRun(dir: string): { means: number[]; slopes: number[]; codes: string[] } {
  const all = learnedRunQuality(readSweep(dir).map((r) => r.log));
  const runs = all.filter((q) => q.slope !== null);
  const means = runs.map((q) => q.mean as number);
  const slopes = runs.map((q) => q.slope as number);
  if (means.length < 2)
    throw new UsageError(dir, 'holds fewer than 2 learned runs with predictions in two or more generations');
  return { means, slopes, codes: [...new Set(all.map((q) => q.codeVersion ?? '(not recorded)'))] };
}

async function main(): Promise<number> {
  const dir = process.argv[2];
  const runs = parseOrReport(() => {
    if (!dir || process.argv.length > 3) throw new UsageError('DIR', 'usage: npx tsx scripts/learned-quality.ts DIR');
    return perRun(dir);
  });
  if (runs === null) return 2;
  const { means, slopes, codes } = runs;
  const p = [
    pairedPermutationTest(means, rngFor(0, 'rho', 'mean')),
    pairedPermutationTest(slopes, rngFor(0, 'rho', 'slope')),
  ];
  const adjusted = holm(p);
  const f = (e: { mean: number; lo: number; hi: number }) =>
    `${e.mean.toFixed(3)} [${e.lo.toFixed(3)}, ${e.hi.toFixed(3)}]`;
  console.log(`${means.length} runs of learned; code ${codes.join(', ')}`);
  console.log(
    `mean rank correlation per run ${f(tInterval(means))}; above 0 in ${means.filter((x) => x > 0).length}; p ${p[0].toFixed(4)}, Holm ${adjusted[0].toFixed(4)}`,
  );
  console.log(
    `slope per generation ${f(tInterval(slopes))}; rising in ${slopes.filter((x) => x > 0).length}; p ${p[1].toFixed(4)}, Holm ${adjusted[1].toFixed(4)}`,
  );
  return 0;
}

runMain(main);
