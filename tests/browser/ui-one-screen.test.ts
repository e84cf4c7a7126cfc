/**
 * The lab on one screen, as a student sees it: at 1440×900, once a run has
 * started, the settings fold to one line and the improvement chart, the
 * decision boundary and the whole lineage (zoomed to fit its width) are all
 * in view together without scrolling; on a phone no column of the generation
 * table is cut off and the lineage pans at actual size; a reload shows the run that was on screen, not empty
 * panels; and the lab links to the benchmark page, which links back.
 *
 * Trains on tfjs's CPU backend in the real worker: what is under test is the
 * page's layout, which no backend changes.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { validateRunLog } from '../../src/core/runlog';
import { openApp, waitForRun, type Harness } from './page-harness';
import { lineageIds, waitForSaved } from './ui-helpers';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const RUN = '#task=xor&proposer=evolution&generations=8&population=3&steps=150&seed=2&seedGenome=weak&backend=cpu';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** An element's box on the page, which must exist. */
async function box(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
}

/** Whether a box lies wholly inside the viewport (a pixel of rounding allowed). */
const inView = (b: { x: number; y: number; width: number; height: number }, v: { width: number; height: number }) =>
  b.x >= -1 && b.y >= -1 && b.x + b.width <= v.width + 1 && b.y + b.height <= v.height + 1;

describe('one screen', () => {
  it('links to the benchmark page and back', async () => {
    h = await openApp(baseUrl, RUN);
    const page = h.page;
    await page.getByRole('link', { name: 'Benchmark this device' }).click();
    await page.waitForURL(/\/bench\.html$/);
    await page.getByRole('heading', { name: /Successor — Benchmark/ }).waitFor();
    await page.getByRole('link', { name: 'back to the lab' }).click();
    await page.waitForURL((u) => !u.pathname.endsWith('bench.html'));
    await page.getByRole('button', { name: 'Quick demo' }).waitFor();
    expect(h.consoleErrors).toEqual([]);
  });

  it('at 1440×900 shows chart, boundary and the whole lineage together mid-run; on a phone the table fits; a reload keeps the run', async () => {
    h = await openApp(baseUrl, RUN);
    const page = h.page;
    const app = page.locator('successor-app');
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForSaved(page, 3);
    await app.locator('decision-boundary canvas').waitFor();
    // Mid-run, or the picture below is not of a running page: the run is long enough for that here.
    expect(await page.evaluate(() => document.body.dataset.runState)).toBe('running');
    expect(await app.locator('run-controls details.folded > summary').textContent()).toMatch(
      /^Settings: xor · evolution · 8 generations × 3 children · 150 steps · seed 2 · cpu$/,
    );
    expect(await app.locator('run-controls select[name=task]').isVisible()).toBe(false);

    // Paused while measured, so the tree does not grow between one box and the next.
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => app.locator('[role=status]').textContent()).toMatch(/^Paused/);
    await page.evaluate(() => window.scrollTo(0, 0));
    const tree = app.locator('lineage-tree .scroll');
    const shown = {
      chart: await box(app.locator('improvement-chart canvas').first()),
      boundary: await box(app.locator('decision-boundary canvas')),
      lineage: await box(tree),
    };
    for (const [name, b] of Object.entries(shown))
      expect(inView(b, DESKTOP), `${name} ${JSON.stringify(b)}`).toBe(true);
    // The whole tree, zoomed to fit: no scrolling inside its box, and every node drawn within it.
    expect(await tree.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
    expect(await tree.evaluate((e) => e.scrollHeight - e.clientHeight)).toBeLessThanOrEqual(1);
    const nodes = await app.locator('lineage-tree [data-candidate-id]').all();
    expect(nodes.length).toBeGreaterThanOrEqual(1 + 2 * 3);
    for (const n of nodes) {
      const b = await box(n);
      expect(
        inView({ ...b, x: b.x - shown.lineage.x, y: b.y - shown.lineage.y }, shown.lineage),
        `${JSON.stringify(b)} in ${JSON.stringify(shown.lineage)}`,
      ).toBe(true);
    }

    await page.getByRole('button', { name: 'Resume' }).click();
    const log = validateRunLog(await waitForRun(page));
    expect(log.generations).toHaveLength(8);

    // A phone: each generation is a card, nothing cut off sideways.
    await page.setViewportSize(PHONE);
    const table = app.locator('generation-table');
    await expect.poll(() => table.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(8);
    for (const cell of await table.locator('td:visible').all()) {
      const b = await box(cell);
      expect(b.x >= -1 && b.x + b.width <= PHONE.width + 1, JSON.stringify(b)).toBe(true);
    }
    // The lineage on a phone: zoomed to fit, no sideways scroll; at actual size wider than its box, so it pans.
    expect(await tree.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
    await app.getByRole('button', { name: 'Actual size (scroll to pan)' }).click();
    await expect.poll(() => tree.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeGreaterThan(100);
    expect(await tree.evaluate((e) => ((e.scrollLeft = e.scrollWidth), e.scrollLeft))).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);

    // A reload shows the run that was on screen, not empty panels.
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await expect
      .poll(() => app.locator('[role=status]').textContent())
      .toBe(`Viewing a saved run: 8 generations, ${log.candidates.length} candidates (done).`);
    expect(await rows.count()).toBe(8);
    expect(await lineageIds(page)).toEqual(log.candidates.map((c) => c.id));
    await app.locator('decision-boundary canvas').waitFor();
    expect(h.consoleErrors).toEqual([]);
  });
});
