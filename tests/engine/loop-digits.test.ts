import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Genome } from '../../src/core/genome';
import { validateRunLog } from '../../src/core/runlog';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig } from './helpers';

beforeAll(setupCpu);

describe('digits with a tiny MLP', () => {
  it('runs, learns above chance and scores champions on test', async () => {
    const seedGenome: Genome = {
      hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0, dropout: 0 },
      arch: { family: 'mlp', layers: [{ units: 16, activation: 'relu' }] },
    };
    const before = tf.memory().numTensors;
    const log = await runLoop(
      tinyConfig({ task: 'digits', proposer: 'hillclimb', generations: 2, population: 2, steps: 40, seedGenome }),
      host(),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(log.status).toBe('done');
    expect(() => validateRunLog(JSON.parse(JSON.stringify(log)))).not.toThrow();
    expect(log.candidates).toHaveLength(3);
    expect(log.candidates[0].params).toBe(784 * 16 + 16 + (16 * 10 + 10));
    const champions = new Set(log.generations.map((g) => g.championId));
    for (const g of log.generations) {
      const champ = log.candidates[g.championId];
      expect(champ.status).toBe('ok');
      expect(typeof champ.metrics.testAccuracy).toBe('number');
      expect(champ.metrics.testAccuracy).toBe(g.championTestAccuracy);
      expect(g.championTestAccuracy).toBeGreaterThanOrEqual(0);
      expect(g.championTestAccuracy).toBeLessThanOrEqual(1);
      // Ten classes: chance is 0.1. 40 Adam steps on 16 hidden units get well past it.
      expect(g.championValAccuracy).toBeGreaterThan(0.3);
      expect(g.championTestAccuracy).toBeGreaterThan(0.3);
    }
    for (const c of log.candidates) if (!champions.has(c.id)) expect(c.metrics.testAccuracy).toBeUndefined();
  });
});
