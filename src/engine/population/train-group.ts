/**
 * Trains a group of children as ONE batched model (models/batched-mlp.ts,
 * models/batched-cnn.ts): one forward and backward pass and one optimizer
 * update per step for all K children — as tfjs ops (stepper.ts) or as the
 * fused WGSL kernels on WebGPU (fused/fused-mlp.ts).
 *
 * Each child keeps everything it would have alone (`trainCandidate`): its
 * initial weights and data order from `createRng(seed)` in the same draw
 * order, its dropout masks from the same seeds, its own learning rate,
 * weight decay, dropout rate, batch size and optimizer. So batched training
 * reproduces alone training up to float rounding — the equivalence tests
 * check it.
 *
 * Per-model losses are summed only to get one gradient: no op mixes models,
 * so a diverging child cannot touch the others. Losses are read back every
 * `progressEvery` steps, as alone; a child whose mean loss is not finite is
 * marked diverged there and frozen (its weights, state and learning rate
 * zeroed), and the rest go on.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers every gradient (the module differs for bundles and Node: see package.json#imports).
import '#gradients';
import type { Genome, MlpArch } from '../../core/genome';
import { DataOrder } from '../../core/data-order';
import { errorMessage } from '../../core/errors';
import { createRng } from '../../core/rng';
import { buildBatchedCnn } from '../../../models/batched-cnn';
import type { BatchedNet, BroadcastStyle } from '../../../models/batched';
import { buildBatchedMlp } from '../../../models/batched-mlp';
import { initialWeights } from '../../../models/init';
import { StopSignal, yieldToHost, type RunControl } from '../control';
import type { Split, TaskTensors } from '../data';
import { trainResult, type TrainResult } from '../train';
import { trainTyped, typedStepFor } from '../typed-mlp/train';
import { fusedPreferred, fusedStepper, stepMultiplyAdds, tuneFused } from './fused/fused-mlp';
import { plainStepper, type GroupSetup, type KernelPath, type Stepper } from './stepper';
import { stepSeeds } from './dropout';
import { STATE_SLOTS, stateFits, type OptimizerState } from '../optimizer';
import type { OptimizerName } from '../../core/genome';

/** One child of a group: what `TrainRequest` says about it. */
export interface GroupMember {
  genome: Genome;
  /** Seed for initialisation, data order and dropout (as `TrainRequest.seed`). */
  seed: number;
  init: Float32Array[] | null;
  /** Optimizer state to continue from (as `TrainRequest.initState`). */
  initState?: OptimizerState | null;
}

/** What training a group needs. Every member trains for the same `steps`. */
export interface GroupRequest {
  members: GroupMember[];
  steps: number;
  progressEvery: number;
  /** Called at each read-back for every member still training, in member order. */
  onProgress?: (member: number, step: number, loss: number) => void;
  control?: RunControl;
  /** How per-model values are broadcast (default: what suits the backend; see models/batched-mlp.ts). */
  broadcast?: BroadcastStyle;
  /**
   * `tfjs`: each step as tfjs ops (the reference). `fused`: a handful of
   * WGSL kernels per step on tfjs's WebGPU device (WebGPU and MLPs only), or
   * on wasm each small MLP's step in typed arrays (typed-mlp/).
   * Default: fused for small MLPs on WebGPU (see FUSED_MAX_WEIGHTS) and on
   * wasm (see typedStepCovers), else tfjs.
   */
  kernels?: KernelPath;
  /** The fused step's products: tiled or untiled (default: by the group's size, see fused-mlp.ts). */
  fusedProducts?: 'tiled' | 'untiled';
  /** Return each member's final optimizer state (as `TrainRequest.keepState`). Groups with state train with tfjs ops. */
  keepState?: boolean;
}

/**
 * The fused stepper, or (when it cannot be built here — a buffer over the
 * device's binding limit, say — and the caller did not insist) the plain one.
 */
function fusedOrPlain(setup: GroupSetup, insist: boolean): Stepper {
  try {
    return fusedStepper(setup);
  } catch (e) {
    if (insist) throw e;
    return plainStepper(setup);
  }
}

/** The kernels a group trains with when the request does not say: fused for small MLPs on WebGPU. */
export function defaultKernels(genomes: readonly Genome[], inputSize: number, numClasses: number): KernelPath {
  return fusedPreferred(genomes, inputSize, numClasses) ? 'fused' : 'tfjs';
}

