import { beforeAll, describe, expect, it } from 'vitest';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig } from './helpers';

beforeAll(setupCpu);

describe('noise-aware acceptance', () => {
  it('replicates each new champion and replaces it only when a child beats it by more than its noise', async () => {
    const config = tinyConfig({
      task: 'moons',
      proposer: 'hillclimb',
      generations: 5,
      population: 3,
      steps: 30,
      replicates: 3,
      accept: 'noise-aware',
      seed: 11,
    });
    const log = await runLoop(config, host());
    const byId = new Map(log.candidates.map((c) => [c.id, c]));
    for (const g of log.generations) {
      expect(g.replicateValAccuracies).toHaveLength(3);
      expect(g.noise).toBeGreaterThanOrEqual(0);
      expect(g.rejectedAsNoise).toBeDefined();
    }
    let sawRejection = false;
    for (let i = 1; i < log.generations.length; i++) {
      const prev = log.generations[i - 1];
      const cur = log.generations[i];
      if (cur.championId !== prev.championId) {
        expect(cur.championValAccuracy).toBeGreaterThan(prev.championValAccuracy + prev.noise!);
        expect(cur.replicateFlops).toBeGreaterThan(0);
      } else {
        expect(cur.replicateFlops).toBe(0); // a known champion's noise is not measured again
      }
      for (const id of cur.rejectedAsNoise!) {
        sawRejection = true;
        const v = byId.get(id)!.metrics.valAccuracy!;
        expect(v).toBeGreaterThanOrEqual(prev.championValAccuracy);
        expect(v).toBeLessThanOrEqual(prev.championValAccuracy + prev.noise! + 1e-12);
      }
      // hillclimb mutates the accepted champion, not merely the best so far.
      for (const id of cur.candidateIds) expect(byId.get(id)!.parentId).toBe(prev.championId);
    }
    // This seed has a child that beat the champion only within the noise: the rule was exercised.
    expect(sawRejection).toBe(true);
  }, 120_000);

  it('with plain best acceptance the champion is always the best so far and no noise is measured', async () => {
    const log = await runLoop(
      tinyConfig({ task: 'moons', proposer: 'hillclimb', generations: 3, population: 2, steps: 20 }),
      host(),
    );
    for (const g of log.generations) {
      expect(g.noise).toBeUndefined();
      const seen = log.candidates.filter((c) => c.generation <= g.index && c.metrics.valAccuracy !== null);
      expect(g.championValAccuracy).toBe(Math.max(...seen.map((c) => c.metrics.valAccuracy!)));
    }
  });
});
