/**
 * `npm run report -- DIR [--target 0.9] [--baseline random] [--allow-mixed]`
 * merges a sweep's run logs and writes, next to them: report.md,
 * summary.json (the same numbers as report.md), summary.csv, best-so-far.svg
 * and best-so-far.png. Logs of different tasks, configs or schema versions
 * are refused, never averaged; so are logs of different code or backends,
 * unless --allow-mixed.
 */
import { errorMessage } from '../../src/core/errors';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkComparable, SweepError } from '../../src/core/sweep';
import { summariseSweep, type Comparison, type SweepSummary } from '../../src/core/sweep-summary';
import { RunLogError, validateRunLog, type RunLog } from '../../src/core/runlog';
import type { Estimate } from '../../src/core/stats';
import { parseFlags, parseOrReport, runMain, UsageError } from './args';
import { checkWritableDir, readInput, writeAtomic } from './files';
import { bestSoFarSvg } from '../report/plot';
import { formatHelp } from './config-flags';

/** Files the report writes into the sweep folder (and so never reads as runs). */
export const REPORT_FILES = [
  'report.md',
  'summary.json',
  'summary.csv',
  'best-so-far.svg',
  'best-so-far.png',
  // Written by learned-curve into a sweep folder: not a run log.
  'learned-curve.json',
];

/** Reads and checks every run log in a folder. Throws UsageError naming the bad file. */
export function readSweep(dir: string, allowMixed = false): { file: string; log: RunLog }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(dir, 'is not a folder of run logs');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !REPORT_FILES.includes(f))
    .sort();
  if (files.length === 0) throw new UsageError(dir, 'holds no .json run logs');
  const runs = files.map((file) => {
    let value: unknown;
    const text = readInput(file, join(dir, file));
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new UsageError(file, `is not valid JSON (${errorMessage(e)})`);
    }
    try {
      return { file, log: validateRunLog(value) };
    } catch (e) {
      if (e instanceof RunLogError) throw new UsageError(file, `is not a run log this version can read: ${e.message}`);
      throw e;
    }
  });
  try {
    checkComparable(runs, allowMixed);
  } catch (e) {
    if (e instanceof SweepError) throw new UsageError('runs', `cannot be merged: ${e.message}`);
    throw e;
  }
  return runs;
}

/**
 * Text from run logs or flags, made inert in Markdown: no emphasis, links,
 * HTML or table breaks, on one line, cut short. The validator already limits
 * these fields to known names; this keeps report.md safe if that loosens.
 */
