/**
 * Opens the built app in headless Chromium (WebGPU on SwiftShader) and
 * records what a test needs to assert on: console errors, page errors, and
 * every request that leaves the page's own origin.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../benchmarks/drivers/chromium';
import type { RunLog } from '../../src/core/runlog';

/** An open page plus what it did. */
export interface Harness {
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  close(): Promise<void>;
}

export async function openApp(baseUrl: string, hash = ''): Promise<Harness> {
  const browser = await launchChromium();
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreignRequests.push(u);
  });
  await page.goto(baseUrl + hash);
  return { browser, page, consoleErrors, foreignRequests, close: () => browser.close() };
}

/** Waits until the run ends, then returns the log the page left for automation. */
export async function waitForRun(page: Page, timeout = 240_000): Promise<RunLog> {
  await page.waitForFunction(
    () => ['done', 'stopped', 'error'].includes(document.body.dataset.runState ?? ''),
    undefined,
    { timeout, polling: 250 },
  );
  const state = await page.evaluate(() => document.body.dataset.runState);
  if (state === 'error')
    throw new Error(`the run failed: ${await page.locator('successor-app .status').textContent()}`);
  return (await page.evaluate(() => window.__successorLog)) as RunLog;
}
