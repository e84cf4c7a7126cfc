import { describe, expect, it } from 'vitest';
import {
  cloneGenome,
  describeArch,
  GenomeError,
  validateGenome,
  weightSignature,
  type Genome,
} from '../../src/core/genome';
import { defaultPolicy } from '../../src/core/proposers';
import { TASKS } from '../../src/core/tasks';
import { cnnGenome, mlpGenome, snapshot } from './fixtures';

/** Runs validateGenome and returns the GenomeError it throws (fails the test if none). */
function errorOf(value: unknown): GenomeError {
  try {
    validateGenome(value);
  } catch (e) {
    expect(e).toBeInstanceOf(GenomeError);
    return e as GenomeError;
  }
  throw new Error(`expected a GenomeError for ${JSON.stringify(value)}`);
}

type Edit = (g: any) => void;
const mlp = (edit: Edit) => {
  const g = snapshot(mlpGenome([8, 8]));
  edit(g);
  return g;
};
const cnn = (edit: Edit) => {
  const g = snapshot(cnnGenome());
  edit(g);
  return g;
};

describe('validateGenome: valid genomes', () => {
  it('accepts every task seed genome, an mlp, a cnn and a genome with a policy', () => {
    for (const t of Object.values(TASKS)) {
      expect(validateGenome(t.seedGenomes.default)).toEqual(t.seedGenomes.default);
      expect(validateGenome(t.seedGenomes.weak)).toEqual(t.seedGenomes.weak);
    }
    expect(validateGenome(mlpGenome())).toEqual(mlpGenome());
    expect(validateGenome(cnnGenome())).toEqual(cnnGenome());
    const withPolicy: Genome = { ...mlpGenome(), policy: defaultPolicy() };
    expect(validateGenome(withPolicy)).toEqual(withPolicy);
  });

  it('accepts values at the edges of each range', () => {
    const g = mlp((x) => {
      x.hyper.learningRate = 10;
      x.hyper.batchSize = 1;
      x.hyper.weightDecay = 1;
      x.hyper.dropout = 0.9;
      x.arch.layers = [];
    });
    expect(() => validateGenome(g)).not.toThrow();
    expect(() => validateGenome(mlp((x) => (x.hyper.learningRate = 1e-6)))).not.toThrow();
    expect(() => validateGenome(cnn((x) => (x.arch.blocks[0].kernel = 7)))).not.toThrow();
    expect(() => validateGenome(cnn((x) => (x.arch.blocks[0].kernel = 1)))).not.toThrow();
  });

  it('returns a clean copy: unknown fields dropped, input not shared', () => {
    const input = mlp((x) => {
      x.extra = 1;
      x.hyper.momentum = 0.9;
      x.arch.layers[0].bias = false;
    }) as unknown as Genome;
    const out = validateGenome(input);
    expect(out).toEqual(mlpGenome());
    expect('extra' in out).toBe(false);
    expect('momentum' in out.hyper).toBe(false);
    out.hyper.learningRate = 0.5;
    expect(input.hyper.learningRate).toBe(0.03);
  });
});

