/**
 * `npm run learned-curve -- DIR [--eval-from DIR2]`: the `learned`
 * proposer's own learning curve (src/core/learning-curve.ts). For each
 * `learned` run in DIR, the predictor of each generation is rebuilt on the
 * tfjs CPU backend from the run's own examples and seeded stream, checked
 * against the predictions the run logged, and scored on a fixed evaluation
 * set: the examples of DIR's other runs (leave one run out), or with
 * --eval-from every example of the runs in DIR2 (one set for all). Prints
 * and writes learned-curve.md and learned-curve.json into DIR: the
 * pre-registered tests of docs/results.md, the mean ρ per snapshot, and each
 * run's curve. Runs whose rebuild is not faithful are left out and counted.
 * Exit codes: 0 written, 1 the rebuild failed, 2 bad arguments or input
 * (one line naming it; nothing written).
 */
import { join } from 'node:path';
import type { LearnedExample } from '../../src/core/learned';
import {
  curveTests,
  FAITHFUL_TOLERANCE,
  runExamples,
  taskSeedKey,
  type CurveTest,
  type RunCurve,
} from '../../src/core/learning-curve';
import type { RunLog } from '../../src/core/runlog';
import { parseFlags, parseOrReport, runMain, UsageError } from './args';
import { checkWritableDir, writeAtomic } from './files';
import { readSweep } from './report';

/** Whether a run's snapshots reproduce what it logged. */
export const faithful = (c: RunCurve): boolean =>
  c.faithfulness.compared > 0 && c.faithfulness.unmatched === 0 && c.faithfulness.maxAbsDiff <= FAITHFUL_TOLERANCE;

const f2 = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const f3 = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
const pv = (p: number | null | undefined) => (p === null || p === undefined ? '—' : p.toFixed(4));
const testLine = (t: CurveTest) =>
  t.estimate
    ? `${t.name}: ${f3(t.estimate.mean)} [${f3(t.estimate.lo)}, ${f3(t.estimate.hi)}] over ` +
      `${t.values.length} runs, above 0 in ${t.values.filter((v) => v > 0).length}; p ` +
      `${pv(t.p)}` +
      `${t.pHolm !== undefined ? `, Holm ${pv(t.pHolm)}` : ' (one test, not adjusted)'}`
    : `${t.name}: fewer than 2 runs`;

/** The report as Markdown. */
export function curveMarkdown(curves: readonly RunCurve[], evalDescription: string): string {
  const ok = curves.filter(faithful);
  const { primary, secondary, perSnapshot } = curveTests(ok);
  const gens = [...new Set(ok.flatMap((c) => c.snapshots.map((s) => s.generation)))].sort((a, b) => a - b);
  const maxDiff = Math.max(0, ...curves.map((c) => c.faithfulness.maxAbsDiff));
  return [
    "# The learned predictor's own learning curve",
    '',
    `Snapshot g: the predictor generation g trained, rebuilt on the tfjs CPU backend ` +
      `from the run's examples of generations < g and its seeded stream. ρ: Spearman ` +
      `correlation between a snapshot's predicted gains and the measured gains of a fixed ` +
      `evaluation set: ${evalDescription}.`,
    '',
    `Code: ` +
      `${[...new Set(curves.map((c) => c.codeVersion ?? '(not recorded)'))].join(', ')}. ` +
      `Faithful rebuilds (every logged prediction of a snapshot's own children found in ` +
      `its pool and within ${FAITHFUL_TOLERANCE} of the log): ${ok.length} of ` +
      `${curves.length} runs; largest |rebuilt − logged| ${maxDiff.toExponential(2)} over ` +
      `${curves.reduce((s, c) => s + c.faithfulness.compared, 0)} predictions.`,
    '',
    '## Tests over runs (mean, 95% t interval, sign-flip p)',
    '',
    `- **Primary**, ${testLine(primary)} (snapshots 6–8 minus 2–3)`,
    ...secondary.map((t) => `- ${testLine(t)}`),
    '',
    '## ρ per snapshot, mean over runs [95% t]',
    '',
    '| snapshot | examples (mean) | runs | ρ |',
    '|---|---|---|---|',
    ...perSnapshot.map(
      (s) => `| ${s.generation} | ${s.examples} | ${s.rho.n} | ${f2(s.rho.mean)} [${f2(s.rho.lo)}, ${f2(s.rho.hi)}] |`,
    ),
    '',
    '## Each run',
    '',
    `| seed | faithful | max diff | evaluation set | ${gens.map((g) => `ρ${g}`).join(' | ')} |`,
    `|---|---|---|---|${gens.map(() => '---|').join('')}`,
    ...curves.map(
      (c) =>
        `| ${c.seed} | ` +
        `${faithful(c) ? 'yes' : `no (${c.faithfulness.unmatched} not in pool)`} | ` +
        `${c.faithfulness.maxAbsDiff.toExponential(1)} | ${c.evalSize} | ` +
        `${gens.map((g) => f2(c.snapshots.find((s) => s.generation === g)?.rho ?? null)).join(' | ')}` +
        ` |`,
    ),
    '',
  ].join('\n');
}

