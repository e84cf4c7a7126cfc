/**
 * `npx tsx scripts/arms-report.ts NAME=DIR NAME=DIR … [--out FILE.md]`: paired
 * comparisons between arms that `npm run report` cannot tell apart because
 * they share a proposer (e.g. `learned` with and without `--policy-from`).
 * Each DIR is a folder of finished run logs of one arm, one per seed, all on
 * one task and made by one code version. Every later arm is compared with
 * every earlier one (later − earlier), paired by seed, on the final champion's
 * held-out (test) accuracy and the area under its held-out curve, and on the
 * proposal success rate: mean with a 95% t interval, sign-flip permutation p,
 * Holm-adjusted over every row, P(A>B). Also per arm: generation 0's and the
 * final held-out accuracy (is the task at its ceiling?) and, for `learned`
 * arms, the predictor's rank correlation. Bad input exits 2 with one line,
 * before anything is written; `--out` is written atomically.
 */
import { parseConfig } from '../src/core/config';
import { areaUnder, finalTestAccuracy } from '../src/core/curves';
import { predictionQuality } from '../src/core/improver-summary';
import { rngFor } from '../src/core/rng';
import type { RunLog } from '../src/core/runlog';
import {
  holm,
  pairBySeed,
  pairedPermutationTest,
  probabilityOfSuperiority,
  tInterval,
  type Estimate,
} from '../src/core/stats';
import { successByGeneration } from '../src/core/success';
import { parseOrReport, runMain, UsageError } from '../benchmarks/cli/args';
import { checkWritable, writeAtomic } from '../benchmarks/cli/files';
import { readSweep } from '../benchmarks/cli/report';

/** One arm: a folder of finished run logs, one per seed. */
export interface Arm {
  name: string;
  dir: string;
  logs: RunLog[];
}

/** Config fields that say how a run proposes: what arms are allowed to differ in. */
const PROPOSING = ['proposer', 'seed', 'policyFrom', 'tournament', 'mutations', 'learnedPool', 'learnedMembers'];

const MEASURES: Record<string, (l: RunLog) => number> = {
  'final held-out acc': finalTestAccuracy,
  'area under held-out curve': (l) => areaUnder(l, 'heldOut'),
  'success rate': (l) => {
    const rows = successByGeneration(l);
    const n = rows.reduce((s, r) => s + r.children, 0);
    return n ? rows.reduce((s, r) => s + r.successes, 0) / n : 0;
  },
};

const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
const pct = (e: Estimate) => `${(100 * e.mean).toFixed(1)}% [${(100 * e.lo).toFixed(1)}, ${(100 * e.hi).toFixed(1)}]`;

/** The arms and output file named on the command line, every folder read and checked; a UsageError names what is wrong. */
export function parseArmsArgs(argv: string[]): { arms: Arm[]; out?: string } {
  const arms: Arm[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      if (out !== undefined) throw new UsageError('--out', 'given twice');
      out = argv[++i];
      if (!out || out.startsWith('--')) throw new UsageError('--out', 'needs a file name');
      checkWritable('--out', out);
      continue;
    }
    if (argv[i].startsWith('--')) throw new UsageError(argv[i], 'unknown flag (known: --out)');
    const m = /^([^=\s]+)=(.+)$/.exec(argv[i]);
    if (!m) throw new UsageError(argv[i], 'is not NAME=DIR');
    if (arms.some((a) => a.name === m[1])) throw new UsageError(m[1], 'names two arms');
    const logs = readSweep(m[2]).map((r) => r.log);
    if (logs.length < 2) throw new UsageError(m[2], 'holds fewer than two run logs (an interval needs two seeds)');
    arms.push({ name: m[1], dir: m[2], logs });
  }
  if (arms.length < 2) throw new UsageError('arms', 'needs at least two NAME=DIR arms');
  const tasks = new Set(arms.flatMap((a) => a.logs.map((l) => l.config.task)));
  if (tasks.size > 1) throw new UsageError('arms', `mix tasks (${[...tasks].join(', ')})`);
  const codes = new Set(arms.flatMap((a) => a.logs.map((l) => l.codeVersion ?? '(not recorded)')));
  if (codes.size > 1) throw new UsageError('arms', `were made by different code versions (${[...codes].join(', ')})`);
  // Arms may differ in how they propose, nothing else: sizes, budgets and backend must match.
  const settings = (l: RunLog) => {
    const c: Record<string, unknown> = { ...parseConfig(l.config as unknown as Record<string, unknown>) };
    for (const k of PROPOSING) delete c[k];
    return JSON.stringify(c, Object.keys(c).sort());
  };
  const other = arms.find((a) => settings(a.logs[0]) !== settings(arms[0].logs[0]));
  if (other)
    throw new UsageError(
      other.name,
      `differs from ${arms[0].name} in more than how it proposes (sizes, budget, backend…)`,
    );
  return { arms, out };
}

