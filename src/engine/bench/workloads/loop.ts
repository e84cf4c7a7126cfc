/**
 * The product's own workload: a fixed-seed RSI loop run by the real engine
 * on the current backend. The whole loop is the timed region: it runs
 * `warmup` times untimed (shader compilation, buffer pools), then at least
 * `repeats` times timed, each run the same work (same seed), so the spread
 * of the samples is the host's noise and nothing else. (Suites before v3
 * took one sample per generation of a single run: generations differ in
 * work, so that spread measured the genomes, not the timing.) A sample is
 * the run's generations per minute, from its start (backend and data
 * ready) to its end; time to target runs from the start to the first
 * generation whose champion reaches the target validation accuracy.
 */
import { parseConfig } from '../../../core/config';
import type { BackendOptions } from '../../backend';
import type { AssetLoader } from '../../data';
import { runLoop } from '../../loop';
import type { LoopFigures } from '../../../core/bench/result';
import { median, summarise } from '../../../core/bench/stats';
import type { LoopCase } from '../../../core/bench/suite';
import { timeRegions, type TimingPolicy } from '../timing';

/** What one run of the loop gave. */
interface LoopRun {
  ms: number;
  timeToTargetMs: number | null;
  finalValAccuracy: number;
}

/** Runs the loop on `backend` (already current) and times it under `timing`. */
export async function measureLoop(
  c: LoopCase,
  backend: string,
  loadAsset: AssetLoader,
  backendOptions: BackendOptions | undefined,
  timing: TimingPolicy,
): Promise<LoopFigures> {
  const { task, proposer, generations, population, steps, seed, batchPopulation } = c;
  const config = parseConfig({ task, proposer, generations, population, steps, seed, batchPopulation, backend });
  const runs: LoopRun[] = [];
  const once = async (): Promise<number> => {
    let started = performance.now();
    let timeToTargetMs: number | null = null;
    const log = await runLoop(config, {
      loadAsset,
      backendOptions,
      runtime: { platform: 'bench' },
      onEvent: (e) => {
        if (e.type === 'run-start') started = performance.now();
        if (
          e.type === 'generation-done' &&
          timeToTargetMs === null &&
          e.summary.championValAccuracy >= c.targetAccuracy
        )
          timeToTargetMs = performance.now() - started;
      },
    });
    const ms = performance.now() - started;
    if (log.status !== 'done') throw new Error(`loop ${c.id} ended ${log.status}`);
    runs.push({
      ms,
      timeToTargetMs,
      finalValAccuracy: log.generations[log.generations.length - 1].championValAccuracy,
    });
    return ms;
  };
  // A run is long (seconds): one run per repeat, never several in one region.
  const timed = await timeRegions({ ...timing, minRegionMs: 0 }, once);
  const measured = runs.slice(runs.length - timed.ms.length);
  const toTarget = measured.map((r) => r.timeToTargetMs);
  return {
    id: c.id,
    task,
    proposer,
    generations,
    population,
    steps,
    seed,
    batchPopulation,
    generationsPerMin: summarise(timed.ms.map((ms) => (generations * 60_000) / ms)),
    totalMs: median(timed.ms),
    targetAccuracy: c.targetAccuracy,
    // A repeat that missed the target while others reached it cannot happen with the same seed; the median is of those that did.
    timeToTargetMs: toTarget.some((t) => t === null) ? null : median(toTarget as number[]),
    finalValAccuracy: measured[measured.length - 1].finalValAccuracy,
  };
}
