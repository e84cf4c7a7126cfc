/**
 * A genome is the complete, serialisable spec of one successor: how it
 * trains (hyperparameters), what it is (architecture), and — for the
 * self-adaptive proposer — how it proposes its own children (policy).
 * Genomes are plain JSON so they can cross the worker boundary, sit in the
 * run log and be pasted into a config file.
 */
import { isOperatorName, OPERATOR_NAMES, type OperatorName } from './operator-names';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
/** Optimizer used to train a candidate. */
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu'] as const;
/** Non-linearity of a hidden layer. */
export type Activation = (typeof ACTIVATIONS)[number];

/** How a candidate is trained. */
export interface Hyperparams {
  optimizer: OptimizerName;
  /** Learning rate; mutated on a log scale. */
  learningRate: number;
  batchSize: number;
  /** L2 penalty coefficient added to the loss. */
  weightDecay: number;
  /** Dropout rate applied after every hidden dense layer. */
  dropout: number;
}

/** One hidden fully connected layer. */
export interface DenseLayer {
  units: number;
  activation: Activation;
}

/** One convolution block: conv (same padding) + activation + optional 2×2 max-pool. */
export interface ConvBlock {
  filters: number;
  kernel: number;
  pool: boolean;
}

/** A multilayer perceptron: hidden layers, then a softmax output. */
export interface MlpArch {
  family: 'mlp';
  layers: DenseLayer[];
}

/** A small convnet: conv blocks, flatten, a dense head, then softmax. */
export interface CnnArch {
  family: 'cnn';
  blocks: ConvBlock[];
  activation: Activation;
  head: DenseLayer[];
}

/** Architecture of a candidate, by model family. */
export type Architecture = MlpArch | CnnArch;
/** Name of a model family. */
export type Family = Architecture['family'];

/**
 * The self-adaptive proposer's own policy, carried and inherited with the
 * genome: relative operator probabilities and a step scale that sizes each
 * mutation (every child gets one operator, as in evolution).
 */
export interface ProposalPolicy {
  /** Relative probability per operator. */
  operatorWeights: Partial<Record<OperatorName, number>>;
  stepScale: number;
}

/** A complete successor spec. */
export interface Genome {
  hyper: Hyperparams;
  arch: Architecture;
  policy?: ProposalPolicy;
  /**
   * Set only by the opt-in `choose-validation-subset` operator: the window of
   * the validation split (fractions of it) this genome is scored on.
   */
  evalSubset?: EvalSubset;
}

/** A window of the validation split, as fractions: [start, start + size). */
export interface EvalSubset {
  start: number;
  size: number;
}

/** Thrown for an invalid genome; `field` names the offending path. */
export class GenomeError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`genome.${field}: ${detail}`);
    this.name = 'GenomeError';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(v: unknown, field: string, lo: number, hi: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new GenomeError(field, `must be a finite number, got ${JSON.stringify(v)}`);
  if (integer && !Number.isInteger(v)) throw new GenomeError(field, `must be an integer, got ${v}`);
  if (v < lo || v > hi) throw new GenomeError(field, `must be in [${lo}, ${hi}], got ${v}`);
  return v;
}

