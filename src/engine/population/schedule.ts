/**
 * Trains one generation's children: groups of batchable children as one
 * batched model each (`trainGroup`), the rest alone (`trainCandidate`).
 *
 * Events keep their contract (each child's start, progress and done in a
 * row): a group's first child reports its progress live while the group
 * trains; the others' start, progress (recorded at the same read-backs) and
 * done follow when the group is finished, with a pause/stop checkpoint after
 * each, so a stop mid-generation still lands between children.
 *
 * If a group's batched computation itself fails (say, out of GPU memory),
 * its children are trained again alone. On WebGPU a small MLP child that
 * groups with no other still trains through the fused kernels, as a group
 * of one.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Genome } from '../../core/genome';
import type { TrainingMode } from '../../core/runlog';
import type { RunControl } from '../control';
import type { TaskTensors } from '../data';
import { trainCandidate, trainResult, type TrainResult } from '../train';
import { limitsFor, planGroups, type GroupLimits } from './groups';
import { im2colTooLarge, missingTrainingKernels } from '../capabilities';
import { fusedPreferred } from './fused/fused-mlp';
import { trainGroup } from './train-group';
import type { OptimizerState } from '../optimizer';

/** One child to train, as the loop prepared it. */
export interface ChildJob {
  genome: Genome;
  steps: number;
  seed: number;
  init: Float32Array[] | null;
  /** The parent's optimizer state to continue from (PBT, ASHA's promotions). */
  initState?: OptimizerState | null;
}

/** What the loop does around each child (events, bookkeeping); `index` is the child's place in `jobs`. */
export interface ChildHooks {
  start(index: number): void;
  progress(index: number, step: number, loss: number): void;
  /** Steps finished so far by a slow child training alone, and the ms it has taken. */
  steps?(index: number, step: number, ms: number): void;
  done(index: number, result: TrainResult, training: TrainingMode): void;
}

export interface ScheduleOptions {
  /** Batch children that can share a computation (config.batchPopulation). */
  batch: boolean;
  progressEvery: number;
  control: RunControl;
  limits?: GroupLimits;
  /** Return every child's final optimizer state, to continue from later. */
  keepState?: boolean;
}

/** Trains every job, calling the hooks in a valid event order. */
export async function trainChildren(
  data: TaskTensors,
  jobs: readonly ChildJob[],
  opts: ScheduleOptions,
  hooks: ChildHooks,
): Promise<void> {
  const inputSize = data.info.inputShape.reduce((a, b) => a * b, 1);
  const groups = opts.batch
    ? planGroups(
        jobs.map((j) => ({ genome: j.genome, steps: j.steps, optimizerSteps: j.initState?.iterations ?? 0 })),
        data.info.inputShape,
        data.info.numClasses,
        data.train.n,
        opts.limits ?? limitsFor(tf.getBackend()),
      )
    : jobs.map((_, i) => [i]);
  /** Trains child i on its own; `started`: its start was already reported. */
  const alone = async (i: number, started = false) => {
    if (!started) hooks.start(i);
    const res = await trainCandidate(data, {
      genome: jobs[i].genome,
      steps: jobs[i].steps,
      seed: jobs[i].seed,
      progressEvery: opts.progressEvery,
      init: jobs[i].init,
      initState: jobs[i].initState,
      keepState: opts.keepState,
      control: opts.control,
      onProgress: (step, loss) => hooks.progress(i, step, loss),
      onSteps: hooks.steps && ((step, ms) => hooks.steps!(i, step, ms)),
    });
    hooks.done(i, res, { mode: 'alone' });
  };
  /**
   * How a child that groups with no other trains. It still takes the fused kernels where they run: a
   * batch of one, far fewer dispatches. A convnet on a backend without conv2d's gradient kernels (wasm)
   * trains through the batched im2col path, which needs none — with batching off too, since alone it
   * could not train at all — unless that path would run the backend out of memory (which would break
   * it for every later child): then it is refused up front.
   */
  const stateful = opts.keepState || jobs.some((j) => j.initState);
  const solo = (g: Genome): 'alone' | 'group' | { refused: string } => {
    if (g.arch.family === 'cnn' && missingTrainingKernels(g).length > 0) {
      const tooLarge = im2colTooLarge(g, data.info.inputShape);
      return tooLarge === null ? 'group' : { refused: tooLarge };
    }
    // Optimizer state travels through the tfjs paths only: a child with state and no group trains alone.
    return opts.batch && !stateful && fusedPreferred([g], inputSize, data.info.numClasses) ? 'group' : 'alone';
  };
  for (const group of groups) {
    const route = group.length === 1 ? solo(jobs[group[0]].genome) : 'group';
    if (route === 'alone') {
      await alone(group[0]);
      continue;
    }
    if (route !== 'group') {
      hooks.start(group[0]);
      hooks.done(
        group[0],
        trainResult('failed', { stepsDone: 0, trainLoss: null, lossCurve: [] }, 0, { error: route.refused }),
        { mode: 'alone' },
      );
      continue;
    }
    const [lead] = group;
    const recorded: [number, number][][] = group.map(() => []);
    hooks.start(lead);
    const { results, groupError, kernels } = await trainGroup(data, {
      members: group.map((i) => ({
        genome: jobs[i].genome,
        seed: jobs[i].seed,
        init: jobs[i].init,
        initState: jobs[i].initState,
      })),
      keepState: opts.keepState,
      steps: jobs[lead].steps,
      progressEvery: opts.progressEvery,
      control: opts.control,
      onProgress: (m, step, loss) => (m === 0 ? hooks.progress(lead, step, loss) : recorded[m].push([step, loss])),
    });
    if (groupError !== undefined) {
      // The batched computation failed: train each child alone (the lead has started already).
      for (const i of group) await alone(i, i === lead);
      continue;
    }
    const training: TrainingMode = { mode: 'batched', groupSize: group.length, kernels };
    hooks.done(lead, results[0], training);
    for (let m = 1; m < group.length; m++) {
      await opts.control.checkpoint();
      hooks.start(group[m]);
      for (const [step, loss] of recorded[m]) {
        hooks.progress(group[m], step, loss);
        await opts.control.checkpoint();
      }
      hooks.done(group[m], results[m], training);
    }
  }
}