const bySeed = (logs: readonly RunLog[], f: (l: RunLog) => number) =>
  new Map(logs.map((l) => [l.config.seed, f(l)] as [number, number]));

/** The report as Markdown. */
export function armsReport(arms: readonly Arm[]): string {
  const first = arms[0].logs[0];
  const lines = [
    `# Paired arms on ${first.config.task} (code ${first.codeVersion ?? 'not recorded'})`,
    '',
    '| arm | folder | runs | generation 0 held-out acc | final held-out acc | rank correlation (learned) |',
    '|---|---|---|---|---|---|',
  ];
  for (const a of arms) {
    const g0 = a.logs.map((l) => l.generations[0]?.championTestAccuracy ?? 0);
    const q = predictionQuality(a.logs).mean;
    lines.push(
      `| ${a.name} | ${a.dir} | ${a.logs.length} | ${pct(tInterval(g0))} | ` +
        `${pct(tInterval(a.logs.map(finalTestAccuracy)))} | ` +
        `${q ? `${q.mean.toFixed(2)} [${q.lo.toFixed(2)}, ${q.hi.toFixed(2)}]` : '—'} |`,
    );
  }
  const rows: { label: string; measure: string; seeds: number; d: Estimate; p: number; sup: number }[] = [];
  for (const [measure, f] of Object.entries(MEASURES))
    for (let j = 1; j < arms.length; j++)
      for (let i = 0; i < j; i++) {
        const pair = pairBySeed(bySeed(arms[j].logs, f), bySeed(arms[i].logs, f));
        if (pair.seeds.length < 2) continue;
        const diffs = pair.a.map((x, k) => x - pair.b[k]);
        rows.push({
          label: `${arms[j].name} − ${arms[i].name}`,
          measure,
          seeds: pair.seeds.length,
          d: tInterval(diffs),
          p: pairedPermutationTest(diffs, rngFor(0, 'arms', arms[j].name, arms[i].name, measure)),
          sup: probabilityOfSuperiority(diffs),
        });
      }
  const adjusted = holm(rows.map((r) => r.p));
  lines.push(
    '',
    'Later arm minus earlier, paired by seed: mean in points with a 95% t interval, sign-flip permutation p, Holm-adjusted over every row.',
    '',
    '| comparison | measure | seeds | difference | P(A>B) | p | p (Holm) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r, k) =>
        `| ${r.label} | ${r.measure} | ${r.seeds} | ${pts(r.d.mean)} [${pts(r.d.lo)}, ` +
        `${pts(r.d.hi)}] | ${r.sup.toFixed(2)} | ${r.p.toPrecision(2)} | ` +
        `${adjusted[k].toPrecision(2)} |`,
    ),
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = parseOrReport(() => parseArmsArgs(process.argv.slice(2)));
  if (args === null) return 2;
  const text = armsReport(args.arms);
  if (args.out) writeAtomic(args.out, text);
  process.stdout.write(text);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runMain(main);
