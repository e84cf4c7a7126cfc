/**
 * Runs the population suite's plan through a driver (this Node process, or a
 * page in Chromium) and assembles its result; the figures are the engine's
 * (src/engine/bench/workloads/population.ts), the schema and ratios core's.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  BASE_MODES,
  LOOP_CONFIG,
  SUITE,
  VERSION,
  type LoopFigure,
  type PopulationFigure,
  type PopulationMode,
  type PopulationResult,
  type TorchFigure,
  formatTiles,
  type FusedTiles,
} from '../../src/core/bench/population';
import { compare } from '../../src/core/bench/population-compare';
import type { PopulationPlan } from '../../src/core/bench/population-plan';
import { formatRate, formatRateStat } from '../../src/core/bench/population-table';
import { populationReliability } from '../../src/core/bench/population-reliability';

const STOCK_MODES: PopulationMode[] = ['alone-stock', 'batched-stock'];
/** The models benchmarks/reference/population_torch.py knows. */
const TORCH_MODELS = ['mlp-2-32-2', 'mlp-784-256-10'];

/**
 * Runs the PyTorch reference (K same-shaped MLPs as one bmm computation, one
 * Adam) on the CPU with `threads` threads for one model and K; its figure.
 */
function torchReference(model: string, k: number, threads: number, steps: number, repeats: number): TorchFigure {
  const script = fileURLToPath(new URL('../reference/population_torch.py', import.meta.url));
  const args = [script, '--device', 'cpu', '--threads', String(threads), '--models', model, '--k', String(k)];
  args.push('--steps', String(steps), '--repeats', String(repeats));
  const r = spawnSync('python3', args, { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(
      `the PyTorch reference failed (python3 ${args.join(' ')}): ${(r.stderr || String(r.error)).trim().split('\n').pop()}`,
    );
  const f = JSON.parse(r.stdout.trim().split('\n').pop()!) as TorchFigure;
  return {
    model,
    k,
    samplesPerSec: f.samplesPerSec,
    interval: f.interval,
    ...(f.coverage !== undefined ? { coverage: f.coverage } : {}),
    threads: f.threads,
    torch: f.torch,
    device: f.device,
  };
}

/** Runs the suite's figures where the engine lives (this Node process, or a page in Chromium). */
export interface PopulationDriver {
  name: string;
  setup(): Promise<{ backend: string; adapter: unknown; tfjsVersion: string; runtime: string }>;
  /** One figure per mode, the modes alternating within each repeat. */
  measure(
    model: string,
    k: number,
    steps: number,
    modes: PopulationMode[],
    repeats: number,
  ): Promise<PopulationFigure[]>;
  loop(batchPopulation: boolean, over: Record<string, unknown>, matMul?: 'xnnpack' | 'stock'): Promise<LoopFigure>;
  /** On WebGPU: tunes (once) and returns the fused step's tile sizes; null elsewhere. */
  fusedTiles(): Promise<FusedTiles | null>;
  close(): Promise<void>;
}

/** Runs a plan with a driver; `log` gets a line per figure. */
export async function runPopulation(
  driver: PopulationDriver,
  plan: PopulationPlan,
  log: (s: string) => void = () => {},
  label = '',
): Promise<PopulationResult> {
  try {
    const env = await driver.setup();
    // Loaded here, not at the top: flag errors stay fast, and the Node driver installs Dawn before tfjs loads.
    const { POPULATION_MODELS, supports } = await import('../../src/engine/bench/workloads/population');
    const fusedTiles = await driver.fusedTiles();
    if (fusedTiles)
      log(
        `  fused tiles: ${formatTiles(fusedTiles.tiles)} (tuning product: ` +
          `${fusedTiles.timings.map((t) => `${formatTiles(t.tiles)} ${t.ms.toFixed(1)} ms`).join('; ')}` +
          `)`,
      );
    const figures: PopulationFigure[] = [];
    const torch: TorchFigure[] = [];
    const wanted: PopulationMode[] = [
      ...(plan.modes ?? BASE_MODES),
      ...(plan.vsStock ? STOCK_MODES : []),
      ...(plan.vsTiled ? (['fused-tiled'] as const) : []),
      ...(plan.vsUntiled ? (['fused-untiled'] as const) : []),
      ...(plan.vsDropout ? (['fused-dropout'] as const) : []),
    ];
    for (const id of plan.models) {
      const model = POPULATION_MODELS.find((m) => m.id === id)!;
      for (const k of plan.ks) {
        if (k > (plan.maxK[id] ?? Infinity)) continue;
        const modes = wanted.filter((mode) => supports(model, mode, env.backend));
        const steps = plan.steps[id] ?? 10;
        for (const f of await driver.measure(id, k, steps, modes, plan.repeats ?? 3)) {
          figures.push(f);
          log(
            `  ${id} K=${k} ${f.mode}: ${formatRateStat(f)} samples/s training, ` +
              `${formatRate(f.endToEndSamplesPerSec)} end to end (${f.modelsTimed} models × ` +
              `${f.steps} steps in ${Math.round(f.ms)} ms, × ${f.shortSteps} in ` +
              `${Math.round(f.shortMs)} ms; ${f.repeats} repeats of ${f.runsPerRegion} runs)`,
          );
        }
        if (plan.torchThreads && TORCH_MODELS.includes(id)) {
          const t = torchReference(id, k, plan.torchThreads, Math.max(steps, 5), plan.repeats ?? 3);
          torch.push(t);
          log(`  ${id} K=${k} PyTorch (${t.device}, ${t.threads} threads): ${formatRate(t.samplesPerSec)} samples/s`);
        }
      }
    }
    let loop: PopulationResult['loop'];
    if (plan.loop) {
      const config = { ...LOOP_CONFIG, ...plan.loop };
      const runs: LoopFigure[] = [];
      // Alternating, twice each, so a change in machine load hits both sides: batching off and on, or
      // (--vs-stock) batched with the stock and the XNNPACK product.
      const sides: [boolean, 'stock' | 'xnnpack' | undefined][] = plan.vsStock
        ? [
            [true, 'stock'],
            [true, 'xnnpack'],
          ]
        : [
            [false, undefined],
            [true, undefined],
          ];
      for (const [batchPopulation, matMul] of [...sides, ...sides]) {
        const f = await driver.loop(batchPopulation, plan.loop, matMul);
        runs.push(f);
        log(
          `  loop ${config.task} ${config.proposer}, ${config.generations} generations of ` +
            `${config.population} × ${config.steps} steps, batchPopulation ${batchPopulation}` +
            `${matMul ? `, ${matMul} BatchMatMul` : ''}: ${f.generationsPerMinute.toFixed(2)} ` +
            `generations/min${batchPopulation ? ` (groups ${f.groupSizes.join(',')})` : ''}, ` +
            `champion ${f.championId} (${f.championValAccuracy})`,
        );
      }
      const mean = (xs: LoopFigure[]) =>
        (xs.length * 60_000 * (config.generations - 1)) / xs.reduce((a, r) => a + r.ms, 0);
      if (plan.vsStock) {
        const gpm = {
          stock: mean(runs.filter((r) => r.matMul === 'stock')),
          batched: mean(runs.filter((r) => r.matMul === 'xnnpack')),
        };
        const sameChampions = runs.every(
          (r) => r.championId === runs[0].championId && r.championValAccuracy === runs[0].championValAccuracy,
        );
        loop = { config, runs, generationsPerMinute: gpm, speedup: gpm.batched / gpm.stock, sameChampions };
      } else {
        const gpm = {
          alone: mean(runs.filter((r) => !r.batchPopulation)),
          batched: mean(runs.filter((r) => r.batchPopulation)),
        };
        loop = { config, runs, generationsPerMinute: gpm, speedup: gpm.batched / gpm.alone };
      }
    }
    const compared = compare(figures, torch);
    if (loop)
      compared.speedups[
        `loop/${plan.vsStock ? 'xnnpack-vs-stock' : 'batched-vs-alone'}/speedup-generations-per-minute`
      ] = loop.speedup;
    return {
      suite: SUITE,
      version: VERSION,
      label,
      createdAt: new Date().toISOString(),
      driver: driver.name,
      ...env,
      ...(loop ? { loop } : {}),
      ...(torch.length > 0 ? { torch } : {}),
      ...(fusedTiles ? { fusedTiles } : {}),
      notes: [
        'samplesPerSec: training steps only — the difference between a run of `steps` and ' +
          'one of `shortSteps` (building, validation pass and read-back cancel); ' +
          'endToEndSamplesPerSec: the long run end to end; both after a warm-up of the same ' +
          'shapes',
        'every mode is measured alike: `repeats` timed regions of each length, each region ' +
          'repeating its run `runsPerRegion` times to last at least 100 ms (calibrated by the ' +
          "warm-up); samplesPerSec is the median of the repeats' rates, samplesPerSecStat " +
          'keeps them with the order-statistic 95% interval of their median and its coverage',
        'one-at-a-time: at most 4 models timed in turn, their rate standing for all K',
        ...(env.backend === 'webgpu' ? ['WEBGPU_CPU_FORWARD off (every op on the GPU)'] : []),
      ],
      figures,
      ...compared,
      reliability: populationReliability(figures),
    };
  } finally {
    await driver.close();
  }
}
