/**
 * The lab page end to end, on WebGPU (SwiftShader) in the real worker: a run
 * started with the Start button (backend auto) and one from an autorun link
 * (backend webgpu, the log naming the adapter, xor learned) reach their
 * last generation with one lineage node per candidate; the panels fill in;
 * nodes open the inspector by mouse and keyboard; the page never blocks;
 * it requests nothing outside its origin and logs no console errors.
 *
 * UPDATE_SCREENSHOTS=1 runs a larger config and writes the README's
 * screenshots to docs/screenshots/.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { lastGainNote } from '../../src/core/gain-note';
import { validateRunLog } from '../../src/core/runlog';
import { TASKS } from '../../src/core/tasks';
import { openApp, waitForRun, type Harness } from './page-harness';
import {
  drawnChart,
  lineageIds,
  longTasksBetween,
  pageNow,
  recordLongTasks,
  screenshotDir,
  waitForSaved,
} from './ui-helpers';

const baseUrl = inject('baseUrl');
const bigShots = process.env.UPDATE_SCREENSHOTS === '1';
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

describe('the lab page', () => {
  it(
    'runs from the Start button: every panel fills in, nodes open the inspector, and the page stays responsive',
    async () => {
      const config = bigShots
        ? '#task=spirals&proposer=self-adaptive&generations=6&population=4&steps=200&seed=1&backend=webgpu'
        : // No backend in the link: auto takes the first that works, WebGPU here.
          '#task=xor&proposer=self-adaptive&generations=3&population=2&steps=30&seed=4';
      h = await openApp(baseUrl, config);
      const page = h.page;
      await page.setViewportSize(DESKTOP);
      const start = page.getByRole('button', { name: 'Start' });
      await start.waitFor();
      expect(await page.locator('successor-app tbody tr').count()).toBe(0);
      await recordLongTasks(page);
      const startedAt = await pageNow(page);
      await start.click();

      // Mid-run: after generation 1 is saved, while generation 2 trains.
      const shots = screenshotDir();
      await waitForSaved(page, bigShots ? 3 : 2, 400_000);
      await page.locator('successor-app decision-boundary canvas').waitFor();
      // Let the live loss curve show a few read-backs before the picture. A small run can end before
      // any shows; then there is nothing to wait for (waiting out the timeout cost this test 2 minutes).
      await page
        .waitForFunction(
          (n) => {
            const live = document.querySelector('successor-app')?.shadowRoot?.querySelector('live-training') as {
              view?: { status: string; live?: { losses: number[] } | null };
            } | null;
            return (
              (live?.view?.live?.losses.length ?? 0) >= n || (live?.view != null && live.view.status !== 'running')
            );
          },
          bigShots ? 3 : 1,
          { timeout: 120_000, polling: 200 },
        )
        .catch(() => undefined);
      // Full-page screenshots re-lay the page out at full height: their own long tasks are not the page's.
      const shotsFrom = await pageNow(page);
      await page.screenshot({ path: join(shots, 'lab-midrun-desktop.png'), fullPage: true });
      await page.setViewportSize(PHONE);
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
        .toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(shots, 'lab-midrun-phone.png'), fullPage: true });
      await page.setViewportSize(DESKTOP);
      await page.waitForTimeout(500);
      const shotsTo = await pageNow(page);

      const log = validateRunLog(await waitForRun(page, 1_100_000));
      expect(log.status).toBe('done');
      expect(log.environment.backend).toBe('webgpu');
      expect(await page.locator('successor-app [role=status]').textContent()).toContain('Done');
      // Generation 0 is the seed alone; each later one has its children.
      const { generations, population } = log.config;
      expect(log.candidates.map((c) => c.generation)).toEqual([
        0,
        ...Array.from({ length: generations - 1 }, (_, g) => Array<number>(population).fill(g + 1)).flat(),
      ]);

      // The page never blocked: no main-thread task over 200 ms while training.
      const long = [
        ...(await longTasksBetween(page, startedAt, shotsFrom)),
        ...(await longTasksBetween(page, shotsTo)),
      ];
      expect(
        long.filter((t) => t.duration > 200),
        JSON.stringify(long),
      ).toEqual([]);

      // One lineage node per candidate; the table has one row per generation.
      expect(await lineageIds(page)).toEqual(log.candidates.map((c) => c.id));
      expect(await page.locator('successor-app generation-table tbody tr').count()).toBe(log.generations.length);
      const championId = log.generations[log.generations.length - 1].championId;
      expect(
        await page.locator(`successor-app lineage-tree [data-candidate-id="${championId}"]`).getAttribute('class'),
      ).toContain('line');

      // The improver improving: one heat-map column per generation for self-adaptive.
      const cells = await page.locator('successor-app policy-chart rect').count();
      expect(cells % log.generations.length).toBe(0);
      expect(cells).toBeGreaterThan(0);

      // What the model learned, and where it ran.
      await page.locator('successor-app decision-boundary canvas').waitFor();
      expect(await page.locator('successor-app decision-boundary .key').textContent()).toMatch(
        /test accuracy \d+\.\d%/,
      );
      const device = (await page.locator('successor-app device-panel dl').textContent()) ?? '';
      expect(device).toContain('webgpu');
      expect(device).toMatch(/software adapter\s*yes/);

      // Hovering a child's point on the improvement chart names it.
      const child = log.candidates.find((c) => c.parentId !== null && c.status === 'ok')!;
      const point = await page.evaluate((id) => {
        const chart = document
          .querySelector('successor-app')!
          .shadowRoot!.querySelector('improvement-chart') as unknown as {
          chart: { valToPos(v: number, s: string): number; over: HTMLElement };
          cols: { ids: (number | null)[]; xs: number[]; children: (number | null)[] };
        };
        const i = chart.cols.ids.indexOf(id);
        const box = chart.chart.over.getBoundingClientRect();
        return {
          x: box.left + chart.chart.valToPos(chart.cols.xs[i], 'x'),
          y: box.top + chart.chart.valToPos(chart.cols.children[i]!, 'y'),
        };
      }, child.id);
      await page.mouse.move(point.x, point.y);
      await expect
        .poll(() => page.locator('successor-app improvement-chart .tip').textContent())
        .toMatch(new RegExp(`^#${child.id} · generation ${child.generation}`));

      // Clicking a node opens its inspector, with what changed from its parent.
      await page.locator(`successor-app lineage-tree [data-candidate-id="${child.id}"]`).click();
      const inspector = page.locator('successor-app candidate-inspector');
      await expect.poll(() => inspector.locator('h2').textContent()).toBe(`Candidate #${child.id}`);
      expect(await inspector.locator('.op').allTextContents()).toEqual(child.operators);
      expect(await inspector.locator('p').first().textContent()).toContain(`child of #${child.parentId}`);
      expect(await inspector.locator('arch-diagram rect').count()).toBeGreaterThanOrEqual(2);
      // How it trained, from the run log: alone, or batched with its generation's other children.
      expect(await inspector.locator('dd.training').textContent()).toMatch(
        /^(alone|batched (with \d+ other|path on its own))/,
      );
      await page.screenshot({ path: join(shots, 'lab-end-desktop.png'), fullPage: true });

      // Keyboard: Escape closes; the tree is one tab stop, End moves to the last node, Enter opens it.
      await page.keyboard.press('Escape');
      await expect.poll(() => inspector.count()).toBe(0);
      await page.locator('successor-app lineage-tree [data-candidate-id][tabindex="0"]').focus();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      const last = log.candidates[log.candidates.length - 1].id;
      await expect.poll(() => inspector.locator('h2').textContent()).toBe(`Candidate #${last}`);

      // Phone width: nothing overflows the viewport sideways except the scrollable tree.
      await page.setViewportSize(PHONE);
      // Charts follow their box on the next frame.
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
        .toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(shots, 'lab-end-phone.png'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.setViewportSize(DESKTOP);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shots, 'lab-end-dark.png'), fullPage: true });

      expect(h.consoleErrors).toEqual([]);
      expect(h.foreignRequests).toEqual([]);
    },
    bigShots ? 1_200_000 : undefined,
  );

  const autorunTitle =
    'runs from an autorun=1 link on WebGPU to its last generation, one lineage node per candidate, ' +
    'the log naming the adapter, and the link stops autorunning';
  it(autorunTitle, async () => {
    h = await openApp(
      baseUrl,
      '#task=xor&proposer=evolution&generations=3&population=3&steps=60&backend=webgpu&seed=7&autorun=1',
    );
    const log = validateRunLog(await waitForRun(h.page));
    expect(log.status).toBe('done');
    expect(log.environment.backend).toBe('webgpu');
    expect(log.environment.adapter).not.toBeNull();
    expect(log.environment.adapter!.vendor.length + log.environment.adapter!.architecture.length).toBeGreaterThan(0);
    expect(log.environment.userAgent).toMatch(/Chrome/);
    expect(log.config).toMatchObject({
      task: 'xor',
      proposer: 'evolution',
      generations: 3,
      population: 3,
      steps: 60,
      seed: 7,
    });
    expect(log.generations).toHaveLength(3);
    expect(log.candidates).toHaveLength(1 + 3 + 3);
    // Training on the GPU must actually learn xor, not just finish.
    expect(log.generations[2].championValAccuracy).toBeGreaterThan(0.8);
    await h.page.locator('successor-app tbody tr').nth(2).waitFor();
    expect(await h.page.locator('successor-app tbody tr').count()).toBe(3);
    expect(await lineageIds(h.page)).toEqual(log.candidates.map((c) => c.id));
    // The improvement chart's headline is the champion's held-out accuracy: listed first, drawn solid and
    // widest over the thin dashed validation line; the note under it is the pure function's verdict on this run.
    const chart = h.page.locator('successor-app improvement-chart');
    const legend = await chart.locator('.legend li').allTextContents();
    expect(legend.slice(0, 3)).toEqual([
      'champion, held-out (test): the headline',
      'champion, validation (chosen on it, so optimistic)',
      'gap: selection optimism',
    ]);
    const drawn = await drawnChart(chart);
    expect(drawn.data[5].filter((y) => y !== null)).toEqual(log.generations.map((g) => 100 * g.championTestAccuracy));
    expect(drawn.data[4].filter((y) => y !== null)).toEqual(log.generations.map((g) => 100 * g.championValAccuracy));
    expect(drawn.series[5].dashed).toBe(false);
    expect(drawn.series[4].dashed).toBe(true);
    expect(drawn.series[5].width).toBeGreaterThan(drawn.series[4].width);
    const note = lastGainNote(log.generations, TASKS.xor.splits);
    await expect.poll(() => chart.locator('.noise-note').allTextContents()).toEqual(note === null ? [] : [note]);
    // The run is in the library, and a reload would offer to resume rather than start again.
    await h.page.locator('successor-app run-library li').first().waitFor();
    expect(await h.page.locator('successor-app run-library li').count()).toBe(1);
    expect(new URL(h.page.url()).hash).not.toContain('autorun');
    expect(new URL(h.page.url()).hash).toContain('task=xor');
    // Every setting is a labelled control (found by its label, as a screen reader would announce it).
    for (const label of [
      'Task',
      'Proposer',
      'Generations',
      'Children per generation',
      'Training steps per child',
      'Seed',
      'Backend',
      'Warm start',
    ]) {
      expect(await h.page.getByLabel(label, { exact: false }).count(), label).toBeGreaterThan(0);
    }
    expect(h.consoleErrors).toEqual([]);
    expect(h.foreignRequests).toEqual([]);
  });
});
