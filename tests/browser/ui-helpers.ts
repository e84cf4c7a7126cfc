/**
 * Helpers for the lab page's browser tests: long-task recording, waiting on
 * the page's save counter, downloads, and screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import type { RunLog } from '../../src/core/runlog';

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

/** Starts recording main-thread long tasks (over 50 ms, as the browser reports them). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The page's clock (performance.now()), to bound long-task windows. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** Long tasks that started within [from, to) (page performance.now() times). */
export async function longTasksBetween(
  page: Page,
  from: number,
  to = Infinity,
): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(([a, b]) => (window.__longTasks ?? []).filter((e) => e.start >= a && e.start < b), [
    from,
    to,
  ] as const);
}

/** Waits until the page has saved at least `n` generations of the current run. */
export async function waitForSaved(page: Page, n: number, timeout = 180_000): Promise<void> {
  await page.waitForFunction((k) => Number(document.body.dataset.savedGenerations ?? 0) >= k, n, {
    timeout,
    polling: 200,
  });
}

/** A download's text, read through playwright (the browser may be remote: `path()` works only locally). */
export async function downloadText(dl: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await dl.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Clicks a button that downloads, and returns the downloaded file's text and name. */
export async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: dl.suggestedFilename(), text: await downloadText(dl) };
}

/**
 * Where screenshots go: test-artifacts/screenshots normally; docs/screenshots
 * (the ones the README shows) when UPDATE_SCREENSHOTS=1.
 */
export function screenshotDir(): string {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? join(process.cwd(), 'docs', 'screenshots')
      : join(process.cwd(), 'test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A log without the fields that legitimately differ between identical runs (wall times). */
export function withoutTimes(log: RunLog): unknown {
  // The hash chain covers every field, wall times included, so two runs with
  // equal results still hash differently: compare everything but the links.
  const { chain: _chain, ...rest } = log;
  return {
    ...rest,
    environment: { ...log.environment },
    candidates: log.candidates.map(({ hash: _h, ...c }) => ({ ...c, trainMs: 0 })),
    generations: log.generations.map(({ hash: _h, ...g }) => ({
      ...g,
      ms: 0,
      replicateMs: g.replicateMs === undefined ? undefined : 0,
    })),
  };
}

/** The candidate ids the lineage tree draws, in document order. */
export async function lineageIds(page: Page): Promise<number[]> {
  const ids = await page
    .locator('successor-app lineage-tree [data-candidate-id]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-candidate-id'))));
  return ids.sort((a, b) => a - b);
}

/** What a uPlot chart element drew: its data columns and each series' line width and dash. */
export interface DrawnChart {
  data: (number | null)[][];
  series: { label: string; width: number; dashed: boolean }[];
}

/** Reads the uPlot instance behind one of the page's chart elements (improvement-chart, compare-chart, …). */
export async function drawnChart(chart: Locator): Promise<DrawnChart> {
  return chart.evaluate((el) => {
    const u = (
      el as unknown as {
        chart: { data: (number | null)[][]; series: { label?: string; width?: number; dash?: number[] }[] };
      }
    ).chart;
    return {
      data: u.data.map((col) => [...col]),
      series: u.series.map((s) => ({ label: s.label ?? '', width: s.width ?? 0, dashed: (s.dash ?? []).length > 0 })),
    };
  });
}
