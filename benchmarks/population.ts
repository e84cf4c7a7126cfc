/**
 * The `population` benchmark: aggregate training samples/s of populations of
 * K models trained one at a time against batched into one computation, on
 * the same backend in one run, with the ratios printed and in the JSON.
 *
 *   npm run bench:population -- [--driver node|chromium] [--backend cpu|webgpu|wasm]
 *       [--sizes quick|full] [--models id,id] [--k 1,8,32,128] [--steps N] [--out FILE]
 *
 * `--driver node` (default) runs the engine in Node: tfjs's CPU backend, or
 * WebGPU through Dawn where a GPU exists. `--driver chromium` builds a small
 * page (src/engine/population/page.ts) into dist-population/ and runs it in
 * headless Chromium, on WebGPU (SwiftShader, a software adapter, on machines
 * without a GPU). Exit codes: 0 done, 1 failed, 2 bad flags.
 *
 * Standalone for now: the benchmark-mode suites (src/engine/bench) have a
 * fixed set of case kinds, and a population case needs a new kind.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFlags, UsageError } from './cli/args';
import { writeAtomic } from './cli/files';
import type { LoopFigure, PopulationFigure, PopulationMode } from '../src/engine/population/bench';
import type { PopulationPageApi } from '../src/engine/population/page';

export const SUITE = 'population';
export const VERSION = 1;

/** What one run measures. */
export interface PopulationPlan {
  models: string[];
  ks: number[];
  /** Steps per timed region, per model. */
  steps: Record<string, number>;
  /** Ks above this are skipped for a model (memory and time on a software adapter). */
  maxK: Record<string, number>;
  /** Short and long runs per figure (medians); default 3. */
  repeats?: number;
  /** Time the RSI loop with batching off and on (config overrides of LOOP_CONFIG), or not at all. */
  loop?: Record<string, unknown> | null;
}

const MODEL_IDS = ['mlp-2-32-2', 'mlp-784-256-10', 'cnn-c8-c16'];

/** Quick: CI-sized, about a minute on a software adapter. Full: the issue's sizes. */
export const PLANS: Record<'quick' | 'full', PopulationPlan> = {
  quick: { models: MODEL_IDS, ks: [1, 8, 32], steps: { 'mlp-2-32-2': 40, 'mlp-784-256-10': 5, 'cnn-c8-c16': 5 }, maxK: { 'mlp-2-32-2': 32, 'mlp-784-256-10': 8, 'cnn-c8-c16': 8 } },
  full: { models: MODEL_IDS, ks: [1, 8, 32, 128], steps: { 'mlp-2-32-2': 100, 'mlp-784-256-10': 10, 'cnn-c8-c16': 5 }, maxK: { 'mlp-2-32-2': 128, 'mlp-784-256-10': 128, 'cnn-c8-c16': 128 }, loop: {} },
};

/** The result file. */
export interface PopulationResult {
  suite: typeof SUITE;
  version: number;
  createdAt: string;
  driver: string;
  backend: string;
  adapter: unknown;
  tfjsVersion: string;
  runtime: string;
  /** Whether tfjs-webgpu's small-op CPU forwarding was off (it is: see backend.ts). */
  notes: string[];
  figures: PopulationFigure[];
  /** Per model and K: aggregate samples/s per mode and the ratios. */
  comparisons: Comparison[];
  /** Flat: `<model>/batched-vs-alone/speedup-k<K>` → ratio (and `loop/batched-vs-alone/speedup-generations-per-minute`). */
  speedups: Record<string, number>;
  /** The RSI loop timed with population batching off and on, alternating, in this run. */
  loop?: { config: Record<string, unknown>; runs: LoopFigure[]; generationsPerMinute: { alone: number; batched: number }; speedup: number };
}

