/**
 * The data the fused kernels read, defined once for both sides: each WGSL
 * struct below is written from the same field list the host packs from, so
 * a field cannot be added, dropped or reordered on one side only.
 *
 * - `Model` (one per model, storage): batch, optimizer code, −lr, weight
 *   decay / 2, dropout keep rate, the model's own layer sizes and its
 *   hidden layers' activation codes.
 * - `P` (one per dispatch, uniform): the group's sizes and the layer a
 *   dispatch works on, and its thread count.
 * - `S` (one per step, uniform): Adam's bias corrections and the optimizer
 *   constants.
 */
import type { Activation, Genome, OptimizerName } from '../../../core/genome';
import { ADAM_BETA1, ADAM_BETA2, MOMENTUM } from '../../optimizer';

/** Hidden layers the fused step supports per model (its `Model.acts` holds one code each). */
export const MAX_HIDDEN = 8;

/** Activation codes, as the kernels' `act` / `actGrad` switch on them. */
export const ACTIVATION_CODES = { relu: 0, tanh: 1, sigmoid: 2, elu: 3 } as const satisfies Record<Activation, number>;
/** Optimizer codes, as the update kernel switches on them. */
export const OPTIMIZER_CODES = { sgd: 0, momentum: 1, adam: 2 } as const satisfies Record<OptimizerName, number>;

/** `Model`'s fields in order: name, WGSL type, and (for arrays) length. All are 4 bytes per element. */
const MODEL_FIELDS = [
  ['batch', 'u32'],
  ['optimizer', 'u32'],
  ['negLr', 'f32'],
  ['halfWd', 'f32'],
  ['keep', 'f32'],
  ['pad', 'u32'],
  ['dims', 'u32', MAX_HIDDEN + 2],
  ['acts', 'u32', MAX_HIDDEN],
] as const;

type ModelField = (typeof MODEL_FIELDS)[number][0];

/** Word offset of each `Model` field, and the words per model. */
const MODEL_OFFSETS = {} as Record<ModelField, number>;
let words = 0;
for (const [name, , n] of MODEL_FIELDS as readonly (readonly [ModelField, string, number?])[]) {
  MODEL_OFFSETS[name] = words;
  words += n ?? 1;
}
export const MODEL_WORDS = words;

/** The WGSL declaration of `Model`. */
const FIELD_DECLS = (MODEL_FIELDS as readonly (readonly [string, string, number?])[]).map(
  ([name, type, n]) => `${name}: ${n ? `array<${type}, ${n}>` : type}`,
);
export const MODEL_STRUCT = `struct Model { ${FIELD_DECLS.join(', ')} }`;

/** One model's constants, as the host knows them. */
export interface ModelConstants {
  batch: number;
  optimizer: OptimizerName;
  learningRate: number;
  weightDecay: number;
  dropout: number;
  /** The model's own layer sizes: [inputs, hidden widths…, classes]. */
  dims: readonly number[];
  activations: readonly Activation[];
}

/** The constants of a genome trained with batch `batch` and layer sizes `dims`. */
export function modelConstants(g: Genome, batch: number, dims: readonly number[]): ModelConstants {
  const { optimizer, learningRate, weightDecay, dropout } = g.hyper;
  const activations = g.arch.family === 'mlp' ? g.arch.layers.map((l) => l.activation) : [];
  return { batch, optimizer, learningRate, weightDecay, dropout, dims, activations };
}

/** The `models` buffer: every model's `Model`, in order. */
export function packModels(models: readonly ModelConstants[]): Uint32Array<ArrayBuffer> {
  const u = new Uint32Array(models.length * MODEL_WORDS);
  const f = new Float32Array(u.buffer);
  const o = MODEL_OFFSETS;
  models.forEach((m, k) => {
    const at = k * MODEL_WORDS;
    if (m.activations.length > MAX_HIDDEN)
      throw new Error(`the fused step supports at most ${MAX_HIDDEN} hidden layers, got ${m.activations.length}`);
    u[at + o.batch] = m.batch;
    u[at + o.optimizer] = OPTIMIZER_CODES[m.optimizer];
    f[at + o.negLr] = -m.learningRate;
    f[at + o.halfWd] = 0.5 * m.weightDecay;
    f[at + o.keep] = 1 - m.dropout;
    m.dims.forEach((d, i) => (u[at + o.dims + i] = d));
    m.activations.forEach((a, i) => (u[at + o.acts + i] = ACTIVATION_CODES[a]));
  });
  return u;
}