export function mdText(s: string, max = 80): string {
  const one = s.replace(/[\r\n]+/g, ' ');
  const short = one.length > max ? `${one.slice(0, max)}…` : one;
  return short.replace(/[\\`*_[\]<>|&~]/g, (c) => `\\${c}`);
}

/** The same for a code span: nothing inside one is markup, but a backtick or newline would end it. */
export function mdCode(s: string, max = 80): string {
  const one = s.replace(/[`\r\n|]+/g, ' ');
  return `\`${one.length > max ? `${one.slice(0, max)}…` : one}\``;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ci = (e: Estimate, f = pct) => `${f(e.mean)} [${f(e.lo)}, ${f(e.hi)}]`;
const pts = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

const num = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const pctOr = (x: number) => (Number.isFinite(x) ? pct(x) : 'n/a');
const ciOr = (e: Estimate, f = pctOr) =>
  Number.isFinite(e.lo) ? `${f(e.mean)} [${f(e.lo)}, ${f(e.hi)}]` : `${f(e.mean)}`;
const ptsOr = (x: number) => (Number.isFinite(x) ? pts(x) : 'n/a');
const pval = (p: number) => (p < 0.0001 ? '<0.0001' : p.toFixed(4));

/** How a measure is named in the report; accuracies in points, time in generations. */
export const MEASURE_LABEL: Record<Comparison['measure'], string> = {
  aucHeldOut: 'area under held-out curve',
  finalHeldOut: 'final held-out (test) acc',
  timeToTargetHeldOut: 'generations to target, held-out (restricted; lower is better)',
  aucVal: 'area under best-so-far validation',
  finalVal: 'final validation acc',
};

function difference(k: Comparison): string {
  const f =
    k.measure === 'timeToTargetHeldOut'
      ? (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(2)}` : 'n/a')
      : ptsOr;
  return `${f(k.difference.mean)} [${f(k.difference.lo)}, ${f(k.difference.hi)}]`;
}

/** The verdict in words: a "no difference" is stated as the interval with the smallest detectable difference. */
function verdict(k: Comparison): string {
  if (k.verdict !== 'no difference shown') return `**${k.verdict}**`;
  const unit = k.measure === 'timeToTargetHeldOut' ? ' generations' : ' points';
  const scale = k.measure === 'timeToTargetHeldOut' ? 1 : 100;
  const sdd =
    k.detectable === null
      ? ''
      : k.detectable === 0
        ? '; every seed gave the same difference, so there is no spread to size a test by'
        : `; could detect ≥ ${(k.detectable * scale).toFixed(k.measure === 'timeToTargetHeldOut' ? 2 : 1)}${unit}`;
  return `no difference shown (within the interval${sdd})`;
}

export function markdown(s: SweepSummary, logs: readonly RunLog[]): string {
  const c = logs[0].config;
  const codes = [...new Set(logs.map((l) => l.codeVersion ?? '(not recorded)'))];
  const lines = [
    `# Sweep report: ${mdText(s.task)}`,
    '',
    `${s.runs} runs; ${c.generations} generations × ${c.population} children, ` +
      `${c.flopsBudget ? `FLOPs budget ${c.flopsBudget} per candidate${c.stepCap ? ` (at most ${c.stepCap} steps)` : ''}` : `${c.steps} steps each`}` +
      `, generation 0 ` +
      `${c.init === 'random' ? `${c.population} random genomes` : `seed genome ${mdCode(typeof c.seedGenome === 'string' ? c.seedGenome : 'custom')}`}` +
      `, pool ${c.pool}, removal ${mdCode(c.removal)}, accept ${mdCode(c.accept)}` +
      `${c.replicates ? `, ${c.replicates} replicates` : ''}. Backends: ` +
      `${[...new Set(logs.map((l) => l.environment.backend))].map((b) => mdText(b)).join(', ')}` +
      `. Code: ${codes.map((v) => mdCode(v)).join(', ')}.`,
    '',
    "The headline measures read the champion's **held-out** (test) accuracy, which selection never saw; validation, which the",
    'champion was selected on and so overstates it, is beside them. Means across seeds with 95% t intervals.',
    '',
    `| proposer | runs | area under held-out curve | final held-out acc | reached ` +
      `${pct(s.target)} held-out | generations to ${pct(s.target)} held-out (KM median; ` +
      `restricted mean) | area under best-so-far val | final val acc | reached ` +
      `${pct(s.target)} val | selection optimism at the end | FLOPs | training time |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...s.proposers.map((p) => {
      const t = p.timeToTarget.heldOut;
      const last = p.optimism.perGeneration.at(-1);
      return (
        `| ${mdText(p.proposer)} | ${p.seeds.length} | ${ciOr(p.aucHeldOut)} | ` +
        `${ciOr(p.finalTest)} | ${t.reached}/${p.seeds.length} | ${t.median ?? '—'}; ` +
        `${ciOr(t.restrictedMean, (x) => num(x, 2))} | ${ciOr(p.auc)} | ${ciOr(p.finalVal)} ` +
        `| ${p.timeToTarget.val.reached}/${p.seeds.length} | ` +
        `${last ? `${ptsOr(last.mean)} ± ${num(last.se * 100)} pts` : '—'} | ` +
        `${p.totalFlops.toExponential(2)} | ${(p.totalTrainMs / 1000).toFixed(0)} s |`
      );
    }),
    '',
    ...optimismSection(s),
  ];
  if (s.comparisons.length) {
    const seeds = s.seedsShared
      ? `All proposers ran the same seeds (${s.proposers[0].seeds.length}), so every test is paired by seed.`
      : `**The proposers did not run the same seeds**: each test uses only the seeds both sides ran (listed as left out below).`;
    lines.push(
      `## Against ${mdCode(s.baseline)}`,
      '',
      `${seeds} Difference = proposer − baseline per seed, mean with 95% t interval ` +
        `(points for accuracies); p from a two-sided paired permutation test, then ` +
        `Holm-adjusted over all ${s.comparisons.length} tests of this report; P(A>B) is the ` +
        `share of seeds where the proposer is higher (ties half). A verdict needs Holm p < ` +
        `0.05; otherwise the interval bounds the difference and the last column says the ` +
        `smallest difference this sweep could detect (80% power).`,
      '',
    );
    lines.push(
      '| proposer | measure | difference [95% CI] | P(A>B) | p | p (Holm) | verdict |',
      '|---|---|---|---|---|---|---|',
    );
    for (const k of s.comparisons)
      lines.push(
        `| ${mdText(k.proposer)} | ${MEASURE_LABEL[k.measure]} | ${difference(k)} | ` +
          `${num(k.pSuperior, 2)} | ${pval(k.pValue)} | ${pval(k.pHolm)} | ${verdict(k)} |`,
      );
    const left = s.comparisons.filter((k) => k.unpaired.proposer.length || k.unpaired.baseline.length);
    for (const k of left.filter((x, i) => left.findIndex((y) => y.proposer === x.proposer) === i))
      lines.push(
        '',
        `Left out of ${mdText(k.proposer)} vs ${mdText(k.baseline)}: seeds ` +
          `${k.unpaired.proposer.join(', ') || '—'} (only ${mdText(k.proposer)}), ` +
          `${k.unpaired.baseline.join(', ') || '—'} (only ${mdText(k.baseline)}).`,
      );
    lines.push('');
  } else lines.push(`(No ${mdCode(s.baseline)} runs in this sweep, so no comparisons.)`, '');
  lines.push('![best so far](best-so-far.svg)', '');
  lines.push(...successSection(s));
  return lines.join('\n');
}