export interface Comparison {
  model: string;
  k: number;
  samplesPerSec: Partial<Record<PopulationMode, number>>;
  /** batched (plain tfjs ops) ÷ one-at-a-time aggregate training samples/s at this population size. */
  speedupBatchedVsAlone: number | null;
  /** fused (WGSL kernels) ÷ one-at-a-time, and fused ÷ batched. */
  speedupFusedVsAlone: number | null;
  speedupFusedVsBatched: number | null;
}

/** A driver runs one figure where the engine lives. */
interface Driver {
  name: string;
  setup(): Promise<{ backend: string; adapter: unknown; tfjsVersion: string; runtime: string }>;
  measure(model: string, k: number, steps: number, mode: PopulationMode, repeats: number): Promise<PopulationFigure>;
  loop(batchPopulation: boolean, over: Record<string, unknown>): Promise<LoopFigure>;
  close(): Promise<void>;
}

async function nodeDriver(root: string, backend: string): Promise<Driver> {
  if (backend === 'webgpu') {
    const { installDawn } = await import('./drivers/node-webgpu');
    await installDawn();
  }
  const tf = await import('@tensorflow/tfjs-core');
  const { prepareNode, nodeAssetLoader, nodeRuntime } = await import('../src/engine/node-host');
  const { selectBackend } = await import('../src/engine/backend');
  const { loadTask } = await import('../src/engine/data');
  const { measureLoop, measurePopulation, POPULATION_MODELS } = await import('../src/engine/population/bench');
  const { packDigits } = await import('../scripts/pack-digits');
  await prepareNode();
  const tasks = new Map<string, Awaited<ReturnType<typeof loadTask>>>();
  return {
    name: 'node',
    async setup() {
      packDigits(root);
      const choice = await selectBackend(backend as 'cpu');
      const rt = nodeRuntime();
      return { backend: choice.backend, adapter: choice.adapter, tfjsVersion: tf.version_core, runtime: `node ${rt.nodeVersion} ${rt.platform}` };
    },
    async measure(modelId, k, steps, mode, repeats) {
      const model = POPULATION_MODELS.find((m) => m.id === modelId)!;
      let data = tasks.get(model.task);
      if (!data) {
        data = await loadTask(model.task, 1, nodeAssetLoader(root));
        tasks.set(model.task, data);
      }
      return measurePopulation(data, model, k, steps, mode, 4, undefined, repeats);
    },
    loop: (batchPopulation, over) => measureLoop(nodeAssetLoader(root), nodeRuntime(), backend as 'cpu', batchPopulation, over),
    async close() {
      for (const t of tasks.values()) t.dispose();
    },
  };
}

/** Builds the population page into dist-population/ (when its sources changed); returns the folder. */
export async function buildPopulationPage(root: string): Promise<string> {
  const out = join(root, 'dist-population');
  const { packDigits } = await import('../scripts/pack-digits');
  packDigits(root);
  const { build } = await import('vite');
  await build({
    root, configFile: false, logLevel: 'error', base: './',
    build: {
      outDir: out, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000,
      lib: { entry: join(root, 'src/engine/population/page.ts'), formats: ['es'], fileName: () => 'page.js' },
    },
  });
  writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>population</title><script type="module" src="./page.js"></script>\n');
  return out;
}

