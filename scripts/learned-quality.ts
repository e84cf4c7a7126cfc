/**
 * `npx tsx scripts/learned-quality.ts DIR [DIR…]`: is the `learned`
 * proposer's prediction quality positive, and does it rise? Per run of
 * `learned` in the sweep folders: the mean over generations of the rank
 * correlation between predicted and measured gain, its least-squares slope
 * over generations, and its mean over generations 4–8 minus its mean over
 * generations 2–3 ("late − early", the test pre-registered in
 * docs/results.md for seeds 21–40). Across runs: mean with a 95% t interval
 * and a sign-flip permutation p against 0; Holm over the first two tests,
 * while late − early is one pre-registered test, not adjusted
 * (`improver-report` prints the intervals and the per-generation table, not
 * the tests). Several folders are pooled, each checked on its own for one
 * code version; the output lists the versions.
 */
import { parseOrReport, runMain, UsageError } from '../benchmarks/cli/args';
import { readSweep } from '../benchmarks/cli/report';
import { rngFor } from '../src/core/rng';
import { holm, pairedPermutationTest, tInterval } from '../src/core/stats';
import { lateMinusEarly, learnedRunQuality, type GenerationWindow } from '../src/core/improver-summary';

/** The pre-registered windows: before and from the generation whose predictor has learned from 24 children (8 a generation). */
const EARLY: GenerationWindow = [2, 3];
const LATE: GenerationWindow = [4, 8];

interface PerRun {
  means: number[];
  slopes: number[];
  contrasts: number[];
  withoutContrast: number;
  codes: string[];
}

/** Per run with predictions in at least two generations: the mean rank correlation and its slope; per run with both windows: late − early. */
function perRun(dirs: readonly string[]): PerRun {
  const logs = dirs.flatMap((dir) => readSweep(dir).map((r) => r.log));
  // Pooled folders must not count a run twice (the same folder given twice, a copied log).
  const seen = new Set<string>();
  for (const l of logs.filter((l) => l.config.proposer === 'learned')) {
    const key = `${l.config.task} seed ${l.config.seed}`;
    if (seen.has(key)) throw new UsageError(dirs.join(' '), `hold two learned runs of ${key}`);
    seen.add(key);
  }
  const all = learnedRunQuality(logs);
  const runs = all.filter((q) => q.slope !== null);
  const means = runs.map((q) => q.mean as number);
  const slopes = runs.map((q) => q.slope as number);
  if (means.length < 2)
    throw new UsageError(dirs.join(' '), 'holds fewer than 2 learned runs with predictions in two or more generations');
  const contrasts = all.map((q) => lateMinusEarly(q, EARLY, LATE)).filter((d): d is number => d !== null);
  return {
    means,
    slopes,
    contrasts,
    withoutContrast: all.length - contrasts.length,
    codes: [...new Set(all.map((q) => q.codeVersion ?? '(not recorded)'))],
  };
}

async function main(): Promise<number> {
  const dirs = process.argv.slice(2);
  const runs = parseOrReport(() => {
    if (dirs.length === 0 || dirs.some((d) => d.startsWith('-')))
      throw new UsageError('DIR', 'usage: npx tsx scripts/learned-quality.ts DIR [DIR…]');
    return perRun(dirs);
  });
  if (runs === null) return 2;
  const { means, slopes, contrasts, withoutContrast, codes } = runs;
  const p = [
    pairedPermutationTest(means, rngFor(0, 'rho', 'mean')),
    pairedPermutationTest(slopes, rngFor(0, 'rho', 'slope')),
  ];
  const adjusted = holm(p);
  const f = (e: { mean: number; lo: number; hi: number }) =>
    `${e.mean.toFixed(3)} [${e.lo.toFixed(3)}, ${e.hi.toFixed(3)}]`;
  console.log(`${means.length} runs of learned; code ${codes.join(', ')}`);
  console.log(
    `mean rank correlation per run ${f(tInterval(means))}; above 0 in ` +
      `${means.filter((x) => x > 0).length}; p ${p[0].toFixed(4)}, Holm ` +
      `${adjusted[0].toFixed(4)}`,
  );
  console.log(
    `slope per generation ${f(tInterval(slopes))}; rising in ${slopes.filter((x) => x > 0).length}; p ${p[1].toFixed(4)}, Holm ${adjusted[1].toFixed(4)}`,
  );
  const window = ([a, b]: GenerationWindow) => `${a}-${b}`;
  const label = `late (generations ${window(LATE)}) - early (${window(EARLY)}) per run`;
  const left = `${withoutContrast} run(s) without a rank correlation in a window left out`;
  if (contrasts.length < 2) console.log(`${label}: fewer than 2 runs; ${left}`);
  else
    console.log(
      `${label} ${f(tInterval(contrasts))} over ${contrasts.length} runs; above 0 in ` +
        `${contrasts.filter((x) => x > 0).length}; p ` +
        `${pairedPermutationTest(contrasts, rngFor(0, 'rho', 'late-early')).toFixed(4)} (one ` +
        `test, not adjusted); ${left}`,
    );
  return 0;
}

runMain(main);
