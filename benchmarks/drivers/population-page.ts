/**
 * Entry of the population benchmark's and browser tests' page (built by
 * population-chromium.ts into its own folder): exposes the engine's
 * population workload and equivalence check (and, for micro's population
 * products, the benchmark's suite runner) to the driver as
 * `window.successorPopulation`. No UI.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../../src/core/genome';
import type { TaskName } from '../../src/core/tasks';
import type { BroadcastStyle } from '../../models/batched';
import { selectBackend, type BackendChoice } from '../../src/engine/backend';
import { loadTask, type TaskTensors } from '../../src/engine/data';
import type { LoopFigure, PopulationFigure, PopulationMode } from '../../src/core/bench/population';
import {
  liveTensors,
  measureLoopBatching,
  measurePopulation,
  POPULATION_MODELS,
} from '../../src/engine/bench/workloads/population';
import type { KernelPath } from '../../src/engine/population/stepper';
import type { BenchResult } from '../../src/core/bench/result';
import type { Suite } from '../../src/core/bench/suite';
import { runSuite } from '../../src/engine/bench/run';
import { profileFused, type FusedProfile } from '../../src/engine/bench/workloads/fused-profile';
import { forceFusedTiles, tuneFused } from '../../src/engine/population/fused/fused-mlp';
import type { Tiles } from '../../src/engine/population/fused/tiled';
import type { Tuning } from '../../src/engine/population/fused/autotune';
import {
  checkEquivalence,
  checkPaths,
  withValidationSubset,
  type CheckPath,
  type CheckChild,
  type Equivalence,
} from '../../src/engine/population/check';

const loadAsset = async (asset: string) => (await fetch(new URL(asset, location.href))).arrayBuffer();
const tasks = new Map<TaskName, TaskTensors>();
const task = async (name: TaskName) => {
  let t = tasks.get(name);
  if (!t) {
    t = await loadTask(name, 1, loadAsset);
    tasks.set(name, t);
  }
  return t;
};

const api = {
  async setup(
    backend: 'webgpu' | 'cpu' | 'wasm' | 'webgl',
  ): Promise<BackendChoice & { tfjs: string; userAgent: string }> {
    const choice = await selectBackend(backend);
    return { ...choice, tfjs: tf.version_core, userAgent: navigator.userAgent };
  },
  async measure(
    modelId: string,
    k: number,
    steps: number,
    modes: PopulationMode[],
    aloneModels = 4,
    broadcast?: BroadcastStyle,
    repeats = 3,
  ): Promise<PopulationFigure[]> {
    const model = POPULATION_MODELS.find((m) => m.id === modelId);
    if (!model) throw new Error(`unknown model ${modelId}`);
    return measurePopulation(await task(model.task), model, k, steps, modes, aloneModels, broadcast, repeats);
  },
  async loop(
    batchPopulation: boolean,
    over: Record<string, unknown> = {},
    matMul?: 'xnnpack' | 'stock',
  ): Promise<LoopFigure> {
    return measureLoopBatching(
      loadAsset,
      { userAgent: navigator.userAgent, platform: navigator.platform },
      tf.getBackend() as 'webgpu',
      batchPopulation,
      over,
      matMul,
    );
  },
  /** On WebGPU: the fused step of K copies of a suite model, split by dispatch (fused-profile.ts). */
  async profile(
    modelId: string,
    k: number,
    repeats: number,
    dropout = 0,
    products: 'tiled' | 'untiled' = 'tiled',
  ): Promise<FusedProfile> {
    const model = POPULATION_MODELS.find((m) => m.id === modelId);
    if (!model) throw new Error(`unknown model ${modelId}`);
    const genome = { ...model.genome, hyper: { ...model.genome.hyper, dropout } };
    return profileFused(await task(model.task), genome, k, repeats, products);
  },
  /**
   * Runs a benchmark suite's cases on `backends` side by side, unscored, as the benchmark page does
   * (micro's population products on their own: benchmarks/cli/micro-population.ts and the browser test).
   */
  benchSuite: (suite: Suite, backends: string[]): Promise<BenchResult> =>
    runSuite(suite, backends, {
      loadAsset,
      environment: {
        driver: 'chromium',
        userAgent: navigator.userAgent,
        platform: navigator.platform,
        hardwareConcurrency: navigator.hardwareConcurrency,
      },
    }),
  /** On WebGPU: the fused step's tile sizes, tuned once for this device (see autotune.ts); null elsewhere. */
  fusedTiles: (): Promise<Tuning | null> => tuneFused(),
  /** On WebGPU: the tiles later fused groups use whatever the tuning chose (null: the tuned ones), for fused-profile.ts. */
  forceTiles: (tiles: Tiles | null): void => forceFusedTiles(tiles),
  /** Trains the children alone, then batched with each kernel path; the differences per path. */
  async paths(
    taskName: TaskName,
    children: { genome: Genome; seed: number }[],
    steps: number,
    progressEvery: number,
    paths: CheckPath[],
  ): Promise<{ byPath: Record<string, { diff: Equivalence; groupError?: string }>; before: number; after: number }> {
    const data = await task(taskName);
    const before = liveTensors();
    const byPath = await checkPaths(data, children as CheckChild[], steps, progressEvery, paths);
    return { byPath, before, after: liveTensors() };
  },
  /** Trains the children alone and batched; `validation` limits the validation split to its first examples. */
  async equivalence(
    taskName: TaskName,
    children: { genome: Genome; seed: number }[],
    steps: number,
    progressEvery: number,
    validation?: number,
    kernels?: KernelPath,
  ): Promise<{ diff: Equivalence; groupError?: string; before: number; after: number }> {
    const full = await task(taskName);
    const data = validation === undefined ? full : withValidationSubset(full, validation);
    try {
      const before = liveTensors();
      const r = await checkEquivalence(data, children as CheckChild[], steps, progressEvery, kernels);
      return { diff: r.diff, groupError: r.groupError, before, after: liveTensors() };
    } finally {
      if (data !== full) data.dispose();
    }
  },
};

export type PopulationPageApi = typeof api;
(globalThis as unknown as { successorPopulation: PopulationPageApi }).successorPopulation = api;
