/**
 * The `micro` suite's population products on the CPU backend: K models'
 * products in one computation — the forward product X·W through each
 * model's own batch indices, and the weight gradient Xᵀ·δ — against a plain
 * loop over the same seeded inputs, then through the suite runner. On
 * WebGPU, where they run on the fused step's tiled kernels,
 * tests/browser/population-webgpu.test.ts checks them against this backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Suite } from '../../src/core/bench/suite';
import { validateBenchResult } from '../../src/core/bench/validate';
import { createContext } from '../../src/engine/bench/context';
import { runSuite } from '../../src/engine/bench/run';
import { productInputs, productOutputs, productReference } from '../../src/engine/bench/workloads/population-products';
import { nodeAssetLoader } from '../../src/engine/node-host';
import { setupCpu } from './helpers';

const PRODUCTS: Suite = {
  name: 'products',
  version: 1,
  title: 'test',
  repeats: 3,
  warmup: 1,
  seed: 5,
  train: [],
  infer: [],
  // Forward: batch 6 × 5 inputs → 4 outputs; weight gradient: 5 inputs × batch 6 → 4 outputs; 3 models each.
  matmul: [
    { id: 'forward', m: 6, k: 5, n: 4, iters: 2, tolerance: 1e-3, models: 3, product: 'forward' },
    { id: 'weight-grad', m: 5, k: 6, n: 4, iters: 2, tolerance: 1e-3, models: 3, product: 'weight-gradient' },
  ],
  conv: [],
  dispatch: [],
  loop: [],
};

beforeAll(setupCpu);

describe("micro's population products on the CPU backend", () => {
  it("give each model the product of its own batch: three full rows and every row's mean, per model", async () => {
    const ctx = createContext(PRODUCTS, nodeAssetLoader());
    for (const c of PRODUCTS.matmul) {
      const p = productInputs(ctx, c);
      const models = c.models!;
      const { m, n } = c;
      // Model k's [m, n] product by a plain loop: row i, column j.
      const at = (k: number, i: number, j: number) => {
        let s = 0;
        for (let t = 0; t < c.k; t++)
          s +=
            c.product === 'forward'
              ? p.x[p.idx[k * p.batch + i] * p.din + t] * p.other[(k * p.din + t) * p.dout + j]
              : p.x[p.idx[k * p.batch + t] * p.din + i] * p.other[(k * p.batch + t) * p.dout + j];
        return s;
      };
      const expected: number[] = [];
      for (let k = 0; k < models; k++) {
        for (const i of [0, m >> 1, m - 1]) for (let j = 0; j < n; j++) expected.push(at(k, i, j));
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += at(k, i, j);
          expected.push(s / n);
        }
      }
      const got = Array.from(await productOutputs(ctx, c));
      expect(got).toHaveLength(expected.length);
      expect(Math.max(...got.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);
      // The CPU's cheaper route to the same outputs (the reference every backend is checked against).
      const cheap = Array.from(await productReference(ctx, c));
      expect(cheap).toHaveLength(expected.length);
      expect(Math.max(...cheap.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);
      // Not all alike: the models' batches and weights differ.
      expect(new Set(got.map((v) => v.toFixed(4))).size).toBeGreaterThan(models * n);
    }
    ctx.dispose();
  });

  it('run through the suite runner as matmul cases, checked and timed, naming the kernel, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const result = validateBenchResult(
      await runSuite(PRODUCTS, ['cpu'], {
        loadAsset: nodeAssetLoader(),
        environment: { driver: 'node', nodeVersion: process.version, platform: 'test', hardwareConcurrency: 1 },
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    const [cpu] = result.backends;
    expect(cpu.status).toBe('ok');
    expect(cpu.check!.items.map((i) => [i.id, i.passed])).toEqual([
      ['matmul/forward', true],
      ['matmul/weight-grad', true],
    ]);
    expect(cpu.measures!.matmul.map(({ id, models, product, kernel }) => ({ id, models, product, kernel }))).toEqual([
      { id: 'forward', models: 3, product: 'forward', kernel: 'batched tf.matMul' },
      { id: 'weight-grad', models: 3, product: 'weight-gradient', kernel: 'batched tf.matMul' },
    ]);
    for (const x of cpu.measures!.matmul) expect(x.gflops.median).toBeGreaterThan(0);
    expect(cpu.scoreNote).toBe('not scored: no reference result for suite products v1');
  });
});
