// The fused kernels read per-model constants through the WGSL struct `Model` and per-dispatch ones
// through `P`; the host packs them with layout.ts. Here the struct text the kernels compile is read
// back independently (field order and array lengths) and each packed value is found where it says.
import { describe, expect, it } from 'vitest';
import { FORWARD, UPDATE } from '../../src/engine/population/fused/kernels';
import {
  ACTIVATION_CODES,
  MODEL_STRUCT,
  MODEL_WORDS,
  packModels,
  packParams,
  PARAMS_STRUCT,
  zeroLearningRate,
} from '../../src/engine/population/fused/layout';

/** Word offsets of a WGSL struct of 4-byte scalars and arrays of them, read from its declaration. */
function offsets(struct: string): Record<string, number> {
  const body = struct.slice(struct.indexOf('{') + 1, struct.lastIndexOf('}'));
  const out: Record<string, number> = {};
  let at = 0;
  for (const m of body.matchAll(/(\w+):\s*(?:array<\w+,\s*(\d+)>|\w+)/g)) {
    out[m[1]] = at;
    at += m[2] ? Number(m[2]) : 1;
  }
  out.$size = at;
  return out;
}

describe('fused kernels: the host packs what the WGSL structs declare', () => {
  it('the kernels compile the structs layout.ts declares', () => {
    for (const code of [FORWARD, UPDATE]) {
      expect(code).toContain(MODEL_STRUCT);
      expect(code).toContain(PARAMS_STRUCT);
      expect(code).toContain('var<storage, read> models: array<Model>');
      expect(code).toMatch(/override WG: u32/);
    }
  });

  it('each model constant lands in its Model field', () => {
    const o = offsets(MODEL_STRUCT);
    expect(o.$size).toBe(MODEL_WORDS);
    const packed = packModels([
      {
        batch: 16,
        optimizer: 'sgd',
        learningRate: 0.1,
        weightDecay: 0,
        dropout: 0,
        dims: [2, 8, 2],
        activations: ['relu'],
      },
      {
        batch: 32,
        optimizer: 'adam',
        learningRate: 0.003,
        weightDecay: 0.01,
        dropout: 0.25,
        dims: [2, 5, 7, 2],
        activations: ['elu', 'tanh'],
      },
    ]);
    const f = new Float32Array(packed.buffer);
    const at = MODEL_WORDS;
    expect(packed[at + o.batch]).toBe(32);
    expect(packed[at + o.optimizer]).toBe(2);
    expect(f[at + o.negLr]).toBe(Math.fround(-0.003));
    expect(f[at + o.halfWd]).toBe(Math.fround(0.005));
    expect(f[at + o.keep]).toBe(0.75);
    expect(Array.from(packed.subarray(at + o.dims, at + o.dims + 4))).toEqual([2, 5, 7, 2]);
    expect(Array.from(packed.subarray(at + o.acts, at + o.acts + 2))).toEqual([
      ACTIVATION_CODES.elu,
      ACTIVATION_CODES.tanh,
    ]);
    expect(packed[o.batch]).toBe(16);
    expect(packed[o.optimizer]).toBe(0);
    zeroLearningRate(packed, 1);
    expect(f[at + o.negLr]).toBe(0);
    expect(f[o.negLr]).toBe(Math.fround(-0.1));
  });

  it('each dispatch parameter lands in its P field', () => {
    const o = offsets(PARAMS_STRUCT);
    const words = packParams({ K: 3, B: 64, din: 784, dout: 32, layer: 1, noiseIn: 99, hidden: 1, total: 6144 });
    expect(words.length).toBe(o.$size);
    expect([
      words[o.K],
      words[o.B],
      words[o.din],
      words[o.dout],
      words[o.layer],
      words[o.noiseIn],
      words[o.hidden],
      words[o.total],
    ]).toEqual([3, 64, 784, 32, 1, 99, 1, 6144]);
  });

  it('refuses more hidden layers than Model holds', () => {
    expect(() =>
      packModels([
        {
          batch: 1,
          optimizer: 'sgd',
          learningRate: 1,
          weightDecay: 0,
          dropout: 0,
          dims: Array(11).fill(2),
          activations: Array(9).fill('relu'),
        },
      ]),
    ).toThrow(/at most 8 hidden layers/);
  });
});
