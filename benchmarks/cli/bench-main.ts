/**
 * The bench CLI's body, apart from its entry points (bench.ts for tsx,
 * bench-gpu.ts for the single-file GPU bundle, which has no Chromium).
 * Prints a row per case as it is measured and a final table; writes the
 * result JSON (validated) and a self-contained HTML report. Exit codes:
 * 0 written, 1 the run failed, 2 bad flags (one line naming the flag;
 * nothing run or written).
 */
import { errorMessage } from '../../src/core/errors';
import { applyScores } from '../../src/core/bench/score';
import { SUITES } from '../../src/core/bench/suites';
import type { BenchEvent } from '../../src/core/bench/events';
import type { BenchResult } from '../../src/core/bench/result';
import type { Suite } from '../../src/core/bench/suite';
import { validateBenchResult } from '../../src/core/bench/validate';
import { parseOrReport, UsageError } from './args';
import { populationMain, type PopulationDrivers } from './population-main';
import { writeAtomic } from './files';
import { BENCH_HELP, parseBenchArgs } from './bench-args';
import { benchTable, createBenchReporter } from './bench-print';
import { hostFacts } from '../drivers/host-facts';
import { renderReport } from '../report/html';
import type { TimingOptions } from '../../src/core/bench/policy';
import { assessResult } from '../../src/core/bench/reliability';
import { cpus, loadavg } from 'node:os';
import { watchOthers } from './host-cpu';

/** Where a suite can run; the single-file GPU bundle has only the Node driver. */
export interface BenchDrivers {
  node: (
    root: string,
    suite: Suite,
    backends: string[],
    onEvent: (e: BenchEvent) => void,
    label: string,
    timing: TimingOptions,
  ) => Promise<BenchResult>;
  chromium?: (
    root: string,
    suite: string,
    backends: string[],
    label: string,
    onEvent: (e: BenchEvent) => void,
    log: (line: string) => void,
    timing: TimingOptions,
  ) => Promise<BenchResult>;
  /** The population suite, whose figures are ratios between training modes on one backend, has its own runner. */
  population: PopulationDrivers;
}

/** `--suite population` (either spelling) anywhere in argv: returns argv without it, or null. */
function populationArgs(argv: string[]): string[] | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--suite=population') return [...argv.slice(0, i), ...argv.slice(i + 1)];
    if (argv[i] === '--suite' && argv[i + 1] === 'population') return [...argv.slice(0, i), ...argv.slice(i + 2)];
  }
  return null;
}

/** The whole CLI: parse, run, print, write. Returns the exit code. */
export async function benchMain(argv: string[], root: string, drivers: BenchDrivers): Promise<number> {
  const population = populationArgs(argv);
  if (population) return populationMain(population, root, drivers.population);
  const args = parseOrReport(() => {
    const a = parseBenchArgs(argv, root, drivers.chromium ? 'chromium' : 'node');
    if (a.driver === 'chromium' && !drivers.chromium)
      throw new UsageError('--driver', 'this build runs --driver node only');
    return a;
  });
  if (args === null) return 2;
  if (args.help) {
    process.stdout.write(BENCH_HELP);
    return 0;
  }
  const write = (s: string) => process.stdout.write(s);
  const suite = SUITES[args.suite];
  write(
    `successor bench: suite ${suite.name} v${suite.version} (${suite.title}); backends ${args.backends.join(', ')}; driver ${args.driver}\n`,
  );
  const ref = args.reference;
  write(
    ref === 'self'
      ? "scores normalised to this run's own cpu entry (a new reference)\n"
      : ref
        ? `scores normalised to the cpu entry of ${ref.path}\n`
        : `no reference result for ${suite.name}: the result will be unscored\n`,
  );
  const report = createBenchReporter(write, Boolean(process.stdout.isTTY));
  const started = performance.now();
  let raw: BenchResult;
  const others = watchOthers();
  try {
    if (args.driver === 'node') raw = await drivers.node(root, suite, args.backends, report, args.label, args.timing);
    else {
      const before = loadavg();
      raw = await drivers.chromium!(
        root,
        suite.name,
        args.backends,
        args.label,
        report,
        (l) => write(l + '\n'),
        args.timing,
      );
      // The page knows the browser; the machine's OS, CPU and load come from here.
      raw = {
        ...raw,
        environment: { ...raw.environment, ...hostFacts() },
        hostLoad: { before, after: loadavg(), cores: cpus().length },
      };
    }
  } catch (e) {
    others.stop();
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
  const usedByOthers = others.stop();
  if (usedByOthers && raw.hostLoad) raw = { ...raw, hostLoad: { ...raw.hostLoad, others: usedByOthers } };
  const scored = assessResult(applyScores(raw, ref === 'self' ? raw : (ref?.result ?? null)));
  let result: BenchResult;
  try {
    result = validateBenchResult(scored);
  } catch (e) {
    // Keep the run for diagnosis, but never under the name a reader would trust.
    writeAtomic(`${args.out}.invalid`, JSON.stringify(scored, null, 1) + '\n');
    process.stderr.write(
      `error: the result failed its schema check (${errorMessage(e)}); kept as ${args.out}.invalid\n`,
    );
    return 1;
  }
  write(benchTable(result));
  writeAtomic(args.out, JSON.stringify(result, null, 1) + '\n');
  write(`wrote ${args.out}\n`);
  if (args.html) {
    writeAtomic(args.html, renderReport([result]));
    write(`wrote ${args.html}\n`);
  }
  write(`took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
