/**
 * Runs the population suite's plan through a driver (this Node process, or a
 * page in Chromium) and assembles its result; the figures are the engine's
 * (src/engine/bench/workloads/population.ts), the schema and ratios core's.
 */
import {
  compare,
  formatRate,
  formatRateStat,
  LOOP_CONFIG,
  SUITE,
  VERSION,
  type LoopFigure,
  type PopulationFigure,
  type PopulationMode,
  type PopulationPlan,
  type PopulationResult,
} from '../../src/core/bench/population';

/** Runs the suite's figures where the engine lives (this Node process, or a page in Chromium). */
export interface PopulationDriver {
  name: string;
  setup(): Promise<{ backend: string; adapter: unknown; tfjsVersion: string; runtime: string }>;
  measure(model: string, k: number, steps: number, mode: PopulationMode, repeats: number): Promise<PopulationFigure>;
  loop(batchPopulation: boolean, over: Record<string, unknown>): Promise<LoopFigure>;
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
    const figures: PopulationFigure[] = [];
    for (const id of plan.models) {
      const model = POPULATION_MODELS.find((m) => m.id === id)!;
      for (const k of plan.ks) {
        if (k > (plan.maxK[id] ?? Infinity)) continue;
        for (const mode of ['alone', 'batched', 'fused'] as const) {
          if (!supports(model, mode, env.backend)) continue;
          const f = await driver.measure(id, k, plan.steps[id] ?? 10, mode, plan.repeats ?? 3);
          figures.push(f);
          log(
            `  ${id} K=${k} ${mode}: ${formatRateStat(f)} samples/s training, ${formatRate(f.endToEndSamplesPerSec)} end to end (${f.modelsTimed} models × ${f.steps} steps in ${Math.round(f.ms)} ms, × ${f.shortSteps} in ${Math.round(f.shortMs)} ms; ${f.repeats} repeats of ${f.runsPerRegion} runs)`,
          );
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
        log(
          `  loop ${config.task} ${config.proposer}, ${config.generations} generations of ${config.population} × ${config.steps} steps, batchPopulation ${batchPopulation}: ${f.generationsPerMinute.toFixed(2)} generations/min${batchPopulation ? ` (groups ${f.groupSizes.join(',')})` : ''}`,
        );
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
      suite: SUITE,
      version: VERSION,
      label,
      createdAt: new Date().toISOString(),
      driver: driver.name,
      ...env,
      ...(loop ? { loop } : {}),
      notes: [
        'samplesPerSec: training steps only — the difference between a run of `steps` and one of `shortSteps` (building, validation pass and read-back cancel); endToEndSamplesPerSec: the long run end to end; both after a warm-up of the same shapes',
        "every mode is measured alike: `repeats` timed regions of each length, each region repeating its run `runsPerRegion` times to last at least 100 ms (calibrated by the warm-up); samplesPerSec is the median of the repeats' rates, samplesPerSecStat keeps them with their 95% t-interval",
        'one-at-a-time: at most 4 models timed in turn, their rate standing for all K',
        ...(env.backend === 'webgpu' ? ['WEBGPU_CPU_FORWARD off (every op on the GPU)'] : []),
      ],
      figures,
      ...compared,
    };
  } finally {
    await driver.close();
  }
}
