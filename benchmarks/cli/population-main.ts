/**
 * The population suite's CLI body, apart from its entry points
 * (`npm run bench:population`, and `npm run bench -- --suite population`,
 * which lands here too, also in the single-file GPU bundle). Exit codes:
 * 0 written, 1 the run failed, 2 bad flags (one line naming the flag;
 * nothing run or written).
 */
import { errorMessage } from '../../src/core/errors';
import { join } from 'node:path';
import { parseFlags, parseOrReport, UsageError } from './args';
import { checkWritable, writeAtomic } from './files';
import { BASE_MODES, DROPOUT_RATE, type PopulationResult } from '../../src/core/bench/population';
import { EXTRA_MODEL_IDS, MODEL_IDS, PLANS, type PopulationPlan } from '../../src/core/bench/population-plan';
import { table } from '../../src/core/bench/population-table';
import { runPopulation, type PopulationDriver } from './population-run';
import { quote } from '../../src/core/json-bounds';
import { MAX_STEPS } from '../../src/core/run-plan';
import { MAX_LABEL } from '../../src/core/bench/validate';
import { isTaskName, TASK_NAMES } from '../../src/core/tasks';

/** Where the suite can run; the GPU bundle has only the Node driver. */
export interface PopulationDrivers {
  node: (root: string, backend: string) => Promise<PopulationDriver>;
  chromium?: (root: string, backend: string) => Promise<PopulationDriver>;
}

export const POPULATION_HELP = `usage: npm run bench:population -- [flags]   (or: npm run bench -- --suite population [flags])
  --driver node|chromium   this Node process (default: tfjs CPU, or WebGPU through Dawn),
                    or a page in headless Chromium (WebGPU)
  --backend NAME    cpu, webgpu or wasm (default: cpu with node, webgpu with chromium);
                    --backends is accepted too, with one backend
  --sizes quick|full   quick: K 1, 8, 32 (784-256-10 and the CNN up to 8; no loop);
                    full: the issue's sizes (K 1, 8, 32, 128, and the RSI loop with
                    batching off and on), for a GPU
  --models LIST     among ${MODEL_IDS.join(', ')};
                    also ${EXTRA_MODEL_IDS.join(', ')}
  --k LIST          population sizes, e.g. 1,8,32,128 (lifts the per-model caps of --sizes)
  --steps N         training steps per timed run, every model
  --repeats N       short and long runs per figure, medians (default 3)
  --loop true|false also time the RSI loop, batching off and on, alternating
  --loop-steps N, --loop-generations N, --loop-population N   that loop's size
  --loop-task NAME  that loop's task (default spirals)
  --vs-stock        wasm: also measure every figure, and the loop (batched), on today's path
                    (tfjs-backend-wasm's own BatchMatMul, slice-and-concat im2col), alternating
  --vs-untiled      webgpu: also measure every MLP figure with the fused step's untiled
                    product kernels (the ones the tiled kernels replaced), alternating
  --vs-tiled        webgpu: also measure every MLP figure with the fused step's products
                    forced tiled (fused takes the untiled ones for small groups), alternating
  --vs-dropout      webgpu: also measure every MLP figure fused with dropout ${DROPOUT_RATE} on every
                    model (noise drawn on the device), alternating; prints dropout ÷ none
  --modes LIST      which of ${BASE_MODES.join(', ')} to measure (default all; the --vs-* modes add theirs)
  --torch-threads N also run the PyTorch reference (python3, torch) on the CPU with N
                    threads after each MLP's figures, and print tfjs ÷ PyTorch
  --out FILE        the result JSON (default results/bench-population.json)
  --label TEXT      a name for this device / browser in comparisons
`;

const FLAGS = {
  driver: 'string',
  backend: 'string',
  backends: 'string',
  sizes: 'string',
  models: 'string',
  k: 'string',
  steps: 'string',
  loop: 'boolean',
  'loop-steps': 'string',
  'loop-generations': 'string',
  'loop-population': 'string',
  'loop-task': 'string',
  'vs-stock': 'boolean',
  'vs-untiled': 'boolean',
  'vs-dropout': 'boolean',
  'vs-tiled': 'boolean',
  modes: 'string',
  'torch-threads': 'string',
  repeats: 'string',
  out: 'string',
  label: 'string',
  help: 'boolean',
} as const;

