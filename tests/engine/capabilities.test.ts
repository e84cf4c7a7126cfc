/**
 * A backend that lacks a gradient kernel refuses the genomes that need it
 * with a message naming the kernel and the fix, instead of tfjs's bare
 * "kernel not registered" at the first step; the genomes it can train
 * still train. tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Genome } from '../../src/core/genome';
import { selectBackend } from '../../src/engine/backend';
import { missingTrainingKernels } from '../../src/engine/capabilities';
import { loadTask, type TaskTensors } from '../../src/engine/data';
import { nodeAssetLoader } from '../../src/engine/node-host';
import { trainCandidate, type TrainResult } from '../../src/engine/train';
import { trainChildren } from '../../src/engine/population/schedule';
import { runSuite } from '../../src/engine/bench/run';
import type { Suite } from '../../src/core/bench/suite';
import { RunControl } from '../../src/engine/control';
import type { TrainingMode } from '../../src/core/runlog';
import { setupCpu } from './helpers';

const cnn: Genome = {
  hyper: { optimizer: 'adam', learningRate: 0.003, batchSize: 16, weightDecay: 0, dropout: 0 },
  arch: { family: 'cnn', blocks: [{ filters: 4, kernel: 3, pool: true }], activation: 'relu', head: [] },
};
const mlp: Genome = { hyper: cnn.hyper, arch: { family: 'mlp', layers: [{ units: 8, activation: 'relu' }] } };

let data: TaskTensors;
beforeAll(async () => {
  await setupCpu();
  expect(missingTrainingKernels(cnn, 'cpu')).toEqual([]);
  const choice = await selectBackend('wasm');
  expect(choice.backend).toBe('wasm');
  data = await loadTask('digits', 1, nodeAssetLoader());
});
afterAll(() => data?.dispose());

describe('training on a backend without a gradient kernel', () => {
  it('names what the wasm backend lacks for convnets, and nothing for MLPs', () => {
    expect(missingTrainingKernels(cnn, 'wasm')).toEqual(['Conv2DBackpropFilter']);
    expect(missingTrainingKernels(mlp, 'wasm')).toEqual([]);
  });

  it('fails a convnet candidate up front with a message naming the kernel and the fix, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const r = await trainCandidate(data, { genome: cnn, steps: 3, seed: 1, progressEvery: 3, init: null });
    expect(r.status).toBe('failed');
    expect(r.stepsDone).toBe(0);
    expect(r.error).toBe(
      'the wasm backend cannot train convnets: tfjs-backend-wasm has no Conv2DBackpropFilter kernel; use the cpu, webgl or webgpu backend',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the loop trains convnet children there through the im2col path (which needs no conv gradient), batching on or off', async () => {
    for (const batch of [false, true]) {
      const done: [number, TrainResult, TrainingMode][] = [];
      const jobs = [
        { genome: cnn, steps: 20, seed: 3, init: null },
        { genome: mlp, steps: 20, seed: 4, init: null },
      ];
      await trainChildren(
        data,
        jobs,
        { batch, progressEvery: 10, control: new RunControl() },
        { start: () => {}, progress: () => {}, done: (i, r, t) => done.push([i, r, t]) },
      );
      const [c, m] = [done.find(([i]) => i === 0)!, done.find(([i]) => i === 1)!];
      expect(c[1].status).toBe('ok');
      expect(c[1].stepsDone).toBe(20);
      expect(c[1].valAccuracy).toBeGreaterThan(0.2); // ten classes: chance is 0.1
      expect(c[2]).toEqual({ mode: 'batched', groupSize: 1, kernels: 'tfjs' });
      expect(m[1].status).toBe('ok');
      expect(m[2]).toEqual({ mode: 'alone' }); // an MLP has its gradients on wasm
    }
  });

  it('refuses a convnet too large for the im2col path before it runs wasm out of memory, and the next child still trains', async () => {
    const huge: Genome = {
      hyper: { ...cnn.hyper, batchSize: 256 },
      arch: {
        family: 'cnn',
        blocks: [
          { filters: 32, kernel: 5, pool: false },
          { filters: 32, kernel: 5, pool: true },
        ],
        activation: 'relu',
        head: [],
      },
    };
    const done: [number, TrainResult, TrainingMode][] = [];
    const jobs = [
      { genome: huge, steps: 5, seed: 1, init: null },
      { genome: cnn, steps: 10, seed: 2, init: null },
      { genome: mlp, steps: 10, seed: 3, init: null },
    ];
    await trainChildren(
      data,
      jobs,
      { batch: true, progressEvery: 5, control: new RunControl() },
      { start: () => {}, progress: () => {}, done: (i, r, t) => done.push([i, r, t]) },
    );
    const byIndex = (i: number) => done.find(([j]) => j === i)!;
    expect(byIndex(0)[1].status).toBe('failed');
    expect(byIndex(0)[1].error).toBe(
      'too large for the wasm backend: without conv gradients it trains convnets through im2col, which needs a ' +
        '161 M-float tensor here (batch 256; the limit is 134 M); use the cpu, webgl or webgpu backend, or a smaller batch',
    );
    expect(byIndex(1)[1].status).toBe('ok');
    expect(byIndex(2)[1].status).toBe('ok');
  });

  it('still trains an MLP there', async () => {
    const r = await trainCandidate(data, { genome: mlp, steps: 3, seed: 1, progressEvery: 3, init: null });
    expect(r.status).toBe('ok');
    expect(r.valAccuracy).toBeGreaterThan(0);
  });

  it('a benchmark suite with a convnet training case reports wasm failed, naming the missing kernel', async () => {
    const suite: Suite = {
      name: 'cnn-only',
      version: 1,
      title: 'test',
      repeats: 1,
      warmup: 0,
      seed: 1,
      train: [{ id: 'digits-cnn', task: 'digits', genome: cnn, steps: 2, checkSteps: 1, tolerance: 1e-3 }],
      infer: [],
      matmul: [],
      conv: [],
      dispatch: [],
      loop: [],
    };
    const r = await runSuite(suite, ['wasm'], {
      loadAsset: nodeAssetLoader(),
      environment: { driver: 'node', platform: 'test', hardwareConcurrency: 1 },
    });
    expect(r.backends[0].status).toBe('failed');
    expect(r.backends[0].reason).toBe(
      'the wasm backend cannot train convnets: tfjs-backend-wasm has no Conv2DBackpropFilter kernel; use the cpu, webgl or webgpu backend',
    );
    await selectBackend('wasm'); // runSuite switched backends; the other tests expect wasm
  });
});