const HELP = `usage: npm run learned-curve -- DIR [--eval-from DIR2]
  rebuilds each learned run's predictor per generation from the run logs in DIR,
  scores it on a fixed set and writes learned-curve.md and learned-curve.json into DIR
  --eval-from DIR2   score every run on all examples of DIR2's runs
                     (default: leave one run out, the other runs of DIR)
  --help             print this and exit
`;

interface Parsed {
  dir: string;
  logs: RunLog[];
  fixed: { dir: string; examples: LearnedExample[] } | null;
}

/** The arguments and the run logs they name; a UsageError names the first thing wrong, before anything is written. */
export function parseLearnedCurveArgs(argv: string[]): Parsed | 'help' {
  if (argv.includes('--help')) return 'help';
  if (argv.length === 0 || argv[0].startsWith('--'))
    throw new UsageError('DIR', 'give the folder of run logs first (npm run learned-curve -- DIR [--eval-from DIR2])');
  const dir = argv[0];
  const flags = parseFlags(argv.slice(1), { 'eval-from': 'string' });
  const logs = readSweep(dir).map((r) => r.log);
  const learned = logs.filter((l) => l.config.proposer === 'learned');
  if (learned.length === 0) throw new UsageError(dir, 'holds no runs of the learned proposer');
  const keys = new Set<string>();
  for (const l of learned) {
    if (keys.has(taskSeedKey(l))) throw new UsageError(dir, `holds two learned runs of ${taskSeedKey(l)}`);
    keys.add(taskSeedKey(l));
  }
  checkWritableDir('DIR', dir);
  const from = flags['eval-from'];
  if (from === undefined) {
    if (learned.length < 2)
      throw new UsageError(dir, 'leaving one run out needs 2 or more learned runs (or --eval-from)');
    return { dir, logs: learned, fixed: null };
  }
  let others: RunLog[];
  try {
    others = readSweep(from).map((r) => r.log);
  } catch (e) {
    // readSweep names a bad file by its name alone: say which of the two folders it is in.
    if (e instanceof UsageError) throw new UsageError('--eval-from', e.message);
    throw e;
  }
  // A run whose own children were in the fixed set would be scored partly on what it trained on.
  const shared = others.find((o) => keys.has(taskSeedKey(o)));
  if (shared) throw new UsageError('--eval-from', `holds ${taskSeedKey(shared)}, which DIR also holds`);
  return { dir, logs: learned, fixed: { dir: from, examples: others.flatMap(runExamples) } };
}

/** The CLI with its arguments; returns the exit code (tests run it in process). */
export async function learnedCurveMain(argv: string[]): Promise<number> {
  const parsed = parseOrReport(() => parseLearnedCurveArgs(argv));
  if (parsed === null) return 2;
  if (parsed === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const { prepareNode } = await import('../../src/engine/node-host');
  const { selectBackend } = await import('../../src/engine/backend');
  const { runCurve } = await import('../../src/engine/learning-curve');
  await prepareNode();
  if ((await selectBackend('cpu')).backend !== 'cpu') throw new Error('the tfjs cpu backend did not start');
  const { dir, logs, fixed } = parsed;
  const own = new Map(logs.map((l) => [taskSeedKey(l), runExamples(l)]));
  const curves: RunCurve[] = [];
  for (const log of logs) {
    const evalSet = fixed
      ? fixed.examples
      : logs.filter((o) => taskSeedKey(o) !== taskSeedKey(log)).flatMap((o) => own.get(taskSeedKey(o)) ?? []);
    const c = await runCurve(log, evalSet);
    process.stderr.write(
      `seed ${c.seed}: ` +
        `${c.snapshots.map((s) => `ρ${s.generation} ${f2(s.rho)}`).join(', ')}; max |rebuilt ` +
        `− logged| ${c.faithfulness.maxAbsDiff.toExponential(1)}\n`,
    );
    curves.push(c);
  }
  const description = fixed
    ? `every example of the runs in ${fixed.dir} (${fixed.examples.length}), one set for all runs`
    : "every example of the folder's other learned runs (leave one run out)";
  const md = curveMarkdown(curves, description);
  writeAtomic(join(dir, 'learned-curve.json'), JSON.stringify({ evaluation: description, curves }, null, 1) + '\n');
  writeAtomic(join(dir, 'learned-curve.md'), md);
  process.stdout.write(md + `\nwrote learned-curve.md and learned-curve.json in ${dir}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(() => learnedCurveMain(process.argv.slice(2)));
}
