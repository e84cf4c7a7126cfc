/**
 * `npm run improver-report -- DIR` compares the improver's proposers in a
 * sweep folder, paired by seed (src/core/improver-summary.ts): each of
 * self-adaptive, its ablations and learned against evolution, and
 * self-adaptive against its ablations, on held-out test accuracy, the area
 * under the best-so-far curve and the proposal success rate; plus the learned
 * proposer's rank correlation per generation; and, for runs from the
 * `control` and `lr-control` seed genomes, the positive control. Writes improver.md into DIR.
 */
import { join } from 'node:path';
import {
  pairedComparisons,
  positiveControl,
  predictionQuality,
  type ControlRow,
  type ImproverMeasure,
  type PairedComparison,
} from '../../src/core/improver-summary';
import type { Estimate } from '../../src/core/stats';
import { parseOrReport, runMain, UsageError } from './args';
import { writeAtomic } from './files';
import { readSweep } from './report';
import { formatHelp } from './config-flags';

const PAIRS: [string, string][] = [
  ['self-adaptive', 'evolution'],
  ['self-adaptive-frozen', 'evolution'],
  ['self-adaptive-shuffled', 'evolution'],
  ['learned', 'evolution'],
  ['self-adaptive', 'self-adaptive-frozen'],
  ['self-adaptive', 'self-adaptive-shuffled'],
];
const MEASURES: ImproverMeasure[] = ['finalTest', 'auc', 'successRate', 'successSlope'];
const NAMES: Record<ImproverMeasure, string> = {
  finalTest: 'final champion test accuracy (held out)',
  auc: 'area under best-so-far (validation)',
  successRate: 'proposal success rate',
  successSlope: 'success-rate slope per generation',
};

const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
const est = (e: Estimate) => `${pts(e.mean)} [${pts(e.lo)}, ${pts(e.hi)}]`;
const row = (c: PairedComparison) =>
  `| ${c.a} − ${c.b} | ${c.seeds} | ${est(c.difference)} | ${c.p.toFixed(3)} | ${c.pHolm.toFixed(3)} | ${c.pSuperiority.toFixed(2)} |`;

/** The report as Markdown. */
export function improverMarkdown(
  comparisons: readonly PairedComparison[],
  quality: ReturnType<typeof predictionQuality>,
  control: readonly ControlRow[] = [],
): string {
  const lines = [
    '# The improver, paired by seed',
    '',
    'Differences A − B in points (mean over seeds, 95% Student-t interval); p: two-sided sign-flip permutation test;',
    'Holm: adjusted over the comparisons of one measure; P(A>B): share of seeds where A won (ties half).',
    '',
  ];
  for (const m of MEASURES) {
    const rows = comparisons.filter((c) => c.measure === m);
    if (!rows.length) continue;
    lines.push(
      `## ${NAMES[m]}`,
      '',
      '| comparison | seeds | difference | p | Holm p | P(A>B) |',
      '|---|---|---|---|---|---|',
      ...rows.map(row),
      '',
    );
  }
  if (quality.perGeneration.length) {
    lines.push(
      '## learned: rank correlation between predicted and measured gain',
      '',
      `Mean over generations per run: ` +
        `${quality.mean ? `${quality.mean.mean.toFixed(2)} [${quality.mean.lo.toFixed(2)}, ${quality.mean.hi.toFixed(2)}]` : '—'}` +
        `; slope per generation: ` +
        `${quality.slope ? `${quality.slope.mean.toFixed(3)} [${quality.slope.lo.toFixed(3)}, ${quality.slope.hi.toFixed(3)}]` : '—'}` +
        `.`,
      '',
      '| generation | runs | rank correlation |',
      '|---|---|---|',
      ...quality.perGeneration.map(
        (g) =>
          `| ${g.generation} | ${g.rho.n} | ${g.rho.mean.toFixed(2)} [${g.rho.lo.toFixed(2)}, ${g.rho.hi.toFixed(2)}] |`,
      ),
      '',
    );
  }
  if (control.length) {
    lines.push(
      '## positive control: `lr-scale` from the `control` and `lr-control` seed genomes',
      '',
      "Seeds in which the children's mean probability of `lr-scale` reached 0.30 within generations 1–15 (the bar: ≥ 80%).",
      '',
      '| seed genome | proposer | task | seeds | reached 0.30 | median peak |',
      '|---|---|---|---|---|---|',
      ...control.map(
        (r) =>
          `| ${r.seedGenome} | ${r.proposer} | ${r.task} | ${r.seeds} | ${r.reached} (` +
          `${Math.round((100 * r.reached) / r.seeds)}%) | ${r.medianPeak.toFixed(2)} |`,
      ),
      '',
    );
  }
  return lines.join('\n');
}

const IMPROVER_USAGE = 'usage: npm run improver-report -- DIR';

/** The improver report's --help. */
export const IMPROVER_REPORT_HELP = `${IMPROVER_USAGE}\n${formatHelp([
  { flag: 'help', help: 'print this and exit; otherwise reads the sweep folder DIR and writes improver.md into it' },
])}`;

/** The folder to read, or 'help'; anything else throws UsageError. Reads no files. */
export function parseImproverReportArgs(argv: readonly string[]): string | 'help' {
  if (argv.includes('--help')) return 'help';
  if (argv.length !== 1 || argv[0].startsWith('--')) throw new UsageError('DIR', IMPROVER_USAGE);
  return argv[0];
}

export async function improverReportMain(argv: readonly string[]): Promise<number> {
  const parsed = parseOrReport(() => {
    const dir = parseImproverReportArgs(argv);
    return dir === 'help' ? dir : { dir, runs: readSweep(dir) };
  });
  if (parsed === 'help') {
    process.stdout.write(IMPROVER_REPORT_HELP);
    return 0;
  }
  if (parsed === null) return 2;
  const logs = parsed.runs.map((r) => r.log);
  const md = improverMarkdown(pairedComparisons(logs, PAIRS, MEASURES), predictionQuality(logs), positiveControl(logs));
  writeAtomic(join(parsed.dir, 'improver.md'), md);
  process.stdout.write(md + `\nwrote improver.md in ${parsed.dir}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(() => improverReportMain(process.argv.slice(2)));
}