/** Zeroes model `k`'s learning rate in a packed `models` buffer (a frozen model stays still). */
export function zeroLearningRate(models: Uint32Array, k: number): void {
  new Float32Array(models.buffer)[k * MODEL_WORDS + MODEL_OFFSETS.negLr] = 0;
}

/** No dropout noise for a layer's input (`P.noiseIn`). */
export const NONE = 0xffffffff;

/** What one dispatch works on: `P`. */
export interface DispatchParams {
  /** Models and padded batch. */
  K: number;
  B: number;
  /** The layer's padded input and output sizes. */
  din: number;
  dout: number;
  layer: number;
  /** Word offset of the layer input's dropout noise in `step`, or NONE. */
  noiseIn: number;
  /** 1 for a hidden layer (activation follows), 0 for the output layer. */
  hidden: number;
  /** Threads that do work in the element-wise kernels (the rest of the last workgroup return at once). */
  total: number;
  /** The state slot of momentum's accumulator and of Adam's first moment (its second is the next); see stateSlots. */
  slotMom: number;
  slotAdam: number;
}

const PARAM_FIELDS = [
  'K',
  'B',
  'din',
  'dout',
  'layer',
  'noiseIn',
  'hidden',
  'total',
  'slotMom',
  'slotAdam',
] as const satisfies readonly (keyof DispatchParams)[];
/** The WGSL declaration of `P`. */
export const PARAMS_STRUCT = `struct P { ${PARAM_FIELDS.map((f) => `${f}: u32`).join(', ')} }`;
export const PARAMS_BYTES = PARAM_FIELDS.length * 4;

/** The uniform words of one dispatch. */
export function packParams(p: DispatchParams): Uint32Array<ArrayBuffer> {
  return Uint32Array.from(PARAM_FIELDS, (f) => p[f]);
}

/**
 * The optimizer-state slots a group keeps per variable, each as long as the
 * variable: momentum's accumulator if a model uses momentum, Adam's two
 * moments if one uses Adam — none for the optimizers no model uses.
 */
export function stateSlots(optimizers: readonly OptimizerName[]): { slots: number; mom: number; adam: number } {
  const mom = optimizers.includes('momentum') ? 1 : 0;
  const adam = optimizers.includes('adam') ? 2 : 0;
  return { slots: mom + adam, mom: 0, adam: adam > 0 ? mom : 0 };
}

/** Per-step optimizer constants: `S`. */
export interface StepConstants {
  /** 1 − β^t for Adam's bias correction (float32, as tfjs keeps β^t). */
  oneMinusAccB1: number;
  oneMinusAccB2: number;
  beta1: number;
  beta2: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  /** The backend's epsilon, as tfjs's Adam takes it. */
  eps: number;
  momentum: number;
}

const STEP_FIELDS = [
  'oneMinusAccB1',
  'oneMinusAccB2',
  'beta1',
  'beta2',
  'oneMinusBeta1',
  'oneMinusBeta2',
  'eps',
  'momentum',
] as const satisfies readonly (keyof StepConstants)[];
/** The WGSL declaration of `S`. */
export const STEP_STRUCT = `struct S { ${STEP_FIELDS.map((f) => `${f}: f32`).join(', ')} }`;
export const STEP_BYTES = STEP_FIELDS.length * 4;

/** The step constants with Adam's running powers β₁^t, β₂^t (already float32). */
export function stepConstants(accBeta1: number, accBeta2: number, epsilon: number): StepConstants {
  const fr = Math.fround;
  return {
    oneMinusAccB1: fr(1 - accBeta1),
    oneMinusAccB2: fr(1 - accBeta2),
    beta1: ADAM_BETA1,
    beta2: ADAM_BETA2,
    oneMinusBeta1: 1 - ADAM_BETA1,
    oneMinusBeta2: 1 - ADAM_BETA2,
    eps: epsilon,
    momentum: MOMENTUM,
  };
}

/** Writes the step constants into `out` (STEP_BYTES long). */
export function packStep(s: StepConstants, out: Float32Array<ArrayBuffer>): Float32Array<ArrayBuffer> {
  STEP_FIELDS.forEach((f, i) => (out[i] = s[f]));
  return out;
}
