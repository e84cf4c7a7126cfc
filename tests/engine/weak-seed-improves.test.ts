/**
 * The loop's reason to exist: from a deliberately weak seed genome (a linear
 * model with timid SGD) on spirals, evolution and self-adaptive lift the
 * champion's validation accuracy by at least 15 points in 10 generations of
 * 8 children at 300 steps. Deterministic on the CPU backend for a given seed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { runLoop } from '../../src/engine/loop';
import { nodeAssetLoader, nodeRuntime, prepareNode } from '../../src/engine/node-host';

beforeAll(prepareNode);

describe('on spirals from the weak seed genome', () => {
  for (const proposer of ['evolution', 'self-adaptive'] as const) {
    it(`${proposer} improves the champion by at least 15 points in 10 generations`, async () => {
      const config = parseConfig({
        task: 'spirals',
        proposer,
        generations: 10,
        population: 8,
        steps: 300,
        seed: 1,
        backend: 'cpu',
        seedGenome: 'weak',
      });
      const log = await runLoop(config, { loadAsset: nodeAssetLoader(), runtime: nodeRuntime() });
      const first = log.generations[0].championValAccuracy;
      const last = log.generations[9].championValAccuracy;
      expect(last - first).toBeGreaterThanOrEqual(0.15);
      // Best-so-far selection: the champion line never goes down.
      for (let g = 1; g < 10; g++)
        expect(log.generations[g].championValAccuracy).toBeGreaterThanOrEqual(
          log.generations[g - 1].championValAccuracy,
        );
    }, 120_000);
  }
});