/** Opens the population page in headless Chromium; the caller closes it. */
export async function openPopulationPage(root: string): Promise<{ call: <K extends keyof PopulationPageApi>(fn: K, ...args: Parameters<PopulationPageApi[K]>) => Promise<Awaited<ReturnType<PopulationPageApi[K]>>>; userAgent: () => Promise<string>; close(): Promise<void> }> {
  const dist = await buildPopulationPage(root);
  const { serveStatic } = await import('./drivers/serve');
  const { launchChromium } = await import('./drivers/chromium');
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => 'successorPopulation' in globalThis, undefined, { timeout: 60_000 });
    return {
      call: async (fn, ...args) => {
        try {
          return await page.evaluate(([f, a]) => (globalThis as unknown as { successorPopulation: Record<string, (...x: unknown[]) => unknown> }).successorPopulation[f as string](...(a as unknown[])), [fn, args] as const) as never;
        } catch (e) {
          throw new Error(`${String(fn)} in Chromium: ${(e as Error).message.split('\n')[0]}${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
        }
      },
      userAgent: () => page.evaluate(() => navigator.userAgent),
      close: async () => {
        await browser.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser.close();
    await server.close();
    throw e;
  }
}

async function chromiumDriver(root: string, backend: string): Promise<Driver> {
  const page = await openPopulationPage(root);
  return {
    name: 'chromium',
    async setup() {
      const c = await page.call('setup', backend as 'webgpu');
      return { backend: c.backend, adapter: c.adapter, tfjsVersion: c.tfjs, runtime: c.userAgent };
    },
    measure: (model, k, steps, mode, repeats) => page.call('measure', model, k, steps, mode, 4, undefined, repeats),
    loop: (batchPopulation, over) => page.call('loop', batchPopulation, over),
    close: () => page.close(),
  };
}

/** Pairs each model and K's figures into ratios. */
export function compare(figures: PopulationFigure[]): { comparisons: Comparison[]; speedups: Record<string, number> } {
  const comparisons: Comparison[] = [];
  const speedups: Record<string, number> = {};
  for (const f of figures) {
    let c = comparisons.find((x) => x.model === f.model && x.k === f.k);
    if (!c) comparisons.push((c = { model: f.model, k: f.k, samplesPerSec: {}, speedupBatchedVsAlone: null, speedupFusedVsAlone: null, speedupFusedVsBatched: null }));
    c.samplesPerSec[f.mode] = f.samplesPerSec;
  }
  for (const c of comparisons) {
    const { alone, batched, fused } = c.samplesPerSec;
    if (alone && batched) speedups[`${c.model}/batched-vs-alone/speedup-k${c.k}`] = c.speedupBatchedVsAlone = batched / alone;
    if (alone && fused) speedups[`${c.model}/fused-vs-alone/speedup-k${c.k}`] = c.speedupFusedVsAlone = fused / alone;
    if (batched && fused) speedups[`${c.model}/fused-vs-batched/speedup-k${c.k}`] = c.speedupFusedVsBatched = fused / batched;
  }
  return { comparisons, speedups };
}

const fmt = (x: number | undefined) => (x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));

/** The printed table: one row per model and K. */
export function table(r: PopulationResult): string {
  const x = (v: number | null) => (v === null ? '—' : v.toFixed(2) + '×');
  const lines = [`population suite v${r.version} — backend ${r.backend}${r.adapter ? ` (${JSON.stringify(r.adapter)})` : ''}, ${r.driver}, tfjs ${r.tfjsVersion}`,
    'aggregate training samples/s; batched: plain tfjs ops; fused: WGSL kernels (WebGPU); speedups against one-at-a-time', '',
    `${'model'.padEnd(16)} ${'K'.padStart(4)} ${'one-at-a-time'.padStart(14)} ${'batched'.padStart(12)} ${'fused'.padStart(12)} ${'batched×'.padStart(9)} ${'fused×'.padStart(9)}`];
  for (const c of r.comparisons) {
    lines.push(`${c.model.padEnd(16)} ${String(c.k).padStart(4)} ${fmt(c.samplesPerSec.alone).padStart(14)} ${fmt(c.samplesPerSec.batched).padStart(12)} ${fmt(c.samplesPerSec.fused).padStart(12)} ${x(c.speedupBatchedVsAlone).padStart(9)} ${x(c.speedupFusedVsAlone).padStart(9)}`);
  }
  if (r.loop) {
    const c = r.loop.config;
    lines.push('', `RSI loop (${c.task}, ${c.proposer}, ${c.generations} generations of ${c.population} children × ${c.steps} steps, seed ${c.seed}):`,
      `  generations/min: one at a time ${r.loop.generationsPerMinute.alone.toFixed(2)}, batched ${r.loop.generationsPerMinute.batched.toFixed(2)}, speedup ${r.loop.speedup.toFixed(2)}×`);
  }
  return lines.join('\n') + '\n';
}

/** Runs a plan with a driver; `log` gets a line per figure. */
export async function runPopulation(root: string, driverName: string, backend: string, plan: PopulationPlan, log: (s: string) => void = () => {}): Promise<PopulationResult> {
  const driver = driverName === 'chromium' ? await chromiumDriver(root, backend) : await nodeDriver(root, backend);
  try {
    const env = await driver.setup();
    const { POPULATION_MODELS, supports } = await import('../src/engine/population/bench');
    const figures: PopulationFigure[] = [];
    for (const id of plan.models) {
      const model = POPULATION_MODELS.find((m) => m.id === id)!;
      for (const k of plan.ks) {
        if (k > (plan.maxK[id] ?? Infinity)) continue;
        for (const mode of ['alone', 'batched', 'fused'] as const) {
          if (!supports(model, mode, env.backend)) continue;
          const f = await driver.measure(id, k, plan.steps[id] ?? 10, mode, plan.repeats ?? 3);
          figures.push(f);
          log(`  ${id} K=${k} ${mode}: ${fmt(f.samplesPerSec)} samples/s training, ${fmt(f.endToEndSamplesPerSec)} end to end (${f.modelsTimed} models × ${f.steps} steps in ${Math.round(f.ms)} ms, × ${f.shortSteps} in ${Math.round(f.shortMs)} ms)`);
        }
      }
    }
    let loop: PopulationResult['loop'];
    if (plan.loop) {
      const { LOOP_CONFIG } = await import('../src/engine/population/bench');
      const config = { ...LOOP_CONFIG, ...plan.loop };
      const runs: LoopFigure[] = [];
      // Alternating, twice each, so a change in machine load hits both sides.
      for (const batchPopulation of [false, true, false, true]) {
        const f = await driver.loop(batchPopulation, plan.loop);
        runs.push(f);
        log(`  loop ${config.task} ${config.proposer}, ${config.generations} generations of ${config.population} × ${config.steps} steps, batchPopulation ${batchPopulation}: ${f.generationsPerMinute.toFixed(2)} generations/min${batchPopulation ? ` (groups ${f.groupSizes.join(',')})` : ''}`);
      }
      const mean = (b: boolean) => {
        const xs = runs.filter((r) => r.batchPopulation === b);
        return (xs.length * 60_000 * (config.generations - 1)) / xs.reduce((a, r) => a + r.ms, 0);
      };
      const gpm = { alone: mean(false), batched: mean(true) };
      loop = { config, runs, generationsPerMinute: gpm, speedup: gpm.batched / gpm.alone };
    }
    const compared = compare(figures);
    if (loop) compared.speedups['loop/batched-vs-alone/speedup-generations-per-minute'] = loop.speedup;
    return {
      suite: SUITE, version: VERSION, createdAt: new Date().toISOString(), driver: driver.name, ...env, ...(loop ? { loop } : {}),
      notes: ['samplesPerSec: training steps only — the difference between a run of `steps` and one of `shortSteps` (building, validation pass and read-back cancel); endToEndSamplesPerSec: the long run end to end; both after a warm-up of the same shapes',
        'one-at-a-time: at most 4 models timed in turn, their rate standing for all K',
        ...(env.backend === 'webgpu' ? ['WEBGPU_CPU_FORWARD off (every op on the GPU)'] : [])],
      figures, ...compared,
    };
  } finally {
    await driver.close();
  }
}

async function main(): Promise<number> {
  let f: Record<string, string>;
  let plan: PopulationPlan;
  try {
    f = parseFlags(process.argv.slice(2), { driver: 'string', backend: 'string', sizes: 'string', models: 'string', k: 'string', steps: 'string', loop: 'boolean', 'loop-steps': 'string', 'loop-generations': 'string', repeats: 'string', out: 'string', help: 'boolean' });
    if (f.help === 'true') {
      process.stdout.write('usage: npm run bench:population -- [--driver node|chromium] [--backend cpu|webgpu|wasm] [--sizes quick|full] [--models id,id] [--k 1,8,32,128] [--steps N]\n    [--repeats N] [--loop true|false] [--loop-steps N] [--loop-generations N] [--out FILE]\n');
      return 0;
    }
    if (f.driver && !['node', 'chromium'].includes(f.driver)) throw new UsageError('--driver', `must be node or chromium, got "${f.driver}"`);
    if (f.backend && !['cpu', 'webgpu', 'wasm'].includes(f.backend)) throw new UsageError('--backend', `must be cpu, webgpu or wasm, got "${f.backend}"`);
    if (f.sizes && !['quick', 'full'].includes(f.sizes)) throw new UsageError('--sizes', `must be quick or full, got "${f.sizes}"`);
    const base = PLANS[(f.sizes ?? 'quick') as 'quick' | 'full'];
    plan = { ...base, steps: { ...base.steps }, maxK: { ...base.maxK } };
    if (f.models !== undefined) {
      plan.models = f.models.split(',').filter((m) => m !== '');
      for (const m of plan.models) if (!MODEL_IDS.includes(m)) throw new UsageError('--models', `unknown model "${m}" (known: ${MODEL_IDS.join(', ')})`);
    }
    if (f.k) {
      plan.ks = f.k.split(',').map(Number);
      if (plan.ks.some((k) => !Number.isInteger(k) || k < 1)) throw new UsageError('--k', `must be positive integers, got "${f.k}"`);
      for (const m of MODEL_IDS) plan.maxK[m] = Infinity;
    }
    if (f.steps) {
      const s = Number(f.steps);
      if (!Number.isInteger(s) || s < 1) throw new UsageError('--steps', `must be a positive integer, got "${f.steps}"`);
      for (const m of MODEL_IDS) plan.steps[m] = s;
    }
    if (f.repeats !== undefined) {
      plan.repeats = Number(f.repeats);
      if (!Number.isInteger(plan.repeats) || plan.repeats < 1) throw new UsageError('--repeats', `must be a positive integer, got "${f.repeats}"`);
    }
    if (f.loop !== undefined) plan.loop = f.loop === 'true' || f.loop === '1' ? (plan.loop ?? {}) : null;
    for (const [flag, field] of [['loop-steps', 'steps'], ['loop-generations', 'generations']] as const) {
      if (f[flag] === undefined) continue;
      const n = Number(f[flag]);
      if (!Number.isInteger(n) || n < (field === 'generations' ? 2 : 1)) throw new UsageError(`--${flag}`, `must be an integer of at least ${field === 'generations' ? 2 : 1}, got "${f[flag]}"`);
      plan.loop = { ...(plan.loop ?? {}), [field]: n };
    }
    if (plan.models.length === 0 && !plan.loop) throw new UsageError('--models', 'nothing to measure');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const root = resolve(import.meta.dirname, '..');
  const driver = f.driver ?? 'node';
  const backend = f.backend ?? (driver === 'chromium' ? 'webgpu' : 'cpu');
  process.stdout.write(`population benchmark: driver ${driver}, backend ${backend}, sizes ${f.sizes ?? 'quick'}\n`);
  let result: PopulationResult;
  try {
    result = await runPopulation(root, driver, backend, plan, (s) => process.stdout.write(s + '\n'));
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  process.stdout.write('\n' + table(result));
  if (f.out) {
    writeAtomic(f.out, JSON.stringify(result, null, 1) + '\n');
    process.stdout.write(`wrote ${f.out}\n`);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` && existsSync(process.argv[1])) {
  main().then((code) => process.exit(code), (e) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
