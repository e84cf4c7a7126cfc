/**
 * The XNNPACK `BatchMatMul` kernel (src/engine/wasm-matmul.ts) against
 * tfjs-backend-wasm's stock kernel, on the real wasm backend in Node: single
 * products of every kind the engine issues (transposed, batched,
 * broadcast), then whole training runs — one candidate alone, a batched
 * group of MLPs, a batched group of convnets — trained once with each kernel
 * from the same seeds. The two differ only in the order of float sums, so
 * products agree to a few float32 ulps of their magnitude and trained
 * weights and losses to float rounding grown over the steps (1e-4).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Genome } from '../../src/core/genome';
import { selectBackend } from '../../src/engine/backend';
import { loadTask, type TaskTensors } from '../../src/engine/data';
import { nodeAssetLoader, prepareNode } from '../../src/engine/node-host';
import { compareResults, withValidationSubset } from '../../src/engine/population/check';
import { trainGroup } from '../../src/engine/population/train-group';
import { trainCandidate, type TrainResult } from '../../src/engine/train';
import { useWasmMatMul, wasmMatMul, type WasmMatMul } from '../../src/engine/wasm-matmul';

const TRAIN_TOL = 1e-4;
let full: TaskTensors;
let digits: TaskTensors;

beforeAll(async () => {
  await prepareNode();
  expect((await selectBackend('wasm')).backend).toBe('wasm');
  full = await loadTask('digits', 1, nodeAssetLoader());
  digits = withValidationSubset(full, 200);
});
afterEach(() => useWasmMatMul('xnnpack'));
afterAll(() => {
  digits?.dispose();
  full?.dispose();
});

/** The product with the given kernel, as host values and shape. */
function product(kind: WasmMatMul, a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean) {
  useWasmMatMul(kind);
  const y = tf.matMul(a, b, ta, tb);
  const out = { values: y.dataSync() as Float32Array, shape: y.shape };
  y.dispose();
  return out;
}

describe('the XNNPACK BatchMatMul kernel on wasm', () => {
  it('is what selecting the wasm backend installs', () => {
    expect(wasmMatMul()).toBe('xnnpack');
    useWasmMatMul('stock');
    expect(wasmMatMul()).toBe('stock');
  });

  it('computes every kind of product the stock kernel does, to float rounding, leaking nothing', () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[64, 784], [784, 96], false, false], // a dense layer's forward pass
      [[64, 96], [784, 96], false, true], // its input gradient, dy·Wᵀ
      [[64, 784], [64, 96], true, false], // its weight gradient, xᵀ·dy
      [[5, 33, 70], [5, 70, 40], false, false], // a batched population's layer
      [[5, 33, 40], [5, 70, 40], false, true],
      [[5, 33, 70], [5, 33, 40], true, false],
      [[5, 70, 33], [5, 40, 70], true, true],
      [[5, 33, 70], [70, 40], false, false], // a right side shared by the batch
      [[33, 70], [5, 70, 40], false, false], // a left side shared by the batch
      [[2, 3, 33, 70], [2, 3, 70, 40], false, false], // rank 4
      [[6, 20, 3], [6, 3, 1], false, false], // too small for XNNPACK: the stock loop
    ];
    const before = tf.memory().numTensors;
    for (const [sa, sb, ta, tb] of cases) {
      const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
      const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
      const stock = product('stock', a, b, ta, tb);
      const fast = product('xnnpack', a, b, ta, tb);
      tf.dispose([a, b]);
      expect(fast.shape, `${sa} × ${sb}`).toEqual(stock.shape);
      let scale = 0;
      let diff = 0;
      for (let i = 0; i < stock.values.length; i++) {
        scale = Math.max(scale, Math.abs(stock.values[i]));
        diff = Math.max(diff, Math.abs(stock.values[i] - fast.values[i]));
      }
      expect(scale).toBeGreaterThan(1);
      expect(diff / scale, `${sa} × ${sb}, transposes ${ta} ${tb}`).toBeLessThan(1e-6);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  const mlp = (units: number[], hyper: Partial<Genome['hyper']> = {}): Genome => ({
    hyper: { optimizer: 'adam', learningRate: 0.003, batchSize: 64, weightDecay: 0, dropout: 0, ...hyper },
    arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation: 'relu' as const })) },
  });

  /** Training runs with each kernel; their results' largest differences. */
  async function bothKernels(train: () => Promise<TrainResult[]>) {
    useWasmMatMul('stock');
    const stock = await train();
    useWasmMatMul('xnnpack');
    const fast = await train();
    for (const r of [...stock, ...fast]) expect(r.status, r.error).toBe('ok');
    return compareResults(stock, fast);
  }

  it('trains a candidate alone as the stock kernel does (weights and losses to float rounding)', async () => {
    const genome = mlp([48, 24], { optimizer: 'momentum', learningRate: 0.05, weightDecay: 1e-4, dropout: 0.2 });
    const d = await bothKernels(async () => [
      await trainCandidate(digits, { genome, steps: 12, seed: 5, progressEvery: 4, init: null }),
    ]);
    expect(d.curveLengthsMatch).toBe(true);
    expect(d.maxWeightDiff).toBeLessThan(TRAIN_TOL);
    expect(d.maxCurveDiff).toBeLessThan(TRAIN_TOL);
    expect(d.maxValLossDiff).toBeLessThan(TRAIN_TOL);
  });

  it('trains a batched group of MLPs (mixed widths, optimizers, batches) as the stock kernel does', async () => {
    const genomes = [mlp([40]), mlp([24], { optimizer: 'sgd', learningRate: 0.1, batchSize: 32 }), mlp([64])];
    const d = await bothKernels(
      async () =>
        (
          await trainGroup(digits, {
            members: genomes.map((genome, i) => ({ genome, seed: 10 + i, init: null })),
            steps: 10,
            progressEvery: 5,
          })
        ).results,
    );
    expect(d.maxWeightDiff).toBeLessThan(TRAIN_TOL);
    expect(d.maxCurveDiff).toBeLessThan(TRAIN_TOL);
    expect(d.maxValLossDiff).toBeLessThan(TRAIN_TOL);
  });

  it('trains a batched group of convnets (im2col products) as the stock kernel does', async () => {
    const genome: Genome = {
      hyper: { optimizer: 'adam', learningRate: 0.003, batchSize: 16, weightDecay: 0, dropout: 0 },
      arch: { family: 'cnn', blocks: [{ filters: 8, kernel: 3, pool: true }], activation: 'relu', head: [] },
    };
    const d = await bothKernels(
      async () =>
        (
          await trainGroup(digits, {
            members: [0, 1].map((i) => ({ genome, seed: 20 + i, init: null })),
            steps: 4,
            progressEvery: 2,
          })
        ).results,
    );
    expect(d.maxWeightDiff).toBeLessThan(TRAIN_TOL);
    expect(d.maxValLossDiff).toBeLessThan(TRAIN_TOL);
  });
});