const ALL_MODEL_IDS = [...MODEL_IDS, ...EXTRA_MODEL_IDS];

/** Bounds that keep a mistyped flag from allocating until the machine falls over (`--k 10000000`). */
const MAX_K = 1024;
const MAX_REPEATS = 100;

const positiveInt = (flag: string, v: string, min = 1, max = MAX_STEPS): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(flag, `must be an integer from ${min} to ${max.toLocaleString('en')}, got ${quote(v)}`);
  return n;
};

/** What a run needs, validated. */
interface PopulationArgs {
  help: boolean;
  driver: 'node' | 'chromium';
  backend: string;
  sizes: 'quick' | 'full';
  plan: PopulationPlan;
  out: string;
  label: string;
}

/** Parses argv; throws UsageError. */
export function parsePopulationArgs(argv: string[]): PopulationArgs {
  const f = parseFlags(argv, FLAGS);
  const driver = f.driver ?? 'node';
  if (driver !== 'node' && driver !== 'chromium')
    throw new UsageError('--driver', `must be node or chromium, got "${driver}"`);
  if (f.backend !== undefined && f.backends !== undefined)
    throw new UsageError('--backends', 'give --backend or --backends, not both');
  const backend = f.backend ?? f.backends ?? (driver === 'chromium' ? 'webgpu' : 'cpu');
  const backendFlag = f.backends !== undefined ? '--backends' : '--backend';
  if (backend.includes(','))
    throw new UsageError(
      backendFlag,
      `the population suite runs on one backend at a time (its figures are ratios within one), got "${backend}"`,
    );
  if (!['cpu', 'webgpu', 'wasm'].includes(backend))
    throw new UsageError(backendFlag, `must be cpu, webgpu or wasm, got "${backend}"`);
  const sizes = f.sizes ?? 'quick';
  if (sizes !== 'quick' && sizes !== 'full') throw new UsageError('--sizes', `must be quick or full, got "${sizes}"`);
  const base = PLANS[sizes];
  const plan: PopulationPlan = { ...base, steps: { ...base.steps }, maxK: { ...base.maxK } };
  if (f.models !== undefined) {
    plan.models = f.models.split(',').filter((m) => m !== '');
    for (const m of plan.models)
      if (!ALL_MODEL_IDS.includes(m))
        throw new UsageError('--models', `unknown model "${m}" (known: ${ALL_MODEL_IDS.join(', ')})`);
  }
  if (f.k !== undefined) {
    plan.ks = f.k.split(',').map((k) => positiveInt('--k', k, 1, MAX_K));
    // A repeated K would be measured twice and written under one key: refuse it rather than keep either.
    const dup = plan.ks.find((k, i) => plan.ks.indexOf(k) !== i);
    if (dup !== undefined) throw new UsageError('--k', `${dup} is given twice`);
    for (const m of ALL_MODEL_IDS) plan.maxK[m] = Infinity;
  }
  if (f.steps !== undefined) {
    const s = positiveInt('--steps', f.steps);
    for (const m of ALL_MODEL_IDS) plan.steps[m] = s;
  }
  if (f.repeats !== undefined) plan.repeats = positiveInt('--repeats', f.repeats, 1, MAX_REPEATS);
  if (f.loop !== undefined) plan.loop = f.loop === 'true' || f.loop === '1' ? (plan.loop ?? {}) : null;
  if (f['loop-steps'] !== undefined)
    plan.loop = { ...(plan.loop ?? {}), steps: positiveInt('--loop-steps', f['loop-steps']) };
  if (f['loop-generations'] !== undefined)
    plan.loop = { ...(plan.loop ?? {}), generations: positiveInt('--loop-generations', f['loop-generations'], 2) };
  if (f['loop-population'] !== undefined)
    plan.loop = { ...(plan.loop ?? {}), population: positiveInt('--loop-population', f['loop-population'], 1, 64) };
  if (f['loop-task'] !== undefined) {
    if (!isTaskName(f['loop-task']))
      throw new UsageError('--loop-task', `must be one of ${TASK_NAMES.join(', ')}, got ${quote(f['loop-task'])}`);
    plan.loop = { ...(plan.loop ?? {}), task: f['loop-task'] };
  }
  if (f['vs-stock'] !== undefined) {
    plan.vsStock = f['vs-stock'] === 'true' || f['vs-stock'] === '1';
    if (plan.vsStock && backend !== 'wasm')
      throw new UsageError('--vs-stock', `compares the wasm backend's BatchMatMul kernels; the backend is ${backend}`);
  }
  if (f['vs-untiled'] !== undefined) {
    plan.vsUntiled = f['vs-untiled'] === 'true' || f['vs-untiled'] === '1';
    if (plan.vsUntiled && backend !== 'webgpu')
      throw new UsageError('--vs-untiled', `compares the fused WebGPU kernels; the backend is ${backend}`);
  }
  if (f['vs-tiled'] !== undefined) {
    plan.vsTiled = f['vs-tiled'] === 'true' || f['vs-tiled'] === '1';
    if (plan.vsTiled && backend !== 'webgpu')
      throw new UsageError('--vs-tiled', `compares the fused WebGPU kernels; the backend is ${backend}`);
  }
  if (f['vs-dropout'] !== undefined) {
    plan.vsDropout = f['vs-dropout'] === 'true' || f['vs-dropout'] === '1';
    if (plan.vsDropout && backend !== 'webgpu')
      throw new UsageError('--vs-dropout', `measures the fused WebGPU kernels; the backend is ${backend}`);
  }
  if (f.modes !== undefined) {
    const modes = f.modes.split(',').filter((m) => m !== '');
    const known: readonly string[] = BASE_MODES;
    for (const m of modes)
      if (!known.includes(m)) throw new UsageError('--modes', `unknown mode "${m}" (known: ${BASE_MODES.join(', ')})`);
    plan.modes = BASE_MODES.filter((m) => modes.includes(m));
  }
  if (f['torch-threads'] !== undefined) plan.torchThreads = positiveInt('--torch-threads', f['torch-threads'], 1, 256);
  if (plan.models.length === 0 && !plan.loop) throw new UsageError('--models', 'nothing to measure');
  const out = f.out ?? join('results', 'bench-population.json');
  checkWritable('--out', out);
  const label = f.label ?? '';
  if (label.length > MAX_LABEL)
    throw new UsageError('--label', `must be at most ${MAX_LABEL} characters, got ${label.length}`);
  return { help: f.help === 'true', driver, backend, sizes, plan, out, label };
}

/** The whole CLI: parse, run, print, write. Returns the exit code. */
export async function populationMain(argv: string[], root: string, drivers: PopulationDrivers): Promise<number> {
  const args = parseOrReport(() => {
    const a = parsePopulationArgs(argv);
    if (a.driver === 'chromium' && !drivers.chromium)
      throw new UsageError('--driver', 'this build runs --driver node only');
    return a;
  });
  if (args === null) return 2;
  if (args.help) {
    process.stdout.write(POPULATION_HELP);
    return 0;
  }
  const write = (s: string) => process.stdout.write(s);
  write(`population benchmark: driver ${args.driver}, backend ${args.backend}, sizes ${args.sizes}\n`);
  let result: PopulationResult;
  try {
    const driver = await (args.driver === 'chromium' ? drivers.chromium! : drivers.node)(root, args.backend);
    result = await runPopulation(driver, args.plan, (s) => write(s + '\n'), args.label);
  } catch (e) {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
  write('\n' + table(result));
  writeAtomic(args.out, JSON.stringify(result, null, 1) + '\n');
  write(`wrote ${args.out}\n`);
  return 0;
}
