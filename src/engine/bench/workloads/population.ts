/**
 * The `population` benchmark's workload (runs in Node and in a page alike):
 * aggregate training samples/s of K same-shaped models trained one at a
 * time (`trainCandidate`, one after another) against K trained as one
 * batched model (`trainGroup`), on the current backend, in one run.
 *
 * Both sides run through the engine's real entry points. Each figure trains
 * the population for `steps` and for a fifth of them, `repeats` times each
 * (alternating; each timed region repeats its run to last the minimum region
 * duration; median of the repeats' rates and its 95 % interval, every mode
 * alike), after an untimed warm-up of the same shapes
 * (shader compilation, buffer pools): the difference of the two times is
 * pure training steps (building, the validation pass — over the first
 * VALIDATION_EXAMPLES validation examples — and weight read-back cancel
 * out), which gives the training throughput; the long run alone gives the
 * end-to-end throughput. One-at-a-time throughput does not depend on K (the
 * models train in turn), so at most `aloneModels` models are timed alone and
 * their rate stands for all K.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig, type BackendRequest } from '../../../core/config';
import type { Genome } from '../../../core/genome';
import type { TaskName } from '../../../core/tasks';
import type { AssetLoader, TaskTensors } from '../../data';
import { runLoop, type LoopHost } from '../../loop';
import { trainCandidate } from '../../train';
import type { BroadcastStyle } from '../../../../models/batched';
import { missingTrainingKernels } from '../../capabilities';
import { withValidationSubset } from '../../population/check';
import { batchable, trainGroup } from '../../population/train-group';
import { withWasmMatMul, type WasmMatMul } from '../../wasm-matmul';
import { median } from '../../../core/bench/stats';
import { DEFAULT_MIN_REGION_MS } from '../../../core/bench/policy';
import {
  DROPOUT_RATE,
  LOOP_CONFIG,
  rateStat,
  type LoopFigure,
  type PopulationFigure,
  type PopulationMode,
} from '../../../core/bench/population';

/** A model of the suite. */
export interface PopulationModel {
  id: string;
  title: string;
  task: TaskName;
  genome: Genome;
}

const mlp = (units: number[], batchSize: number): Genome => ({
  hyper: { optimizer: 'adam', learningRate: 0.003, batchSize, weightDecay: 0, dropout: 0 },
  arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation: 'relu' })) },
});

/** The suite's models: the two MLP sizes and a small CNN. */
export const POPULATION_MODELS: PopulationModel[] = [
  { id: 'mlp-2-32-2', title: 'MLP 2-32-2, batch 64 (spirals)', task: 'spirals', genome: mlp([32], 64) },
  { id: 'mlp-784-256-10', title: 'MLP 784-256-10, batch 256 (digits)', task: 'digits', genome: mlp([256], 256) },
  // Only with --models (EXTRA_MODEL_IDS): the sizes of the fused step's rule.
  { id: 'mlp-2-256-2', title: 'MLP 2-256-2, batch 64 (spirals)', task: 'spirals', genome: mlp([256], 64) },
  { id: 'mlp-784-16-10', title: 'MLP 784-16-10, batch 256 (digits)', task: 'digits', genome: mlp([16], 256) },
  { id: 'mlp-784-64-10', title: 'MLP 784-64-10, batch 256 (digits)', task: 'digits', genome: mlp([64], 256) },
  { id: 'mlp-784-128-10', title: 'MLP 784-128-10, batch 256 (digits)', task: 'digits', genome: mlp([128], 256) },
  {
    id: 'mlp-784-256-256-10',
    title: 'MLP 784-256-256-10, batch 256 (digits)',
    task: 'digits',
    genome: mlp([256, 256], 256),
  },
  {
    id: 'mlp-784-256-256-256-10',
    title: 'MLP 784-256-256-256-10, batch 256 (digits)',
    task: 'digits',
    genome: mlp([256, 256, 256], 256),
  },
  {
    id: 'cnn-c8-c16',
    title: 'CNN conv8-pool-conv16-pool | 10, batch 32 (digits)',
    task: 'digits',
    genome: {
      hyper: { optimizer: 'adam', learningRate: 0.003, batchSize: 32, weightDecay: 0, dropout: 0 },
      arch: {
        family: 'cnn',
        blocks: [
          { filters: 8, kernel: 3, pool: true },
          { filters: 16, kernel: 3, pool: true },
        ],
        activation: 'relu',
        head: [],
      },
    },
  },
];

