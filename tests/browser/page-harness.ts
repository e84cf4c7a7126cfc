/**
 * Opens the built app in headless Chromium (WebGPU on SwiftShader) and
 * records what a test needs to assert on: console errors, page errors, and
 * every request that leaves the page's own origin.
 *
 * All test files share one Chromium (launched by global-setup.ts), each test
 * in browser contexts of its own (own IndexedDB, Web Locks and workers, as a
 * fresh browser would have): a launch and a cold browser's first page cost
 * seconds of both cores on the 2-core CI machine.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, inject } from 'vitest';
import type { RunLog } from '../../src/core/runlog';

/** An open page plus what it did. */
export interface Harness {
  /** The shared Chromium: a page or context the test opens in it is closed with the harness. */
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  close(): Promise<void>;
}

let shared: Promise<Browser> | null = null;
// Registered when a test file imports this module: the file's connection (and any context left open) ends with the file.
afterAll(async () => {
  const browser = await shared?.catch(() => null);
  shared = null;
  await browser?.close();
});

/** The test file's connection to the shared Chromium, made on first use (again if it broke). */
async function fileBrowser(): Promise<Browser> {
  const connected = await shared?.catch(() => null);
  if (connected?.isConnected()) return connected;
  shared = chromium.connect(inject('chromiumWs'));
  return shared;
}

/**
 * Opens the app at `baseUrl + hash` in a new context of the file's Chromium;
 * `beforeLoad` sees the page before it loads (to hook its workers).
 */
export async function openApp(baseUrl: string, hash = '', beforeLoad?: (page: Page) => void): Promise<Harness> {
  const browser = await fileBrowser();
  const page = await (await browser.newContext()).newPage();
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
  beforeLoad?.(page);
  await page.goto(baseUrl + hash);
  return {
    browser,
    page,
    consoleErrors,
    foreignRequests,
    // Every context of the shared browser: the page's, and any the test opened beside it.
    close: async () => void (await Promise.all(browser.contexts().map((c) => c.close()))),
  };
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