/** Floats one evaluation chunk may hold for the whole group (activations of the widest layer). */
const EVAL_FLOATS = 1 << 24;

/** Whether a genome's family can train in a batched group (MLPs and CNNs). */
export function batchable(genome: Genome): boolean {
  return genome.arch.family === 'mlp' || genome.arch.family === 'cnn';
}

/** The stacked net for a group: MLPs of one depth, or CNNs of one architecture. */
function buildGroupNet(
  genomes: Genome[],
  weights: Float32Array[][],
  inputShape: number[],
  numClasses: number,
  style?: BroadcastStyle,
): BatchedNet {
  const archs = genomes.map((g) => g.arch);
  if (archs.every((a): a is MlpArch => a.family === 'mlp'))
    return buildBatchedMlp(archs, weights, inputShape, numClasses, style);
  const first = archs[0];
  if (first.family === 'cnn' && archs.every((a) => JSON.stringify(a) === JSON.stringify(first)))
    return buildBatchedCnn(first, weights, inputShape, numClasses, style);
  throw new Error('a batched group needs MLPs of one depth or CNNs of one architecture');
}

/** A group's outcome: one result per member, in order. */
export interface GroupResult {
  results: TrainResult[];
  /** The kernels its steps ran with. */
  kernels: KernelPath;
  /**
   * Set when the batched computation itself failed (every member not
   * already diverged or failed is then `failed` with this message); the
   * caller may train them alone instead.
   */
  groupError?: string;
}

/**
 * Trains the members as one batched model. Never throws except StopSignal:
 * a member whose initial weights are wrong fails on its own, an error of the
 * batched computation is reported as `groupError`. Disposes everything it made.
 */