/**
 * Whether a mode can train this model on a backend (alone: where the backend has its gradients; batched: the
 * families trainGroup batches; the fused modes: MLPs on WebGPU; the stock modes: wasm).
 */
export function supports(model: PopulationModel, mode: PopulationMode, backend: string): boolean {
  if (mode === 'alone') return missingTrainingKernels(model.genome, backend).length === 0;
  if (mode === 'fused' || mode === 'fused-untiled' || mode === 'fused-dropout' || mode === 'fused-tiled')
    return backend === 'webgpu' && model.genome.arch.family === 'mlp';
  if (mode === 'alone-stock' || mode === 'batched-stock')
    return backend === 'wasm' && supports(model, mode === 'alone-stock' ? 'alone' : 'batched', backend);
  return batchable(model.genome);
}

/** Trains `k` models of `genome` for `steps` in the given mode; returns the wall time in ms and each model's validation loss. */
export async function trainPopulation(
  data: TaskTensors,
  genome: Genome,
  k: number,
  steps: number,
  mode: PopulationMode,
  seed = 1,
  broadcast?: BroadcastStyle,
): Promise<{ ms: number; valLosses: number[] }> {
  if (mode === 'alone-stock' || mode === 'batched-stock')
    // Today's path on wasm: tfjs-backend-wasm's own BatchMatMul, for the comparison.
    return withWasmMatMul('stock', () =>
      trainPopulation(data, genome, k, steps, mode === 'alone-stock' ? 'alone' : 'batched', seed, broadcast),
    );
  const started = performance.now();
  const valLosses: number[] = [];
  if (mode === 'alone') {
    for (let i = 0; i < k; i++) {
      const r = await trainCandidate(data, { genome, steps, seed: seed + i, progressEvery: steps, init: null });
      if (r.status !== 'ok') throw new Error(`model ${i} trained alone: ${r.status} ${r.error ?? ''}`);
      valLosses.push(r.valLoss ?? NaN);
    }
  } else {
    const kernels = mode.startsWith('fused') ? 'fused' : 'tfjs';
    const trained =
      mode === 'fused-dropout' ? { ...genome, hyper: { ...genome.hyper, dropout: DROPOUT_RATE } } : genome;
    const { results, groupError } = await trainGroup(data, {
      ...(mode === 'fused-untiled' ? { fusedProducts: 'untiled' as const } : {}),
      ...(mode === 'fused-tiled' ? { fusedProducts: 'tiled' as const } : {}),
      members: Array.from({ length: k }, (_, i) => ({ genome: trained, seed: seed + i, init: null })),
      steps,
      progressEvery: steps,
      broadcast,
      kernels,
    });
    if (groupError) throw new Error(`batched group of ${k}: ${groupError}`);
    const bad = results.find((r) => r.status !== 'ok');
    if (bad) throw new Error(`batched group of ${k}: a model ${bad.status}: ${bad.error ?? ''}`);
    for (const r of results) valLosses.push(r.valLoss ?? NaN);
  }
  return { ms: performance.now() - started, valLosses };
}

/**
 * Measures one figure per mode (see the top of this file): `repeats` short
 * and long regions of every mode, the modes alternating within each repeat
 * (so a change in machine load hits all of them); medians and intervals.
 */
export async function measurePopulation(
  full: TaskTensors,
  model: PopulationModel,
  k: number,
  steps: number,
  modes: readonly PopulationMode[],
  aloneModels = 4,
  broadcast?: BroadcastStyle,
  repeats = 3,
  minRegionMs = DEFAULT_MIN_REGION_MS,
): Promise<PopulationFigure[]> {
  // The validation pass cancels out of the training figure; a short one keeps convnets on a software adapter bearable.
  const data = withValidationSubset(full, VALIDATION_EXAMPLES);
  try {
    return await measureWith(data, model, k, steps, modes, aloneModels, broadcast, repeats, minRegionMs);
  } finally {
    data.dispose();
  }
}

/** Most runs per region: a bound for a mis-calibrated (near-zero) warm-up. */
const MAX_RUNS_PER_REGION = 1000;

/** Examples of the validation split each trained population is evaluated on in the benchmark. */
export const VALIDATION_EXAMPLES = 256;

