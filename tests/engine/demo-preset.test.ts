/**
 * The lab's "Quick demo" preset shows real improvement: on the tfjs CPU
 * backend, the champion's held-out (test) accuracy rises by at least 25
 * points from generation 0 to the end on each of seeds 1–3 (measured on
 * seeds 1–8 with benchmarks/demo-preset.ts: rises of 25.5–51.5 points), and
 * the first rise of 5 points comes by generation 3, so a student sees it early.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu } from './helpers';

beforeAll(setupCpu);

const demo = PRESETS.find((p) => p.id === 'quick-demo')!;

describe('the Quick demo preset', () => {
  for (const seed of [1, 2, 3]) {
    it(`raises held-out accuracy by at least 25 points, early, on seed ${seed}`, async () => {
      const log = await runLoop({ ...demo.config, seed, backend: 'cpu' }, host());
      const tests = log.generations.map((g) => g.championTestAccuracy);
      expect(tests).toHaveLength(demo.config.generations);
      expect(tests[tests.length - 1] - tests[0]).toBeGreaterThanOrEqual(0.25);
      expect(tests.findIndex((t) => t - tests[0] >= 0.05)).toBeGreaterThan(0);
      expect(tests.findIndex((t) => t - tests[0] >= 0.05)).toBeLessThanOrEqual(3);
    }, 120_000);
  }
});