export async function trainGroup(data: TaskTensors, req: GroupRequest): Promise<GroupResult> {
  // Small MLPs on wasm: each model's step in typed arrays (typed-mlp/), the same as alone.
  if (req.kernels !== 'tfjs' && req.broadcast === undefined && req.members.every((m) => typedStepFor(m.genome, data))) {
    const results = await trainTyped(data, {
      jobs: req.members,
      steps: req.steps,
      progressEvery: req.progressEvery,
      onProgress: req.onProgress,
      control: req.control,
      keepState: req.keepState,
    });
    return { results, kernels: 'fused' };
  }
  const started = performance.now();
  const k = req.members.length;
  const { train } = data;
  const { inputShape, numClasses } = data.info;
  const results: (TrainResult | null)[] = req.members.map(() => null);
  const lossCurves: number[][] = req.members.map(() => []);
  const trainLoss: (number | null)[] = req.members.map(() => null);
  const stepsDone = new Array<number>(k).fill(0);
  const finish = (m: number, status: TrainResult['status'], extra: Partial<TrainResult> = {}) => {
    results[m] = trainResult(
      status,
      { stepsDone: stepsDone[m], trainLoss: trainLoss[m], lossCurve: lossCurves[m] },
      0,
      extra,
    );
  };

  // Initial weights, each from its own RNG as alone (models/init.ts); the RNG then drives the data order (as in train.ts).
  const live: number[] = [];
  const initial: Float32Array[][] = [];
  const orders: DataOrder[] = [];
  req.members.forEach((m, i) => {
    const rng = createRng(m.seed);
    try {
      initial.push(initialWeights(m.genome.arch, inputShape, numClasses, rng, m.init));
    } catch (e) {
      return finish(i, 'failed', { error: errorMessage(e) });
    }
    live.push(i);
    orders.push(new DataOrder(rng, train.n, Math.min(m.genome.hyper.batchSize, train.n)));
  });

  let net: BatchedNet | null = null;
  let slotNets: SlotNets | null = null;
  let iterations = 0;
  let stepper: Stepper | null = null;
  let groupError: string | undefined;
  try {
    if (live.length > 0) {
      const members = live.map((i) => req.members[i]);
      const genomes = members.map((m) => m.genome);
      const kk = live.length;
      net = buildGroupNet(genomes, initial, inputShape, numClasses, req.broadcast);
      const theNet = net;
      const batches = orders.map((o) => o.batch);
      const batch = Math.max(...batches);
      const anyDropout = genomes.some((g) => g.hyper.dropout > 0);
      const setup: GroupSetup = { net: theNet, genomes, batches, batch, data, products: req.fusedProducts };
      const stateful = req.keepState || members.some((m) => m.initState);
      if (stateful) {
        const states = members.map((m, j) =>
          stateFits(
            m.initState,
            m.genome.hyper.optimizer,
            initial[j].map((a) => a.length),
          )
            ? m.initState!
            : null,
        );
        iterations = states[0]?.iterations ?? 0;
        if (states.some((x) => (x?.iterations ?? 0) !== iterations))
          throw new Error('a batched group needs members whose optimizers have taken the same number of steps');
        slotNets = buildSlotNets(genomes, states, initial, (g, w) =>
          buildGroupNet(g, w, inputShape, numClasses, req.broadcast),
        );
        setup.state = {
          accumulations: slotNets.momentum?.variables,
          firstMoments: slotNets.adamM?.variables,
          secondMoments: slotNets.adamV?.variables,
          iterations,
        };
      }
      const fused =
        !stateful &&
        (req.kernels ??
          defaultKernels(
            genomes,
            inputShape.reduce((a, b) => a * b, 1),
            numClasses,
          )) === 'fused';
      // The tiled products' tile sizes are timed once per device, at the first group where they matter.
      if (fused && req.fusedProducts !== 'untiled') await tuneFused(stepMultiplyAdds(kk, batch, theNet.dims));
      stepper = fused ? fusedOrPlain(setup, req.kernels === 'fused') : plainStepper(setup);
      const theStepper = stepper;
      const idxHost = new Int32Array(kk * batch);
      const seeds = members.map((m) => m.seed);

      let since = 0;
      let done = 0;
      const active = new Array<boolean>(kk).fill(true);
      for (let step = 0; step < req.steps && live.some((_, j) => active[j]); step++) {
        if (req.control) await req.control.checkpoint();
        for (let j = 0; j < kk; j++) orders[j].next(idxHost, j * batch);
        // Dropout: each model's seed for this step, as alone (the steppers draw the noise from it: dropout.ts).
        theStepper.step(idxHost, anyDropout ? stepSeeds(seeds, step) : null);
        since++;
        const stepNo = step + 1;
        for (let j = 0; j < kk; j++) if (active[j]) stepsDone[live[j]] = stepNo;
        if (stepNo % req.progressEvery === 0 || stepNo === req.steps) {
          const sums = await theStepper.takeLossSums();
          const diverged: number[] = [];
          for (let j = 0; j < kk; j++) {
            if (!active[j]) continue;
            const mean = sums[j] / since;
            const m = live[j];
            if (!Number.isFinite(mean)) {
              active[j] = false;
              diverged.push(j);
              finish(m, 'diverged', { error: `training loss became ${mean} by step ${stepNo}` });
              continue;
            }
            trainLoss[m] = mean;
            lossCurves[m].push(mean);
            req.onProgress?.(m, stepNo, mean);
          }
          since = 0;
          if (diverged.length > 0) {
            done += diverged.length;
            if (done < kk) theStepper.freeze(active);
          }
          await yieldToHost();
        }
      }

      const val = await evaluateGroup(theNet, data.validation);
      const weights = await theNet.readWeights();
      const states =
        req.keepState && slotNets ? await readSlotNets(slotNets, genomes, iterations, stepsDone, live) : null;
      for (let j = 0; j < kk; j++) {
        const m = live[j];
        if (!active[j]) continue;
        if (!Number.isFinite(val.loss[j])) finish(m, 'diverged', { error: `validation loss is ${val.loss[j]}` });
        else
          finish(m, 'ok', {
            valLoss: val.loss[j],
            valAccuracy: val.accuracy[j],
            weights: weights[j],
            ...(states ? { optimizerState: states[j] } : {}),
          });
      }
    }
  } catch (e) {
    if (e instanceof StopSignal) throw e;
    groupError = errorMessage(e);
    for (const m of live) if (!results[m] || results[m]!.status === 'ok') finish(m, 'failed', { error: groupError });
  } finally {
    stepper?.dispose();
    net?.dispose();
    if (slotNets) for (const n of Object.values(slotNets)) n?.dispose();
  }
  // Training time is shared: each member is charged an equal part of the group's wall time.
  const ms = (performance.now() - started) / k;
  const out: GroupResult = {
    results: results.map((r) => ({ ...r!, trainMs: ms })),
    kernels: stepper?.kernels ?? 'tfjs',
  };
  if (groupError !== undefined) out.groupError = groupError;
  return out;
}

