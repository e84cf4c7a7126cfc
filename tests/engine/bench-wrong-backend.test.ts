/**
 * A backend that is fast but wrong gets no score. The wrong backend here is
 * real, not a stub: the tfjs CPU backend registered under another name with
 * every CPU kernel, except that its matmul adds 0.5 to every output — the
 * kind of bug a broken GPU kernel or driver produces.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryBackend } from '../../src/engine/backend';
import { runSuite } from '../../src/engine/bench/run';
import { applyScores } from '../../src/core/bench/score';
import type { Suite } from '../../src/core/bench/suite';
import { validateBenchResult } from '../../src/core/bench/validate';
import { nodeAssetLoader } from '../../src/engine/node-host';
import { setupCpu } from './helpers';

function registerWrongBackend(name: string): void {
  tf.registerBackend(name, () => new MathBackendCPU());
  for (const k of tf.getKernelsForBackend('cpu')) {
    let kernelFunc = k.kernelFunc;
    if (k.kernelName === 'BatchMatMul') {
      kernelFunc = (args) => {
        const out = k.kernelFunc(args) as tf.TensorInfo;
        const values = (args.backend as MathBackendCPU).data.get(out.dataId).values as Float32Array;
        for (let i = 0; i < values.length; i++) values[i] += 0.5;
        return out;
      };
    }
    tf.registerKernel({ ...k, backendName: name, kernelFunc });
  }
}

/** A tiny suite touching every checked kind (the loop is unchecked and needs a named backend). */
const TINY: Suite = {
  name: 'tiny',
  version: 1,
  title: 'test',
  repeats: 3,
  warmup: 1,
  seed: 3,
  train: [
    {
      id: 'xor-mlp',
      task: 'xor',
      genome: {
        hyper: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, weightDecay: 0, dropout: 0 },
        arch: { family: 'mlp', layers: [{ units: 8, activation: 'tanh' }] },
      },
      steps: 5,
      checkSteps: 2,
      tolerance: 1e-3,
    },
  ],
  infer: [],
  matmul: [{ id: 'square-32', m: 32, k: 32, n: 32, iters: 2, tolerance: 1e-3 }],
  conv: [{ id: 'small', batch: 2, size: 6, cin: 2, cout: 3, kernel: 3, iters: 2, tolerance: 1e-3 }],
  dispatch: [{ id: 'chain', ops: 20, size: 16, tolerance: 1e-3 }],
  loop: [],
};

beforeAll(async () => {
  await setupCpu();
  registerWrongBackend('cpu-wrong');
});

describe('a backend producing wrong numbers', () => {
  it('is flagged wrong, still timed, and gets no score, while the right backends are scored', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const events: string[] = [];
    const raw = await runSuite(TINY, ['cpu', 'cpu-wrong', 'webgl'], {
      loadAsset: nodeAssetLoader(),
      environment: { driver: 'node', nodeVersion: process.version, platform: 'test', hardwareConcurrency: 1 },
      startBackend: async (name) =>
        name === 'cpu-wrong' ? ((await tf.setBackend(name)) ? null : 'did not start') : tryBackend(name as 'cpu'),
      onEvent: (e) => events.push(e.type === 'check' ? `check ${e.backend} ${e.check.passed}` : e.type),
    });
    // Score the run against itself: its cpu entry is then exactly 100.
    const result = validateBenchResult(applyScores(raw, raw));
    const [cpu, wrong, webgl] = result.backends;

    expect(cpu).toMatchObject({ backend: 'cpu', status: 'ok' });
    expect(cpu.score).toBeCloseTo(100, 6);
    expect(cpu.subscores.map((s) => s.id)).toEqual([
      'train/xor-mlp',
      'matmul/square-32',
      'conv/small',
      'dispatch/chain',
    ]);

    expect(wrong).toMatchObject({ backend: 'cpu-wrong', status: 'wrong', score: null, subscores: [] });
    expect(wrong.reason).toMatch(/differ from the CPU backend: .*matmul\/square-32 error 0\.5/);
    expect(wrong.scoreNote).toMatch(/differ from the CPU/);
    // Per case: the matmul-based cases fail, the ones without matmul pass.
    const passed = Object.fromEntries(wrong.check!.items.map((i) => [i.id, i.passed]));
    expect(passed).toEqual({
      'train/xor-mlp': false,
      'matmul/square-32': false,
      'conv/small': true,
      'dispatch/chain': true,
    });
    // It was still measured, so a reader can see it was "fast but wrong".
    expect(wrong.measures!.matmul[0].gflops.median).toBeGreaterThan(0);

    // A backend this runtime lacks is recorded, not fatal.
    expect(webgl).toMatchObject({ backend: 'webgl', status: 'unavailable', score: null });
    expect(webgl.reason).toMatch(/canvas|WebGL/i);

    expect(events).toContain('check cpu-wrong false');
    expect(events[events.length - 1]).toBe('bench-done');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