/** Selection optimism per generation: how far each proposer's champions' validation accuracy overstates held-out accuracy. */
function optimismSection(s: SweepSummary): string[] {
  const gens = Math.max(...s.proposers.map((p) => p.optimism.perGeneration.length));
  return [
    '## Selection optimism',
    '',
    'Champion validation minus held-out accuracy, in points: mean across runs ± the binomial standard error of that mean',
    '(from the validation and test split sizes). It grows when a proposer wins by picking the luckiest of many noisy scores.',
    '',
    `| proposer | ${Array.from({ length: gens }, (_, g) => `g${g}`).join(' | ')} |`,
    `|---|${'---|'.repeat(gens)}`,
    ...s.proposers.map(
      (p) =>
        `| ${mdText(p.proposer)} | ${p.optimism.perGeneration.map((o) => `${ptsOr(o.mean)} ± ${num(o.se * 100)}`).join(' | ')} |`,
    ),
    '',
  ];
}

/** Proposal success rate per proposer: the level and its trend over generations. */
function successSection(s: SweepSummary): string[] {
  const rows = s.proposers.filter((p) => p.success);
  if (rows.length === 0) return [];
  const gens = Math.max(...rows.map((p) => p.success!.perGeneration.length));
  const slope = (e: Estimate | null) => (e ? `${pts(e.mean)} [${pts(e.lo)}, ${pts(e.hi)}]` : '—');
  return [
    '## Proposal success rate',
    '',
    "Share of children whose validation accuracy beats their parent's by more than one binomial standard error of the",
    "difference, √(2p(1−p)/n) at the parent's accuracy p on the n validation examples (random: against the previous",
    'champion; diverged or failed children count as failures). Slope: change of the rate per generation, in points',
    '(least squares per run, mean across runs, 95% bootstrap interval). A rising rate is the improver improving.',
    '',
    `| proposer | success rate | slope per generation | ${Array.from({ length: gens }, (_, g) => `g${g + 1}`).join(' | ')} |`,
    `|---|---|---|${'---|'.repeat(gens)}`,
    ...rows.map(
      (p) =>
        `| ${mdText(p.proposer)} | ${ci(p.success!.overall)} | ${slope(p.success!.slope)} | ${p.success!.perGeneration.map((e) => pct(e.mean)).join(' | ')} |`,
    ),
    '',
  ];
}