async function measureWith(
  data: TaskTensors,
  model: PopulationModel,
  k: number,
  steps: number,
  modes: readonly PopulationMode[],
  aloneModels: number,
  broadcast: BroadcastStyle | undefined,
  repeats: number,
  minRegionMs: number,
): Promise<PopulationFigure[]> {
  const shortSteps = Math.max(1, Math.round(steps / 5));
  interface Side {
    mode: PopulationMode;
    timed: number;
    runs: number;
    shorts: number[];
    longs: number[];
    losses: number[];
  }
  const sides: Side[] = [];
  for (const mode of modes) {
    const timed = mode === 'alone' || mode === 'alone-stock' ? Math.min(k, aloneModels) : k;
    // The warm-up (untimed: shaders, buffer pools) also calibrates the regions: each repeat runs the short
    // and the long run enough times to last the minimum region duration, so a few milliseconds of one
    // small model alone are not timed at the clock's and the scheduler's mercy. Every mode alike.
    const warm = await trainPopulation(data, model.genome, timed, shortSteps, mode, 1000, broadcast);
    const runs = Math.min(MAX_RUNS_PER_REGION, Math.max(1, Math.ceil(minRegionMs / Math.max(warm.ms, 1e-3))));
    sides.push({ mode, timed, runs, shorts: [], longs: [], losses: [] });
  }
  const region = async (side: Side, n: number) => {
    const t = performance.now();
    let last: number[] = [];
    for (let i = 0; i < side.runs; i++)
      last = (await trainPopulation(data, model.genome, side.timed, n, side.mode, 1, broadcast)).valLosses;
    return { ms: performance.now() - t, valLosses: last };
  };
  for (let r = 0; r < repeats; r++)
    for (const side of sides) {
      side.shorts.push((await region(side, shortSteps)).ms);
      const long = await region(side, steps);
      side.longs.push(long.ms);
      side.losses = long.valLosses;
    }
  return sides.map(({ mode, timed, runs, shorts, longs, losses }) => {
    const checkedModels = Math.min(timed, aloneModels);
    const meanValLoss = losses.slice(0, checkedModels).reduce((a, b) => a + b, 0) / checkedModels;
    const batch = Math.min(model.genome.hyper.batchSize, data.train.n);
    const samples = timed * batch;
    const stat = rateStat({ samples, steps, shortSteps, runs, shorts, longs });
    const ms = median(longs) / runs;
    return {
      model: model.id,
      k,
      mode,
      modelsTimed: timed,
      steps,
      shortSteps,
      repeats,
      runsPerRegion: runs,
      ms,
      shortMs: median(shorts) / runs,
      samplesPerSec: stat.median,
      samplesPerSecStat: stat,
      endToEndSamplesPerSec: (samples * steps) / (ms / 1000),
      meanValLoss,
      checkedModels,
    };
  });
}

/** Runs the loop once with `batchPopulation` as given, on the backend already selected. */
export async function measureLoopBatching(
  loadAsset: AssetLoader,
  runtime: LoopHost['runtime'],
  backend: BackendRequest,
  batchPopulation: boolean,
  over: Record<string, unknown> = {},
  matMul?: WasmMatMul,
): Promise<LoopFigure> {
  const config = parseConfig({ ...LOOP_CONFIG, backend, batchPopulation, ...over });
  const started = performance.now();
  const run = () => runLoop(config, { loadAsset, runtime });
  const log = await (matMul ? withWasmMatMul(matMul, run) : run());
  const totalMs = performance.now() - started;
  const ms = log.generations.slice(1).reduce((a, g) => a + g.ms, 0);
  const groupSizes: number[] = [];
  for (const g of log.generations.slice(1)) {
    const own = log.candidates.filter((c) => c.generation === g.index);
    const sizes = own.map((c) => (c.training?.mode === 'batched' ? c.training.groupSize : 1));
    // A group of K shows up as K children of size K.
    for (const k of [...new Set(sizes)].sort((a, b) => b - a))
      for (let i = 0; i < sizes.filter((x) => x === k).length / k; i++) groupSizes.push(k);
  }
  return {
    batchPopulation,
    ...(matMul ? { matMul } : {}),
    championId: log.generations[log.generations.length - 1].championId,
    ms,
    totalMs,
    generationsPerMinute: ((config.generations - 1) * 60_000) / ms,
    batchedChildren: log.candidates.filter((c) => c.training?.mode === 'batched').length,
    fusedChildren: log.candidates.filter((c) => c.training?.mode === 'batched' && c.training.kernels === 'fused')
      .length,
    candidates: log.candidates.length,
    groupSizes,
    championValAccuracy: log.generations[log.generations.length - 1].championValAccuracy,
  };
}

/** Live tensors now (for the benchmark's leak check). */
export const liveTensors = (): number => tf.memory().numTensors;