describe('validateGenome: each bad field names itself', () => {
  const cases: [string, unknown][] = [
    ['hyper', mlp((x) => delete x.hyper)],
    ['hyper', mlp((x) => (x.hyper = [1]))],
    ['hyper.optimizer', mlp((x) => (x.hyper.optimizer = 'rmsprop'))],
    ['hyper.learningRate', mlp((x) => (x.hyper.learningRate = 0))],
    ['hyper.learningRate', mlp((x) => (x.hyper.learningRate = -0.1))],
    ['hyper.learningRate', mlp((x) => (x.hyper.learningRate = 11))],
    ['hyper.learningRate', mlp((x) => (x.hyper.learningRate = '0.1'))],
    ['hyper.learningRate', mlp((x) => (x.hyper.learningRate = Number.NaN))],
    ['hyper.learningRate', mlp((x) => (x.hyper.learningRate = Number.POSITIVE_INFINITY))],
    ['hyper.batchSize', mlp((x) => (x.hyper.batchSize = 0))],
    ['hyper.batchSize', mlp((x) => (x.hyper.batchSize = 12.5))],
    ['hyper.batchSize', mlp((x) => (x.hyper.batchSize = 5000))],
    ['hyper.weightDecay', mlp((x) => (x.hyper.weightDecay = -1e-4))],
    ['hyper.weightDecay', mlp((x) => (x.hyper.weightDecay = 2))],
    ['hyper.dropout', mlp((x) => (x.hyper.dropout = 0.95))],
    ['hyper.dropout', mlp((x) => delete x.hyper.dropout)],
    ['arch', mlp((x) => delete x.arch)],
    ['arch.family', mlp((x) => (x.arch.family = 'rnn'))],
    ['arch.family', mlp((x) => delete x.arch.family)],
    ['arch.layers', mlp((x) => (x.arch.layers = 'wide'))],
    ['arch.layers', mlp((x) => (x.arch.layers = Array.from({ length: 9 }, () => ({ units: 4, activation: 'relu' }))))],
    ['arch.layers[1]', mlp((x) => (x.arch.layers[1] = 8))],
    ['arch.layers[1].units', mlp((x) => (x.arch.layers[1].units = 0))],
    ['arch.layers[1].units', mlp((x) => (x.arch.layers[1].units = 2.5))],
    ['arch.layers[1].units', mlp((x) => (x.arch.layers[1].units = 5000))],
    ['arch.layers[0].activation', mlp((x) => (x.arch.layers[0].activation = 'gelu'))],
    ['arch.blocks', cnn((x) => (x.arch.blocks = []))],
    ['arch.blocks', cnn((x) => delete x.arch.blocks)],
    [
      'arch.blocks',
      cnn((x) => (x.arch.blocks = Array.from({ length: 5 }, () => ({ filters: 4, kernel: 3, pool: false })))),
    ],
    ['arch.blocks[1]', cnn((x) => (x.arch.blocks[1] = null))],
    ['arch.blocks[0].kernel', cnn((x) => (x.arch.blocks[0].kernel = 4))],
    ['arch.blocks[1].kernel', cnn((x) => (x.arch.blocks[1].kernel = 9))],
    ['arch.blocks[0].kernel', cnn((x) => (x.arch.blocks[0].kernel = 2.5))],
    ['arch.blocks[1].filters', cnn((x) => (x.arch.blocks[1].filters = 0))],
    ['arch.blocks[0].filters', cnn((x) => (x.arch.blocks[0].filters = 300))],
    ['arch.blocks[0].pool', cnn((x) => (x.arch.blocks[0].pool = 'yes'))],
    ['arch.activation', cnn((x) => (x.arch.activation = 'swish'))],
    ['arch.head', cnn((x) => delete x.arch.head)],
    ['arch.head[0].units', cnn((x) => (x.arch.head[0].units = -4))],
    ['policy.operatorWeights', mlp((x) => (x.policy = { stepScale: 1 }))],
    ['policy.operatorWeights', mlp((x) => (x.policy = 'uniform'))],
    ['policy.operatorWeights.widen', mlp((x) => (x.policy = { operatorWeights: { widen: -1 }, stepScale: 1 }))],
    ['policy.operatorWeights.widen', mlp((x) => (x.policy = { operatorWeights: { widen: 'high' }, stepScale: 1 }))],
    ['policy.operatorWeights.widden', mlp((x) => (x.policy = { operatorWeights: { widden: 1 }, stepScale: 1 }))],
    ['policy.stepScale', mlp((x) => (x.policy = { operatorWeights: { widen: 1 }, stepScale: 0 }))],
    ['policy.stepScale', mlp((x) => (x.policy = { operatorWeights: { widen: 1 }, stepScale: 20 }))],
  ];

  it.each(cases)('%s', (field, value) => {
    const e = errorOf(value);
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
    expect(e.name).toBe('GenomeError');
  });

  it('says why an even kernel is refused', () => {
    expect(errorOf(cnn((x) => (x.arch.blocks[0].kernel = 4))).message).toMatch(/odd/);
  });

  it('refuses non-objects', () => {
    for (const v of [null, undefined, 3, 'genome', [mlpGenome()]]) {
      const e = errorOf(v);
      expect(e.field).toBe('');
      expect(e.message).toMatch(/object/);
    }
  });
});

describe('genome helpers', () => {
  it('cloneGenome is a deep copy', () => {
    const g = cnnGenome();
    const c = cloneGenome(g);
    expect(c).toEqual(g);
    if (c.arch.family !== 'cnn') throw new Error('unreachable');
    c.arch.blocks[0].filters = 99;
    c.hyper.learningRate = 1;
    expect(g).toEqual(cnnGenome());
  });

  it('weightSignature ignores activations and hyperparameters but not shapes', () => {
    const a = mlpGenome([8, 8]);
    const b = mlpGenome([8, 8], { learningRate: 0.5, optimizer: 'sgd' });
    if (b.arch.family === 'mlp') b.arch.layers[0].activation = 'relu';
    expect(weightSignature(a.arch)).toBe(weightSignature(b.arch));
    expect(weightSignature(mlpGenome([8, 9]).arch)).not.toBe(weightSignature(a.arch));
    expect(weightSignature(mlpGenome([8]).arch)).not.toBe(weightSignature(a.arch));
    const c1 = cnnGenome();
    const c2 = cnn((x) => (x.arch.blocks[0].pool = false));
    const c3 = cnn((x) => (x.arch.activation = 'tanh'));
    expect(weightSignature(c2.arch)).not.toBe(weightSignature(c1.arch));
    expect(weightSignature(c3.arch)).toBe(weightSignature(c1.arch));
  });

  it('describeArch summarises both families', () => {
    expect(describeArch(mlpGenome([]).arch)).toBe('mlp (linear)');
    expect(describeArch(mlpGenome([8, 4]).arch)).toBe('mlp 8t-4t');
    expect(describeArch(cnnGenome().arch)).toBe('cnn c4k3p-c8k5 | 16 relu');
  });
});