function oneOf<T extends string>(v: unknown, field: string, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    throw new GenomeError(field, `must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function denseLayers(v: unknown, field: string, min: number): DenseLayer[] {
  if (!Array.isArray(v)) throw new GenomeError(field, 'must be an array');
  if (v.length < min || v.length > 8) throw new GenomeError(field, `must have ${min} to 8 layers, got ${v.length}`);
  return v.map((l, i) => {
    if (!isObj(l)) throw new GenomeError(`${field}[${i}]`, 'must be an object');
    return {
      units: num(l.units, `${field}[${i}].units`, 1, 4096, true),
      activation: oneOf(l.activation, `${field}[${i}].activation`, ACTIVATIONS),
    };
  });
}

/**
 * Checks an untrusted value (a config file, an imported log) and returns a
 * clean genome with only known fields. Throws GenomeError naming the field.
 */
export function validateGenome(value: unknown): Genome {
  if (!isObj(value)) throw new GenomeError('', 'must be an object');
  const h = value.hyper;
  if (!isObj(h)) throw new GenomeError('hyper', 'must be an object');
  const hyper: Hyperparams = {
    optimizer: oneOf(h.optimizer, 'hyper.optimizer', OPTIMIZERS),
    learningRate: num(h.learningRate, 'hyper.learningRate', 1e-6, 10),
    batchSize: num(h.batchSize, 'hyper.batchSize', 1, 4096, true),
    weightDecay: num(h.weightDecay, 'hyper.weightDecay', 0, 1),
    dropout: num(h.dropout, 'hyper.dropout', 0, 0.9),
  };
  const a = value.arch;
  if (!isObj(a)) throw new GenomeError('arch', 'must be an object');
  let arch: Architecture;
  if (a.family === 'mlp') {
    arch = { family: 'mlp', layers: denseLayers(a.layers, 'arch.layers', 0) };
  } else if (a.family === 'cnn') {
    if (!Array.isArray(a.blocks)) throw new GenomeError('arch.blocks', 'must be an array');
    if (a.blocks.length < 1 || a.blocks.length > 4)
      throw new GenomeError('arch.blocks', `must have 1 to 4 blocks, got ${a.blocks.length}`);
    arch = {
      family: 'cnn',
      blocks: a.blocks.map((b: unknown, i: number) => {
        if (!isObj(b)) throw new GenomeError(`arch.blocks[${i}]`, 'must be an object');
        const kernel = num(b.kernel, `arch.blocks[${i}].kernel`, 1, 7, true);
        if (kernel % 2 === 0) throw new GenomeError(`arch.blocks[${i}].kernel`, `must be odd, got ${kernel}`);
        if (typeof b.pool !== 'boolean') throw new GenomeError(`arch.blocks[${i}].pool`, 'must be true or false');
        return { filters: num(b.filters, `arch.blocks[${i}].filters`, 1, 256, true), kernel, pool: b.pool };
      }),
      activation: oneOf(a.activation, 'arch.activation', ACTIVATIONS),
      head: denseLayers(a.head, 'arch.head', 0),
    };
  } else {
    throw new GenomeError('arch.family', `must be one of mlp, cnn, got ${JSON.stringify(a.family)}`);
  }
  const genome: Genome = { hyper, arch };
  if (value.policy !== undefined) {
    const p = value.policy;
    if (!isObj(p) || !isObj(p.operatorWeights))
      throw new GenomeError('policy.operatorWeights', 'must be an object of numbers');
    const operatorWeights: ProposalPolicy['operatorWeights'] = {};
    for (const [k, w] of Object.entries(p.operatorWeights)) {
      if (!isOperatorName(k))
        throw new GenomeError(
          `policy.operatorWeights.${k}`,
          `is not an operator (known: ${OPERATOR_NAMES.join(', ')})`,
        );
      operatorWeights[k] = num(w, `policy.operatorWeights.${k}`, 0, 1e6);
    }
    genome.policy = { operatorWeights, stepScale: num(p.stepScale, 'policy.stepScale', 0.01, 10) };
  }
  if (value.evalSubset !== undefined) {
    const e = value.evalSubset;
    if (!isObj(e)) throw new GenomeError('evalSubset', 'must be {start, size}');
    const size = num(e.size, 'evalSubset.size', 0.01, 1);
    genome.evalSubset = { start: num(e.start, 'evalSubset.start', 0, 1 - size), size };
  }
  return genome;
}

/** Deep copy through JSON: genomes are plain data. */
export function cloneGenome(g: Genome): Genome {
  return JSON.parse(JSON.stringify(g)) as Genome;
}

/** A short human-readable architecture summary, e.g. `mlp 8-8 relu` or `cnn c8p-c16 | 32`. */
export function describeArch(arch: Architecture): string {
  if (arch.family === 'mlp') {
    if (arch.layers.length === 0) return 'mlp (linear)';
    return `mlp ${arch.layers.map((l) => `${l.units}${l.activation[0]}`).join('-')}`;
  }
  const blocks = arch.blocks.map((b) => `c${b.filters}k${b.kernel}${b.pool ? 'p' : ''}`).join('-');
  const head = arch.head.map((l) => `${l.units}`).join('-');
  return `cnn ${blocks}${head ? ` | ${head}` : ''} ${arch.activation}`;
}

/** A short summary of a genome's hyperparameters. */
export function describeHyper(h: Hyperparams): string {
  const parts = [`${h.optimizer} lr=${h.learningRate.toPrecision(2)}`, `bs=${h.batchSize}`];
  if (h.weightDecay > 0) parts.push(`wd=${h.weightDecay.toPrecision(2)}`);
  if (h.dropout > 0) parts.push(`drop=${h.dropout.toFixed(2)}`);
  return parts.join(' ');
}

/**
 * Stable signature of the trainable tensor shapes' layout. Two genomes with
 * the same signature have weight tensors of identical shapes, so a child may
 * inherit its parent's weights.
 */
export function weightSignature(arch: Architecture): string {
  if (arch.family === 'mlp') return `mlp:${arch.layers.map((l) => l.units).join(',')}`;
  return `cnn:${arch.blocks.map((b) => `${b.filters}/${b.kernel}/${b.pool ? 1 : 0}`).join(',')}:${arch.head.map((l) => l.units).join(',')}`;
}
