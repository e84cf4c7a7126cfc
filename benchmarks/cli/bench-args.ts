/**
 * Flags of `npm run bench`. Bad input is a UsageError: one line naming the
 * flag, exit code 2, nothing run or written.
 */
import { errorMessage } from '../../src/core/errors';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BENCH_BACKENDS, SUITE_NAMES, isBenchBackend, isSuiteName, type SuiteName } from '../../src/core/bench/suite';
import type { BenchResult } from '../../src/core/bench/result';
import { MAX_LABEL, validateBenchResult } from '../../src/core/bench/validate';
import { parseFlags, UsageError, type FlagKind } from './args';
import { checkWritable, readInput } from './files';
import { DEFAULT_MIN_REGION_MS, STABLE_HALF_WIDTH, type TimingOptions } from '../../src/core/bench/policy';

const FLAGS: Record<string, FlagKind> = {
  suite: 'string',
  backends: 'string',
  driver: 'string',
  out: 'string',
  html: 'string',
  reference: 'string',
  label: 'string',
  help: 'boolean',
  'until-stable': 'string',
  'min-region-ms': 'string',
  sustained: 'string',
};

export const BENCH_HELP = `usage: npm run bench -- [flags]
  --suite standard|micro|quick   which suite (default standard)
  --suite population   population batching: its own flags and result
                    (npm run bench -- --suite population --help)
  --backends LIST   comma-separated, run side by side in this order
                    (default webgpu,webgl,wasm,cpu; with --driver node: webgpu,cpu)
  --driver chromium|node   headless Chromium running the app (default), or this Node process
  --out FILE        the result JSON (default results/bench-<suite>.json)
  --html FILE       the HTML report (default: --out with .html; "none" for no report)
  --reference FILE|none|self   result whose cpu entry scores are normalised to
                    (default benchmarks/results/reference-<suite>.json; "self" scores
                    the run against itself, to make a new reference)
  --label TEXT      a name for this device / browser in comparisons
  --until-stable SECONDS   repeat each case (at least 5 times) until its median's 95%
                    interval is within ±5% of it, or SECONDS of timed repeats have passed
  --min-region-ms MS   each timed repeat runs its case enough times to last at
                    least MS (calibrated by the untimed run; default 100, 0 = once)
  --sustained MINUTES   after the suite, loop its first training case for MINUTES
                    per backend: throughput per window and stability (lowest ÷ highest)
`;

/** What a bench run needs, validated. */
export interface BenchArgs {
  help: boolean;
  suite: SuiteName;
  backends: string[];
  driver: 'chromium' | 'node';
  out: string;
  html: string | null;
  /** The reference result, 'self' (score against this run), or null (unscored). */
  reference: { path: string; result: BenchResult } | 'self' | null;
  label: string;
  /** Minimum region duration and --until-stable. */
  timing: TimingOptions;
}

/** Parses argv; throws UsageError. `root` locates the shipped reference results. */
export function parseBenchArgs(
  argv: string[],
  root: string,
  defaultDriver: 'chromium' | 'node' = 'chromium',
): BenchArgs {
  const f = parseFlags(argv, FLAGS);
  const suite = f.suite ?? 'standard';
  if (!isSuiteName(suite))
    throw new UsageError('--suite', `unknown suite "${suite}" (known: ${[...SUITE_NAMES, 'population'].join(', ')})`);
  const driver = f.driver ?? defaultDriver;
  if (driver !== 'chromium' && driver !== 'node')
    throw new UsageError('--driver', `must be chromium or node, got "${driver}"`);
  const list = (f.backends ?? (driver === 'node' ? 'webgpu,cpu' : BENCH_BACKENDS.join(',')))
    .split(',')
    .map((s) => s.trim());
  const bad = list.find((b) => !isBenchBackend(b));
  if (bad !== undefined)
    throw new UsageError('--backends', `unknown backend "${bad}" (known: ${BENCH_BACKENDS.join(', ')})`);
  const dup = list.find((b, i) => list.indexOf(b) !== i);
  if (dup !== undefined) throw new UsageError('--backends', `"${dup}" is given twice`);
  const out = f.out ?? join('results', `bench-${suite}.json`);
  checkWritable('--out', out);
  const html = f.html === 'none' ? null : (f.html ?? out.replace(/\.json$/i, '') + '.html');
  if (html !== null) checkWritable('--html', html);
  return {
    help: f.help === 'true',
    suite,
    backends: list,
    driver,
    out,
    html,
    reference: readReference(f.reference, suite, root),
    label: checkLabel(f.label ?? ''),
    timing: parseTiming(f),
  };
}

function parseTiming(f: Record<string, string>): TimingOptions {
  const number = (flag: string, max: number) => {
    const v = Number(f[flag]);
    if (f[flag].trim() === '' || !Number.isFinite(v) || v < 0 || v > max)
      throw new UsageError(`--${flag}`, `must be a number from 0 to ${max}, got "${f[flag]}"`);
    return v;
  };
  const minRegionMs = f['min-region-ms'] === undefined ? DEFAULT_MIN_REGION_MS : number('min-region-ms', 60_000);
  const out: TimingOptions = { minRegionMs };
  if (f.sustained !== undefined) {
    out.sustainedMinutes = number('sustained', 1440);
    if (out.sustainedMinutes === 0) throw new UsageError('--sustained', 'must be more than 0 minutes');
  }
  if (f['until-stable'] === undefined) return out;
  const seconds = number('until-stable', 86_400);
  if (seconds === 0) throw new UsageError('--until-stable', 'must be more than 0 seconds');
  return { ...out, untilStable: { halfWidth: STABLE_HALF_WIDTH, maxMs: seconds * 1000 } };
}

function checkLabel(label: string): string {
  if (label.length > MAX_LABEL)
    throw new UsageError('--label', `must be at most ${MAX_LABEL} characters, got ${label.length}`);
  return label;
}

function readReference(flag: string | undefined, suite: string, root: string): BenchArgs['reference'] {
  if (flag === 'none') return null;
  if (flag === 'self') return 'self';
  const path = flag ?? join(root, 'benchmarks', 'results', `reference-${suite}.json`);
  if (flag === undefined && !existsSync(path)) return null;
  let value: unknown;
  const text = readInput('--reference', resolve(path), 16_000_000);
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError('--reference', `cannot read ${path} as JSON (${errorMessage(e).split('\n')[0]})`);
  }
  try {
    return { path, result: validateBenchResult(value) };
  } catch (e) {
    throw new UsageError('--reference', `${path} is not a benchmark result: ${errorMessage(e)}`);
  }
}
