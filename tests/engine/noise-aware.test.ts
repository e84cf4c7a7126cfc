import { beforeAll, describe, expect, it } from 'vitest';
import { acceptanceZ } from '../../src/core/acceptance';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig } from './helpers';

beforeAll(setupCpu);

describe('noise-aware acceptance', () => {
  it('replaces the champion only when a challenger passes the paired test on shared replicate seeds', async () => {
    const config = tinyConfig({
      task: 'moons',
      proposer: 'hillclimb',
      generations: 5,
      population: 3,
      steps: 30,
      replicates: 3,
      accept: 'noise-aware',
      seedGenome: 'weak',
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
    let sawAcceptance = false;
    for (let i = 1; i < log.generations.length; i++) {
      const prev = log.generations[i - 1];
      const cur = log.generations[i];
      const tests = cur.challengerTests!;
      for (const t of tests) {
        expect(t.z).toBeCloseTo(acceptanceZ(3), 12);
        expect(t.accepted).toBe(t.meanDifference > t.z * t.se);
        // Only this generation's children that score above the champion's replicate mean are tested.
        const champMean = prev.replicateValAccuracies!.reduce((a, b) => a + b, 0) / 3;
        expect(byId.get(t.id)!.generation).toBe(cur.index);
        expect(byId.get(t.id)!.metrics.valAccuracy!).toBeGreaterThan(champMean);
      }
      expect(tests.filter((t) => t.accepted).length).toBeLessThanOrEqual(1);
      if (cur.championId !== prev.championId) {
        sawAcceptance = true;
        const won = tests.find((t) => t.id === cur.championId)!;
        expect(won.accepted).toBe(true);
        expect(cur.replicateFlops).toBeGreaterThan(0);
        // The new champion's replicates are the ones it was tested on: the mean difference is theirs.
        const diff = cur.replicateValAccuracies!.map((v, r) => v - prev.replicateValAccuracies![r]);
        expect(diff.reduce((a, b) => a + b, 0) / 3).toBeCloseTo(won.meanDifference, 12);
      } else {
        expect(tests.every((t) => !t.accepted)).toBe(true);
        // A known champion's replicates are carried over; only tested challengers cost anything.
        expect(cur.replicateValAccuracies).toEqual(prev.replicateValAccuracies);
        if (tests.length === 0) expect(cur.replicateFlops).toBe(0);
      }
      expect(cur.rejectedAsNoise).toEqual(tests.filter((t) => !t.accepted).map((t) => t.id));
      if (cur.rejectedAsNoise!.length) sawRejection = true;
      // hillclimb mutates the accepted champion, not merely the best so far.
      for (const id of cur.candidateIds) expect(byId.get(id)!.parentId).toBe(prev.championId);
    }
    // This seed has challengers the paired test turned down and one it accepted: both branches ran.
    expect(sawRejection).toBe(true);
    expect(sawAcceptance).toBe(true);
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
