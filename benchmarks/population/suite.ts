/**
 * The `population` suite of the benchmark: aggregate training samples/s of
 * populations of K models trained one at a time against batched into one
 * computation (plain tfjs ops, and fused WGSL kernels on WebGPU), on the
 * same backend in one run, with the ratios printed and in the JSON. Unlike
 * the scored suites (src/engine/bench), which compare backends, its figures
 * are ratios between training modes on one backend, so it has its own
 * result format (`suite: "population"`). CLI: ./main.ts.
 */
import type { LoopFigure, PopulationFigure, PopulationMode } from '../../src/engine/population/bench';

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

export const MODEL_IDS = ['mlp-2-32-2', 'mlp-784-256-10', 'cnn-c8-c16'];

/**
 * Quick: K up to 32 for the small MLP, 8 for the others (under a minute on wasm in Node, minutes on the
 * tfjs CPU backend or a software adapter; CI runs its small-MLP part). Full: the issue's sizes, for a GPU.
 */
export const PLANS: Record<'quick' | 'full', PopulationPlan> = {
  quick: { models: MODEL_IDS, ks: [1, 8, 32], steps: { 'mlp-2-32-2': 40, 'mlp-784-256-10': 5, 'cnn-c8-c16': 5 }, maxK: { 'mlp-2-32-2': 32, 'mlp-784-256-10': 8, 'cnn-c8-c16': 8 } },
  full: { models: MODEL_IDS, ks: [1, 8, 32, 128], steps: { 'mlp-2-32-2': 100, 'mlp-784-256-10': 10, 'cnn-c8-c16': 5 }, maxK: { 'mlp-2-32-2': 128, 'mlp-784-256-10': 128, 'cnn-c8-c16': 128 }, loop: {} },
};

/** The result file. */
export interface PopulationResult {
  suite: typeof SUITE;
  version: number;
  /** A name for this device / browser in comparisons (`--label`). */
  label: string;
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
  /** Mean validation loss of the first models (same seeds in every mode) per mode. */
  meanValLoss: Partial<Record<PopulationMode, number>>;
  /**
   * Largest relative difference of those losses between modes: near zero
   * (float rounding) when every mode trained the same models the same way,
   * which is what makes the speedups comparable.
   */
  valLossMaxRelDiff: number | null;
}

/** Runs the suite's figures where the engine lives (this Node process, or a page in Chromium). */
export interface PopulationDriver {
  name: string;
  setup(): Promise<{ backend: string; adapter: unknown; tfjsVersion: string; runtime: string }>;
  measure(model: string, k: number, steps: number, mode: PopulationMode, repeats: number): Promise<PopulationFigure>;
  loop(batchPopulation: boolean, over: Record<string, unknown>): Promise<LoopFigure>;
  close(): Promise<void>;
}

/** Pairs each model and K's figures into ratios. */
export function compare(figures: PopulationFigure[]): { comparisons: Comparison[]; speedups: Record<string, number> } {
  const comparisons: Comparison[] = [];
  const speedups: Record<string, number> = {};
  for (const f of figures) {
    let c = comparisons.find((x) => x.model === f.model && x.k === f.k);
    if (!c) comparisons.push((c = { model: f.model, k: f.k, samplesPerSec: {}, speedupBatchedVsAlone: null, speedupFusedVsAlone: null, speedupFusedVsBatched: null, meanValLoss: {}, valLossMaxRelDiff: null }));
    c.samplesPerSec[f.mode] = f.samplesPerSec;
    c.meanValLoss[f.mode] = f.meanValLoss;
  }
  for (const c of comparisons) {
    const losses = Object.values(c.meanValLoss);
    if (losses.length > 1) {
      const lo = Math.min(...losses);
      c.valLossMaxRelDiff = (Math.max(...losses) - lo) / Math.abs(lo);
    }
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
    'aggregate training samples/s; batched: plain tfjs ops; fused: WGSL kernels (WebGPU); speedups against one-at-a-time;',
    'Δloss: largest relative difference between the modes\' validation losses of the same models (same work: ~1e-6)', '',
    `${'model'.padEnd(16)} ${'K'.padStart(4)} ${'one-at-a-time'.padStart(14)} ${'batched'.padStart(12)} ${'fused'.padStart(12)} ${'batched×'.padStart(9)} ${'fused×'.padStart(9)} ${'Δloss'.padStart(8)}`];
  for (const c of r.comparisons) {
    const d = c.valLossMaxRelDiff === null ? '—' : c.valLossMaxRelDiff.toExponential(0);
    lines.push(`${c.model.padEnd(16)} ${String(c.k).padStart(4)} ${fmt(c.samplesPerSec.alone).padStart(14)} ${fmt(c.samplesPerSec.batched).padStart(12)} ${fmt(c.samplesPerSec.fused).padStart(12)} ${x(c.speedupBatchedVsAlone).padStart(9)} ${x(c.speedupFusedVsAlone).padStart(9)} ${d.padStart(8)}`);
  }
  if (r.loop) {
    const c = r.loop.config;
    lines.push('', `RSI loop (${c.task}, ${c.proposer}, ${c.generations} generations of ${c.population} children × ${c.steps} steps, seed ${c.seed}):`,
      `  generations/min: one at a time ${r.loop.generationsPerMinute.alone.toFixed(2)}, batched ${r.loop.generationsPerMinute.batched.toFixed(2)}, speedup ${r.loop.speedup.toFixed(2)}×`);
  }
  return lines.join('\n') + '\n';
}

/** Runs a plan with a driver; `log` gets a line per figure. */
export async function runPopulation(driver: PopulationDriver, plan: PopulationPlan, log: (s: string) => void = () => {}, label = ''): Promise<PopulationResult> {
  try {
    const env = await driver.setup();
    // Loaded here, not at the top: flag errors stay fast, and the Node driver installs Dawn before tfjs loads.
    const { LOOP_CONFIG, POPULATION_MODELS, supports } = await import('../../src/engine/population/bench');
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
      suite: SUITE, version: VERSION, label, createdAt: new Date().toISOString(), driver: driver.name, ...env, ...(loop ? { loop } : {}),
      notes: ['samplesPerSec: training steps only — the difference between a run of `steps` and one of `shortSteps` (building, validation pass and read-back cancel); endToEndSamplesPerSec: the long run end to end; both after a warm-up of the same shapes',
        'one-at-a-time: at most 4 models timed in turn, their rate standing for all K',
        ...(env.backend === 'webgpu' ? ['WEBGPU_CPU_FORWARD off (every op on the GPU)'] : [])],
      figures, ...compared,
    };
  } finally {
    await driver.close();
  }
}

