/**
 * The "Quick demo" button, pressed as a student would, in the real page with
 * its real worker: the run it starts is the preset, and its champion's
 * held-out (test) accuracy rises by what tests/engine/demo-preset.test.ts
 * states for the preset in Node — at least 25 points from generation 0 to
 * the end, the first 5-point rise by generation 3. The page keeps the
 * backend chosen in the link; the CPU backend here keeps the run short.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { openApp, waitForRun, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const demo = PRESETS.find((p) => p.id === 'quick-demo')!;

describe('the Quick demo button', () => {
  it('runs the preset and shows held-out accuracy rising by at least 25 points, early', async () => {
    h = await openApp(baseUrl, '#backend=cpu');
    await h.page.getByRole('button', { name: 'Quick demo' }).click();
    const log = await waitForRun(h.page);
    const { backend: _backend, ...preset } = demo.config;
    const { backend, ...ran } = log.config;
    expect(ran).toEqual(preset);
    expect(backend).toBe('cpu');
    expect(log.status).toBe('done');

    const tests = log.generations.map((g) => g.championTestAccuracy);
    expect(tests).toHaveLength(demo.config.generations);
    expect(tests[tests.length - 1] - tests[0]).toBeGreaterThanOrEqual(0.25);
    const firstRise = tests.findIndex((t) => t - tests[0] >= 0.05);
    expect(firstRise).toBeGreaterThan(0);
    expect(firstRise).toBeLessThanOrEqual(3);
    expect(h.consoleErrors).toEqual([]);
  }, 300_000);
});
