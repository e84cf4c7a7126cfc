// The fused kernels read per-model constants through the WGSL struct `Model` and per-dispatch ones
// through `P`; the host packs them with layout.ts. Here the struct text the kernels compile is read
// back independently (field order and array lengths) and each packed value is found where it says.
import { describe, expect, it } from 'vitest';
import { LOSS, PENALTY } from '../../src/engine/population/fused/kernels';
import * as untiled from '../../src/engine/population/fused/kernels-untiled';
import {
  ACTIVATION_CODES,
  MODEL_STRUCT,
  MODEL_WORDS,
  packModels,
  packParams,
  PARAMS_STRUCT,
  stateSlots,
  zeroLearningRate,
} from '../../src/engine/population/fused/layout';
import {
  chooseTiles,
  productTiles,
  tiledKernel,
  tiledKernels,
  TILE_CANDIDATES,
  tileGrid,
  vec4Loads,
} from '../../src/engine/population/fused/tiled';
import { tiledPreferred } from '../../src/engine/population/fused/fused-mlp';

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
    const tiled = tiledKernels({ tm: 4, tn: 4 });
    for (const code of [tiled.forward, tiled.backward, tiled.update])
      expect(code).toMatch(/override WX: u32[\s\S]*override WY: u32[\s\S]*override BK: u32/);
    for (const code of [untiled.FORWARD, untiled.BACKWARD_INPUT, untiled.UPDATE, LOSS, PENALTY])
      expect(code).toMatch(/override WG: u32/);
    for (const code of [tiled.forward, tiled.update, untiled.FORWARD, untiled.UPDATE, LOSS, PENALTY]) {
      expect(code).toContain(MODEL_STRUCT);
      expect(code).toContain(PARAMS_STRUCT);
      expect(code).toContain('var<storage, read> models: array<Model>');
    }
    // TM × TN outputs per thread, unrolled into registers: TM rows, TN / 4 vec4s of columns.
    expect(tiled.forward).toContain('c3_0 = c3_0 + ar3.w * bo0;');
    expect(tiledKernels({ tm: 4, tn: 8 }).forward).toContain('c3_1 = c3_1 + ');
    expect(tiledKernels({ tm: 4, tn: 8 }).forward).not.toContain('c4_');
    expect(() => tiledKernels({ tm: 2, tn: 4 })).toThrow(/multiples of 4, got 2 × 4/);
    // Direct: each thread reads its own operands, no workgroup memory and no barriers.
    const direct = tiledKernel('forward', { tm: 8, tn: 8, direct: true });
    expect(direct).not.toContain('var<workgroup>');
    expect(direct).not.toContain('workgroupBarrier');
    expect(direct).toContain('let ar7 = unitA(k, mT + 7u, 4u * t4, ext);');
    expect(tiled.forward).toContain('workgroupBarrier();');
    expect(tiled.forward).toContain('let ar3 = As[(lid.y * TM + 3u) * (BK / 4u) + t4];');
  });

  it('reads an operand as vec4 exactly where its buffer rows are a multiple of 4 long', () => {
    // 784-256-10: the first layer's products all vec4; the 10-class layer's δ and W rows are 10 long.
    expect(vec4Loads('forward', 784, 256)).toEqual({ a: true, b: true });
    expect(vec4Loads('update', 784, 256)).toEqual({ a: true, b: true });
    expect(vec4Loads('forward', 256, 10)).toEqual({ a: true, b: false });
    expect(vec4Loads('update', 256, 10)).toEqual({ a: true, b: false });
    expect(vec4Loads('backward', 256, 10)).toEqual({ a: false, b: false });
    expect(vec4Loads('backward', 70, 12)).toEqual({ a: true, b: true });
    const vec = tiledKernel('update', { tm: 4, tn: 4 }, { a: true, b: false });
    expect(vec).toContain('var<storage, read> X: array<vec4<f32>>;');
    expect(vec).toContain('var<storage, read> delta: array<f32>;');
    expect(vec).toContain('loadA4(k, m, t)');
    expect(vec).not.toContain('fn loadA(');
    const scalar = tiledKernel('backward', { tm: 4, tn: 4 });
    expect(scalar).toContain('var<storage, read> W: array<f32>;');
    expect(scalar).not.toContain('loadB4');
    expect(tiledKernel('backward', { tm: 4, tn: 4 }, { a: true, b: true })).toContain(
      'var<storage, read> W: array<vec4<f32>>;',
    );
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
    const words = packParams({
      K: 3,
      B: 64,
      din: 784,
      dout: 32,
      layer: 1,
      noiseIn: 99,
      hidden: 1,
      total: 6144,
      slotMom: 7,
      slotAdam: 8,
    });
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
      words[o.slotMom],
      words[o.slotAdam],
    ]).toEqual([3, 64, 784, 32, 1, 99, 1, 6144, 7, 8]);
  });

  it("keeps only the optimizer-state slots the group's optimizers use", () => {
    expect(stateSlots(['sgd', 'sgd'])).toEqual({ slots: 0, mom: 0, adam: 0 });
    expect(stateSlots(['adam', 'sgd'])).toEqual({ slots: 2, mom: 0, adam: 0 });
    expect(stateSlots(['momentum'])).toEqual({ slots: 1, mom: 0, adam: 0 });
    expect(stateSlots(['adam', 'momentum'])).toEqual({ slots: 3, mom: 0, adam: 1 });
  });

  it('chooses tile sizes the device limits allow, and grids that cover every output of every model', () => {
    const roomy = {
      maxComputeInvocationsPerWorkgroup: 1024,
      maxComputeWorkgroupSizeX: 1024,
      maxComputeWorkgroupSizeY: 1024,
      maxComputeWorkgroupStorageSize: 32768,
    };
    expect(chooseTiles(roomy)).toBe(TILE_CANDIDATES[0]);
    // Limits under 256 threads per workgroup take the first candidate of 64; smaller still, the last one.
    const least = { ...roomy, maxComputeInvocationsPerWorkgroup: 64, maxComputeWorkgroupSizeX: 64 };
    expect(chooseTiles(least)).toEqual({ wx: 8, wy: 8, tm: 8, tn: 8, bk: 16 });
    // Without room for 64 × 64 tiles in workgroup memory: the direct kernels, which use none.
    const tiny = { ...least, maxComputeWorkgroupStorageSize: 4096 };
    expect(chooseTiles(tiny)).toEqual({ wx: 8, wy: 8, tm: 8, tn: 8, bk: 4, direct: true });
    const t = chooseTiles(roomy);
    expect(tileGrid(t, 785, 256, 32)).toEqual([4, 13, 32]);
    expect(tileGrid(t, 64, 10, 3)).toEqual([1, 1, 3]);
    // A 10-class output takes tiles 16 columns wide (4 threads × 4), as tall as the device's choice.
    const narrow = productTiles(t, 10, roomy);
    expect(narrow).toEqual({ wx: 4, wy: 16, tm: 4, tn: 4, bk: 16 });
    expect(tileGrid(narrow, 257, 10, 8)).toEqual([1, 5, 8]);
    expect(productTiles(t, 256, roomy)).toBe(t);
    expect(productTiles({ wx: 8, wy: 8, tm: 8, tn: 8, bk: 16 }, 10, roomy)).toEqual({
      wx: 4,
      wy: 16,
      tm: 8,
      tn: 4,
      bk: 16,
    });
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

  it('takes the tiled products where the size table measured them ahead, the untiled ones where those won', () => {
    // docs/population.md, *Where the fused step is used* (K = 8, software adapter).
    expect(tiledPreferred(8, 64, [2, 32, 2])).toBe(false); // untiled 26× ahead
    expect(tiledPreferred(8, 64, [2, 256, 2])).toBe(false); // untiled 4.4× ahead
    expect(tiledPreferred(8, 256, [784, 64, 10])).toBe(true); // tiled 2.5× ahead
    expect(tiledPreferred(8, 256, [784, 128, 10])).toBe(true);
    expect(tiledPreferred(32, 256, [784, 256, 10])).toBe(true); // tiled 3.4× ahead (median)
  });
});
