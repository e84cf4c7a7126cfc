/**
 * The product's own workload: a fixed-seed RSI loop run by the real engine
 * on the current backend. It runs once; each generation after generation 0
 * is one timed sample (generation 0 trains the seed genome alone, a
 * different amount of work). Time to target runs from the loop's start
 * (backend and data ready) to the first generation whose champion reaches
 * the target validation accuracy.
 */
import { parseConfig } from '../../../core/config';
import type { BackendOptions } from '../../backend';
import type { AssetLoader } from '../../data';
import { runLoop } from '../../loop';
import type { LoopFigures } from '../../../core/bench/result';
import { summarise } from '../../../core/bench/stats';
import type { LoopCase } from '../../../core/bench/suite';

/** Runs the loop on `backend` (already current) and times it. */
export async function measureLoop(
  c: LoopCase,
  backend: string,
  loadAsset: AssetLoader,
  backendOptions: BackendOptions | undefined,
): Promise<LoopFigures> {
  const { task, proposer, generations, population, steps, seed, batchPopulation } = c;
  const config = parseConfig({ task, proposer, generations, population, steps, seed, batchPopulation, backend });
  let started = performance.now();
  let timeToTargetMs: number | null = null;
  const log = await runLoop(config, {
    loadAsset,
    backendOptions,
    runtime: { platform: 'bench' },
    onEvent: (e) => {
      if (e.type === 'run-start') started = performance.now();
      if (e.type === 'generation-done' && timeToTargetMs === null && e.summary.championValAccuracy >= c.targetAccuracy)
        timeToTargetMs = performance.now() - started;
    },
  });
  const totalMs = performance.now() - started;
  if (log.status !== 'done') throw new Error(`loop ${c.id} ended ${log.status}`);
  const perGeneration = log.generations.slice(1).map((g) => 60_000 / g.ms);
  const last = log.generations[log.generations.length - 1];
  return {
    id: c.id,
    task,
    proposer,
    generations,
    population,
    steps,
    seed,
    batchPopulation,
    generationsPerMin: summarise(perGeneration.length ? perGeneration : [60_000 / log.generations[0].ms]),
    totalMs,
    targetAccuracy: c.targetAccuracy,
    timeToTargetMs,
    finalValAccuracy: last.championValAccuracy,
  };
}
