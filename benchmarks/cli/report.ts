/**
 * `npm run report -- DIR [--target 0.9] [--baseline random]` merges a
 * sweep's run logs and writes, next to them: report.md, summary.json,
 * summary.csv, best-so-far.svg and best-so-far.png. Logs of different
 * tasks, configs or schema versions are refused, never averaged.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkComparable, SweepError } from '../../src/core/sweep';
import { summariseSweep, type SweepSummary } from '../../src/core/sweep-summary';
import { RunLogError, validateRunLog, type RunLog } from '../../src/core/runlog';
import type { Estimate } from '../../src/core/stats';
import { parseFlags, parseOrReport, runMain, UsageError } from './args';
import { writeAtomic } from './files';
import { bestSoFarSvg } from '../report/plot';

/** Files the report writes into the sweep folder (and so never reads as runs). */
export const REPORT_FILES = ['report.md', 'summary.json', 'summary.csv', 'best-so-far.svg', 'best-so-far.png'];

/** Reads and checks every run log in a folder. Throws UsageError naming the bad file. */
export function readSweep(dir: string, allowMixed = false): { file: string; log: RunLog }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(dir, 'is not a folder of run logs');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !REPORT_FILES.includes(f)).sort();
  if (files.length === 0) throw new UsageError(dir, 'holds no .json run logs');
  const runs = files.map((file) => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (e) {
      throw new UsageError(file, `is not valid JSON (${(e as Error).message})`);
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

export function markdown(s: SweepSummary, logs: readonly RunLog[]): string {
  const c = logs[0].config;
  const lines = [
    `# Sweep report: ${mdText(s.task)}`,
    '',
    `${s.runs} runs; ${c.generations} generations × ${c.population} children, ${c.steps} steps each${c.flopsBudget ? ` (FLOPs budget ${c.flopsBudget})` : ''}, seed genome ${mdCode(typeof c.seedGenome === 'string' ? c.seedGenome : 'custom')}, accept ${mdCode(c.accept)}${c.replicates ? `, ${c.replicates} replicates` : ''}. Backends: ${[...new Set(logs.map((l) => l.environment.backend))].map((b) => mdText(b)).join(', ')}.`,
    '',
    'Means with 95% percentile-bootstrap intervals across seeds.',
    '',
    `| proposer | runs | final champion test acc | area under best-so-far | reached ${pct(s.target)} val | generations to ${pct(s.target)} | training FLOPs | training time |`,
    '|---|---|---|---|---|---|---|---|',
    ...s.proposers.map((p) => `| ${mdText(p.proposer)} | ${p.seeds.length} | ${ci(p.finalTest)} | ${ci(p.auc)} | ${p.reachedTarget}/${p.seeds.length} | ${p.generationsToTarget ? ci(p.generationsToTarget, (x) => x.toFixed(1)) : '—'} | ${p.totalFlops.toExponential(2)} | ${(p.totalTrainMs / 1000).toFixed(0)} s |`),
    '',
  ];
  if (s.comparisons.length) {
    lines.push(`Against ${mdCode(s.baseline)} (difference of means in points, 95% bootstrap interval; two-sided permutation test):`, '');
    lines.push('| proposer | measure | difference | interval | p-value |', '|---|---|---|---|---|');
    for (const k of s.comparisons) lines.push(`| ${mdText(k.proposer)} | ${k.measure === 'finalTest' ? 'final test acc' : 'area under best-so-far'} | ${pts(k.difference.mean)} | [${pts(k.difference.lo)}, ${pts(k.difference.hi)}] | ${k.pValue.toFixed(4)} |`);
    lines.push('');
  } else lines.push(`(No ${mdCode(s.baseline)} runs in this sweep, so no comparisons.)`, '');
  lines.push('![best so far](best-so-far.svg)', '');
  lines.push(...successSection(s));
  return lines.join('\n');
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
    'Share of children whose validation accuracy beats their parent\'s by more than one binomial standard error of the',
    'difference, √(2p(1−p)/n) at the parent\'s accuracy p on the n validation examples (random: against the previous',
    'champion; diverged or failed children count as failures). Slope: change of the rate per generation, in points',
    '(least squares per run, mean across runs, 95% bootstrap interval). A rising rate is the improver improving.',
    '',
    `| proposer | success rate | slope per generation | ${Array.from({ length: gens }, (_, g) => `g${g + 1}`).join(' | ')} |`,
    `|---|---|---|${'---|'.repeat(gens)}`,
    ...rows.map((p) => `| ${mdText(p.proposer)} | ${ci(p.success!.overall)} | ${slope(p.success!.slope)} | ${p.success!.perGeneration.map((e) => pct(e.mean)).join(' | ')} |`),
    '',
  ];
}

export function csv(s: SweepSummary): string {
  const rows = ['proposer,runs,finalTestMean,finalTestLo,finalTestHi,aucMean,aucLo,aucHi,reachedTarget,generationsToTargetMean,totalFlops,totalTrainMs'];
  for (const p of s.proposers) {
    rows.push([p.proposer, p.seeds.length, p.finalTest.mean, p.finalTest.lo, p.finalTest.hi, p.auc.mean, p.auc.lo, p.auc.hi, p.reachedTarget, p.generationsToTarget?.mean ?? '', p.totalFlops, Math.round(p.totalTrainMs)].join(','));
  }
  return rows.join('\n') + '\n';
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const dir = argv[0] && !argv[0].startsWith('--') ? argv.shift()! : undefined;
  const parsed = parseOrReport(() => {
    const f = parseFlags(argv, { target: 'string', baseline: 'string' });
    if (!dir) throw new UsageError('DIR', 'usage: npm run report -- DIR [--target 0.9] [--baseline random]');
    const target = Number(f.target ?? 0.9);
    if (!(target > 0 && target <= 1)) throw new UsageError('--target', `must be a validation accuracy in (0, 1], got "${f.target}"`);
    return { folder: dir, target, baseline: f.baseline ?? 'random', runs: readSweep(dir) };
  });
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
    process.stderr.write(`warning: no PNG (${(e as Error).message.split('\n')[0]}); the SVG is written\n`);
  }
  process.stdout.write(md);
  process.stdout.write(`\nwrote report.md, summary.json, summary.csv, best-so-far.svg, best-so-far.png in ${folder}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(main);
}
