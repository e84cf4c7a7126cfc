/**
 * A student's first runs: the generation table says what change made each
 * new champion and whether it helped beyond noise, with one sentence summing
 * the run up; a stopped run can be continued from the screen it is on; and
 * the page estimates a run's time from this device's measured rate (never a
 * guessed one); the learned view shows each run's own champion — another run's champion
 * with the same id (ids restart at 0 in every run) never lingers, and an
 * imported run, which has no weights, draws no boundary.
 *
 * Before Start the page is not empty: the task's data (the 2-D points, or
 * sample digits) and the seed model's layers are drawn at load.
 *
 * Trains on tfjs's CPU backend in the real worker: what is under test is the
 * page, which no backend changes.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { DIGITS_PREVIEW_ASSET, DIGITS_PREVIEW_COUNT, digitsAssetBytes } from '../../src/core/digits-format';
import { seedGenomeOf } from '../../src/core/run-plan';
import { TASKS } from '../../src/core/tasks';
import { archRows } from '../../src/ui/arch-diagram';
import { CLASS_COLOURS, rgbOf } from '../../src/ui/palette';
import { validateRunLog } from '../../src/core/runlog';
import { championChanges, summariseRun } from '../../src/ui/run-story';
import { openApp, waitForRun, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const XOR = '#task=xor&proposer=hillclimb&generations=4&population=2&steps=60&seed=2&backend=cpu&seedGenome=weak';
const DIGITS = '#task=digits&proposer=hillclimb&generations=2&population=1&steps=80&seed=1&backend=cpu';

/** Pixels of a canvas within a few levels of each colour, and those darker than mid-grey (ink). */
function countColours(canvas: Locator, colours: [number, number, number][]): Promise<{ near: number[]; ink: number }> {
  return canvas.evaluate((c: HTMLCanvasElement, cs) => {
    const d = c.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, c.width, c.height).data;
    const near = cs.map(() => 0);
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      cs.forEach((k, j) => {
        if (Math.abs(d[i] - k[0]) + Math.abs(d[i + 1] - k[1]) + Math.abs(d[i + 2] - k[2]) < 24) near[j]++;
      });
      if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 3 * 110) ink++;
    }
    return { near, ink };
  }, colours);
}

/** Polls on a shared 2-core machine: a busy page can take seconds to draw. */
const LONG = { timeout: 30_000 };

describe('before Start', () => {
  it('draws the data and the seed model at load, and the digits when the task changes', async () => {
    // Every request the page or its worker makes: the whole digits asset is for a digits run, never the preview.
    const requested: string[] = [];
    h = await openApp(baseUrl, '#task=spirals&seed=3&backend=cpu', (page) =>
      page.on('request', (r) => requested.push(new URL(r.url()).pathname)),
    );
    const app = h.page.locator('successor-app');
    // The training points, in both class colours, and no model yet.
    const points = app.locator('learned-view data-preview canvas.points');
    await points.waitFor();
    await expect
      .poll(async () => (await countColours(points, CLASS_COLOURS.map(rgbOf))).near.every((n) => n > 500), LONG)
      .toBe(true);
    expect(await app.locator('learned-view data-preview p.hint').textContent()).toContain(
      `The ${TASKS.spirals.splits.train} training points of spirals (seed 3)`,
    );
    // The seed genome, one bar per layer (input, hidden layers, output).
    const seed = seedGenomeOf({ task: 'spirals', seedGenome: 'default' });
    await expect
      .poll(() => app.locator('lineage-tree arch-diagram rect').count(), LONG)
      .toBe(archRows(seed, TASKS.spirals).length);
    expect(await app.locator('lineage-tree p.note').textContent()).toContain('descends from this seed model');

    // Digits: sample training digits, each with ink on it. Only the small preview asset is fetched for them.
    expect(requested.filter((p) => /digits/.test(p))).toEqual([]);
    await h.page.evaluate(() => performance.clearResourceTimings());
    await h.page.evaluate(() => (location.hash = '#task=digits&backend=cpu'));
    const digits = app.locator('learned-view data-preview li canvas');
    await expect.poll(() => digits.count(), LONG).toBe(DIGITS_PREVIEW_COUNT);
    for (const i of [0, DIGITS_PREVIEW_COUNT - 1])
      await expect.poll(async () => (await countColours(digits.nth(i), [])).ink, LONG).toBeGreaterThan(20);
    // What the main thread fetched once digits were chosen (the worker's fetches are in its own timeline).
    const fetched = await h.page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => ({ path: new URL(e.name).pathname, bytes: (e as PerformanceResourceTiming).decodedBodySize })),
    );
    expect(fetched.filter((f) => f.path.endsWith('/' + DIGITS_PREVIEW_ASSET))).toEqual([
      { path: expect.any(String), bytes: digitsAssetBytes(DIGITS_PREVIEW_COUNT) },
    ]);
    // The preview is 18.9 KB; the whole asset it replaced was 7.8 MB. Data only: a code chunk the page loads
    // lazily may land in the same window (a fresh-clone CI run once counted 211 KB with one).
    const data = fetched.filter((f) => f.path.endsWith('.bin'));
    expect(data.reduce((n, f) => n + f.bytes, 0)).toBeLessThan(100_000);
    expect(requested.filter((p) => p.endsWith('/digits.bin'))).toEqual([]);
    const cnn = seedGenomeOf({ task: 'digits', seedGenome: 'default' });
    await expect
      .poll(() => app.locator('lineage-tree arch-diagram rect').count(), LONG)
      .toBe(archRows(cnn, TASKS.digits).length);
    expect(h.consoleErrors).toEqual([]);
  });
});