export function csv(s: SweepSummary): string {
  const rows = [
    [
      'proposer,runs,aucHeldOutMean,aucHeldOutLo,aucHeldOutHi,finalTestMean,finalTestLo,finalTestHi,aucMean,aucLo,aucHi',
      'finalValMean,reachedTargetHeldOut,reachedTarget,timeToTargetHeldOutMedian,timeToTargetHeldOutRestrictedMean',
      'finalOptimismMean,totalFlops,totalTrainMs',
    ].join(','),
  ];
  for (const p of s.proposers) {
    const t = p.timeToTarget.heldOut;
    rows.push(
      [
        p.proposer,
        p.seeds.length,
        p.aucHeldOut.mean,
        p.aucHeldOut.lo,
        p.aucHeldOut.hi,
        p.finalTest.mean,
        p.finalTest.lo,
        p.finalTest.hi,
        p.auc.mean,
        p.auc.lo,
        p.auc.hi,
        p.finalVal.mean,
        t.reached,
        p.reachedTarget,
        t.median ?? '',
        t.restrictedMean.mean,
        p.optimism.final.mean,
        p.totalFlops,
        Math.round(p.totalTrainMs),
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

const REPORT_USAGE = 'usage: npm run report -- DIR [--target 0.9] [--baseline random] [--allow-mixed]';

/** The report's --help. */
export const REPORT_HELP = `${REPORT_USAGE}\n${formatHelp([
  { flag: 'target', metavar: 'ACC', help: 'accuracy the time-to-target columns count to (default 0.9)' },
  { flag: 'baseline', metavar: 'NAME', help: 'proposer the others are compared against (default random)' },
  { flag: 'allow-mixed', help: 'merge runs of different code versions or backends' },
  { flag: 'help', help: 'print this and exit' },
])}`;

/** The report's arguments, or 'help'; bad ones throw UsageError. Reads no files. */
export function parseSweepReportArgs(
  argv: readonly string[],
): { dir: string; target: number; baseline: string; allowMixed: boolean } | 'help' {
  const rest = [...argv];
  const dir = rest[0] && !rest[0].startsWith('--') ? rest.shift()! : undefined;
  const f = parseFlags(rest, { target: 'string', baseline: 'string', 'allow-mixed': 'boolean', help: 'boolean' });
  if (f.help === 'true') return 'help';
  if (!dir) throw new UsageError('DIR', REPORT_USAGE);
  const target = Number(f.target ?? 0.9);
  if (!(target > 0 && target <= 1))
    throw new UsageError('--target', `must be a validation accuracy in (0, 1], got "${f.target}"`);
  return { dir, target, baseline: f.baseline ?? 'random', allowMixed: f['allow-mixed'] === 'true' };
}

export async function reportMain(argv: readonly string[]): Promise<number> {
  const parsed = parseOrReport(() => {
    const a = parseSweepReportArgs(argv);
    if (a === 'help') return a;
    const runs = readSweep(a.dir, a.allowMixed);
    // The report is written into the folder: find out now, not after the statistics.
    checkWritableDir('DIR', a.dir);
    return { folder: a.dir, target: a.target, baseline: a.baseline, runs };
  });
  if (parsed === 'help') {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  if (parsed === null) return 2;
  const { folder, target, baseline, runs } = parsed;
  const logs = runs.map((r) => r.log);
  const summary = summariseSweep(logs, target, baseline);
  const md = markdown(summary, logs);
  writeAtomic(join(folder, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  writeAtomic(join(folder, 'summary.csv'), csv(summary));
  const svg = bestSoFarSvg(summary.task, summary.proposers);
  writeAtomic(join(folder, 'best-so-far.svg'), svg);
  writeAtomic(join(folder, 'report.md'), md);
  try {
    const { svgToPng } = await import('../report/png');
    const png = await svgToPng(svg, 720, 420);
    const { writeFileSync, renameSync } = await import('node:fs');
    writeFileSync(join(folder, 'best-so-far.png.tmp'), png);
    renameSync(join(folder, 'best-so-far.png.tmp'), join(folder, 'best-so-far.png'));
  } catch (e) {
    process.stderr.write(`warning: no PNG (${errorMessage(e).split('\n')[0]}); the SVG is written\n`);
  }
  process.stdout.write(md);
  process.stdout.write(`\nwrote report.md, summary.json, summary.csv, best-so-far.svg, best-so-far.png in ${folder}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(() => reportMain(process.argv.slice(2)));
}