/** Validation loss (mean) and accuracy of every model of the group, with one read-back. */
export async function evaluateGroup(net: BatchedNet, split: Split): Promise<{ loss: number[]; accuracy: number[] }> {
  const chunk = Math.max(1, Math.min(2048, Math.floor(EVAL_FLOATS / (net.k * net.floatsPerExample))));
  let lossSum: tf.Tensor1D = tf.zeros([net.k]);
  let correct: tf.Tensor1D = tf.zeros([net.k]);
  for (let start = 0; start < split.n; start += chunk) {
    const size = Math.min(chunk, split.n - start);
    const [l, c] = tf.tidy(() => {
      const logits = net.forwardShared(tf.slice(split.x, [start, 0], [size, -1]));
      const labels = tf.broadcastTo(tf.slice(split.oneHot, [start, 0], [size, -1]), logits.shape);
      const loss = tf.sum(tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0, tf.Reduction.NONE), 1);
      const hits = tf.sum(
        tf.cast(tf.equal(tf.argMax(logits, 2), tf.slice(split.labels, [start], [size])), 'float32'),
        1,
      );
      return [tf.add(lossSum, loss) as tf.Tensor1D, tf.add(correct, hits) as tf.Tensor1D];
    });
    lossSum.dispose();
    correct.dispose();
    lossSum = l;
    correct = c;
  }
  const [loss, hits] = await Promise.all([
    lossSum.data() as Promise<Float32Array>,
    correct.data() as Promise<Float32Array>,
  ]);
  tf.dispose([lossSum, correct]);
  // Divided in float64, as evaluate() does.
  return { loss: Array.from(loss, (x) => x / split.n), accuracy: Array.from(hits, (x) => x / split.n) };
}

/**
 * A group's optimizer state, stacked and padded exactly like its weights: one
 * batched net per slot kind whose variables ARE the state (the stacked
 * optimizer updates them in place), so the nets' own stacking and read-back
 * serve the state too. A model without that slot, or without a saved state,
 * starts from zeros (a fresh optimizer's state).
 */
interface SlotNets {
  momentum?: BatchedNet;
  adamM?: BatchedNet;
  adamV?: BatchedNet;
}

function buildSlotNets(
  genomes: readonly Genome[],
  states: readonly (OptimizerState | null)[],
  initial: readonly Float32Array[][],
  build: (genomes: Genome[], weights: Float32Array[][]) => BatchedNet,
): SlotNets {
  const kinds = genomes.map((g) => g.hyper.optimizer);
  const slot = (kind: OptimizerName, s: number) =>
    build(
      genomes.slice(),
      genomes.map((_, j) =>
        kinds[j] === kind && states[j] ? states[j]!.slots[s] : initial[j].map((a) => new Float32Array(a.length)),
      ),
    );
  const out: SlotNets = {};
  try {
    if (kinds.includes('momentum')) out.momentum = slot('momentum', 0);
    if (kinds.includes('adam')) {
      out.adamM = slot('adam', 0);
      out.adamV = slot('adam', 1);
    }
  } catch (e) {
    for (const n of Object.values(out)) n?.dispose();
    throw e;
  }
  return out;
}

/** Each live member's final optimizer state, read from the slot nets. */
async function readSlotNets(
  nets: SlotNets,
  genomes: readonly Genome[],
  iterations: number,
  stepsDone: readonly number[],
  live: readonly number[],
): Promise<OptimizerState[]> {
  const [momentum, m, v] = await Promise.all([nets.momentum, nets.adamM, nets.adamV].map((n) => n?.readWeights()));
  return genomes.map((g, j) => {
    const optimizer = g.hyper.optimizer;
    const slots = optimizer === 'momentum' ? [momentum![j]] : optimizer === 'adam' ? [m![j], v![j]] : [];
    if (slots.length !== STATE_SLOTS[optimizer]) throw new Error(`no state read for ${optimizer}`);
    return { optimizer, iterations: iterations + stepsDone[live[j]], slots };
  });
}