describe("a student's first runs", () => {
  it('tells the run in words, continues a stopped run on screen, and keeps each run’s own predictions', async () => {
    const requested: string[] = [];
    h = await openApp(baseUrl, XOR + '&autorun=1', (p) => p.on('request', (r) => requested.push(r.url())));
    const page = h.page;
    const app = page.locator('successor-app');
    const xor = validateRunLog(await waitForRun(page));

    // The change column and the summary sentence say what the pure functions say of this log.
    const expected = championChanges(xor.generations, xor.candidates, TASKS.xor.splits);
    const rows = app.locator('generation-table tbody tr');
    await expect.poll(() => rows.count()).toBe(xor.generations.length);
    expect(await rows.nth(0).locator('td.change').textContent()).toBe('seed model');
    for (let i = 1; i < expected.length; i++) {
      const cell = (await rows.nth(i).locator('td.change').textContent())?.trim();
      expect(cell).toBe(
        expected[i].isNew
          ? expected[i].change + (expected[i].fromId !== null ? ` (from #${expected[i].fromId})` : '')
          : 'kept',
      );
      expect((await rows.nth(i).locator('td.effect').textContent())?.trim()).toBe(expected[i].effect);
    }
    expect(await app.locator('generation-table .summary').textContent()).toBe(
      summariseRun(xor.generations, xor.candidates, TASKS.xor.splits),
    );
    // The architecture codes are explained on hover.
    expect(await rows.nth(0).locator('abbr.arch').getAttribute('title')).toMatch(/^mlp \(linear\): a linear model/);

    // Its decision boundary, drawn from its stored weights.
    await app.locator('learned-view decision-boundary canvas').waitFor();

    // The time a run of these settings takes here, at the rate the run just made trained on this device.
    const estimate = app.locator('run-controls #estimate');
    await expect
      .poll(() => estimate.textContent())
      .toMatch(
        /Time on this device: about \d+ (s|min) of training, at the rate of your last xor run on cpu in this browser/,
      );

    // A digits run, stopped while its second generation trains, then continued from the screen.
    await page.evaluate((hash) => (location.hash = hash), DIGITS);
    await expect.poll(() => app.locator('run-controls select[name=task]').inputValue()).toBe('digits');
    // No digits run has trained here yet: no speed is guessed.
    expect(await estimate.textContent()).toMatch(/Time on this device: estimate after the first child\./);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect
      .poll(() => app.locator('[role=status]').textContent(), { timeout: 120_000 })
      .toMatch(/^Generation 1 of 1: training child 1 of 1/);
    // The seed model has trained: the time left comes from this run's own rate.
    expect(await app.locator('#time-left').textContent()).toMatch(
      /^Time: about \d+ (s|min) of training left, at the rate of this run so far/,
    );
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.waitForFunction(() => document.body.dataset.runState === 'stopped', undefined, { timeout: 120_000 });
    expect(await app.locator('[role=status]').textContent()).toMatch(
      /^Stopped after 1 complete generation; press Continue/,
    );
    await app.locator('.status-row').getByRole('button', { name: 'Continue' }).click();
    const digits = validateRunLog(await waitForRun(page));
    expect(digits.status).toBe('done');
    // The run's worker fetched the whole asset, and such a listener sees it (the preview test relies on that).
    expect(requested.filter((u) => u.endsWith('/digits.bin')).length).toBeGreaterThan(0);
    expect(digits.generations).toHaveLength(2);
    await app.locator('learned-view digit-predictions').waitFor();
    expect(await app.locator('learned-view decision-boundary').count()).toBe(0);

    // Back to the xor run: its own boundary, not the digits predictions.
    const library = app.locator('run-library');
    await library.getByRole('button', { name: 'Open xor · hillclimb · seed 2' }).click();
    await app.locator('learned-view decision-boundary canvas').waitFor();
    expect(await app.locator('learned-view digit-predictions').count()).toBe(0);

    // The same xor run imported: same candidate ids, no weights, so no boundary — not the one just shown.
    await library
      .locator('input[type=file]')
      .setInputFiles({ name: 'xor.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(xor)) });
    const imported = library.locator('li', { hasText: 'imported' });
    await imported.getByRole('button', { name: 'Open xor · hillclimb · seed 2' }).click();
    await expect
      .poll(() => app.locator('learned-view p.hint').allTextContents())
      .toContainEqual(expect.stringContaining('weights are not stored'));
    expect(await app.locator('learned-view decision-boundary canvas').count()).toBe(0);
    expect(h.consoleErrors).toEqual([]);
  });
});
