/**
 * inspectModel on the CPU backend in Node: its predictions on the test split
 * agree with the engine's own test accuracy for the same weights, it frees
 * every tensor it makes, and the loop hands each new champion's weights to
 * its host once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import type { Genome } from '../core/genome';
import { selectBackend } from './backend';
import { loadTask } from './data';
import { BOUNDARY_RESOLUTION, DIGITS_SHOWN, inspectModel } from './inspect';
import { runLoop } from './loop';
import { nodeAssetLoader, nodeRuntime, prepareNode } from './node-host';
import { evaluateWeights, trainCandidate } from './train';

const mlp = (units: number[]): Genome => ({
  hyper: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, weightDecay: 0, dropout: 0 },
  arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation: 'tanh' as const })) },
});

beforeAll(async () => {
  await prepareNode();
  await selectBackend('cpu');
});

describe('inspectModel', () => {
  it('draws a 2-D boundary whose test calls match the engine’s test accuracy', async () => {
    const data = await loadTask('xor', 3, nodeAssetLoader());
    try {
      const genome = mlp([8, 8]);
      const trained = await trainCandidate(data, { genome, steps: 150, seed: 1, progressEvery: 50, init: null });
      const weights = trained.weights!;
      const expected = (await evaluateWeights(genome, weights, data, data.test)).accuracy;
      const before = tf.memory().numTensors;
      const v = await inspectModel({ task: 'xor', seed: 3, genome, weights }, nodeAssetLoader());
      expect(tf.memory().numTensors).toBe(before);
      if (v.kind !== 'boundary') throw new Error('expected a boundary');
      expect(v.probs).toHaveLength(BOUNDARY_RESOLUTION ** 2);
      expect(v.labels).toHaveLength(data.test.n);
      expect(Array.from(v.labels)).toEqual(Array.from(data.test.labelsHost));
      expect(v.accuracy).toBeCloseTo(expected, 2);
      expect(v.accuracy).toBeGreaterThan(0.8);
      for (const p of v.probs) expect(p >= 0 && p <= 1).toBe(true);
    } finally {
      data.dispose();
    }
  });

  it('predicts the first test digits', async () => {
    const genome: Genome = { ...mlp([16]), hyper: { ...mlp([]).hyper, learningRate: 0.003, batchSize: 64 } };
    const data = await loadTask('digits', 1, nodeAssetLoader());
    try {
      const trained = await trainCandidate(data, { genome, steps: 40, seed: 1, progressEvery: 20, init: null });
      const v = await inspectModel({ task: 'digits', seed: 1, genome, weights: trained.weights! }, nodeAssetLoader());
      if (v.kind !== 'digits') throw new Error('expected digits');
      expect(v.count).toBe(DIGITS_SHOWN);
      expect(v.pixels).toHaveLength(DIGITS_SHOWN * 784);
      expect(Array.from(v.labels)).toEqual(Array.from(data.test.labelsHost.slice(0, DIGITS_SHOWN)));
      expect(v.accuracy).toBeGreaterThan(0.3);
    } finally {
      data.dispose();
    }
  });
});

describe('LoopHost.onChampion', () => {
  it('gets each new champion’s weights once, before its generation-done', async () => {
    const config = parseConfig({
      task: 'moons',
      proposer: 'hillclimb',
      generations: 3,
      population: 2,
      steps: 20,
      progressEvery: 10,
      backend: 'cpu',
      seed: 4,
    });
    const order: string[] = [];
    const log = await runLoop(config, {
      loadAsset: nodeAssetLoader(),
      runtime: nodeRuntime(),
      onEvent: (e) => e.type === 'generation-done' && order.push(`done ${e.summary.index}`),
      onChampion: (id, w) => order.push(`champion ${id} ${w.length}`),
    });
    const champions = [...new Set(log.generations.map((g) => g.championId))];
    const announced = order.filter((x) => x.startsWith('champion'));
    expect(announced.map((x) => Number(x.split(' ')[1]))).toEqual(champions);
    for (const id of champions) {
      const crowned = log.generations.findIndex((g) => g.championId === id);
      expect(order.findIndex((x) => x.startsWith(`champion ${id} `))).toBeLessThan(order.indexOf(`done ${crowned}`));
    }
    // The 2-D seed genome (two hidden layers of 8): three kernels and three biases.
    expect(announced[0]).toBe('champion 0 6');
  });
});
