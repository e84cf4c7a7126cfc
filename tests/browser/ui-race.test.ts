/**
 * A race: two proposers on the same seed, side by side as they run. Started
 * from a link (`race=random,evolution&autorun=1`, what the preset button
 * does with the demo's larger budget), both runs go to the end in their own
 * workers, both held-out curves are drawn on the one chart, the sentence
 * under it says what raceStanding says of the final logs, and both runs are
 * in the library after a reload.
 *
 * Tiny runs on tfjs's CPU backend: what is under test is the page.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { validateRunLog } from '../../src/core/runlog';
import { TASKS } from '../../src/core/tasks';
import { ARCH_LEGEND } from '../../src/ui/arch-code';
import { SERIES_COLOURS, rgbOf } from '../../src/ui/palette';
import { raceStanding } from '../../src/ui/race-story';
import { openApp, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const RACE = '#task=xor&generations=3&population=2&steps=40&seed=2&seedGenome=weak&backend=cpu';

describe('a race', () => {
  it('runs random and evolution side by side to the end, draws both curves, says who was ahead and saves both', async () => {
    h = await openApp(baseUrl, RACE + '&race=random,evolution&autorun=1');
    const page = h.page;
    const app = page.locator('successor-app');
    const view = app.locator('race-view');
    // Both runs are under way at once, each in its own card.
    await expect.poll(() => view.locator('section.lane').count()).toBe(2);
    await page.waitForFunction(() => document.body.dataset.raceState === 'done', undefined, {
      timeout: 240_000,
      polling: 250,
    });
    const logs = ((await page.evaluate(() => window.__successorRaceLogs)) ?? []).map(validateRunLog);
    expect(logs.map((l) => [l.config.proposer, l.status, l.generations.length])).toEqual([
      ['random', 'done', 3],
      ['evolution', 'done', 3],
    ]);
    expect(logs[0].config.seed).toBe(logs[1].config.seed);

    // Both held-out curves, in the runs' colours, on the one chart.
    const canvas = view.locator('race-chart canvas').first();
    const counts = await canvas.evaluate((c: HTMLCanvasElement, colours) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return colours.map((k) => {
        let n = 0;
        for (let i = 0; i < d.length; i += 4)
          if (Math.abs(d[i] - k[0]) + Math.abs(d[i + 1] - k[1]) + Math.abs(d[i + 2] - k[2]) < 30) n++;
        return n;
      });
    }, SERIES_COLOURS.slice(0, 2).map(rgbOf));
    expect(counts.every((n) => n > 150)).toBe(true);

    // The verdict is the one the pure function gives for these logs: held-out first, noise judged.
    const runners = logs.map((l) => ({ label: l.config.proposer, generations: l.generations, ended: true }));
    const expected = raceStanding(runners, TASKS.xor.splits.test).sentence;
    expect(expected).toMatch(/One seed/);
    await expect.poll(() => view.locator('p.standing').textContent()).toBe(expected);
    expect(await view.locator('section.lane').first().locator('p.summary').count()).toBe(1);
    // The cards' lineages and sentences use architecture codes: their key is in the view.
    expect(await view.locator('p.codes').textContent()).toBe(ARCH_LEGEND);

    // Both runs were saved: a fresh page finds them in the library.
    await page.evaluate((hash) => {
      location.hash = hash;
      location.reload();
    }, RACE);
    const library = app.locator('run-library');
    for (const proposer of ['random', 'evolution'])
      await library.getByRole('button', { name: `Open xor · ${proposer} · seed 2` }).waitFor();
    expect(h.consoleErrors).toEqual([]);
  });
});
