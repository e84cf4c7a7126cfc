/**
 * `npm start` on a fresh clone: the dev server has nothing pre-bundled. A
 * Start pressed at once must complete its run. The dev server used to find
 * the worker's dependencies (tfjs) only when the run began, bundle them a
 * second time and reload the page, which lost the run; vite.config.ts now
 * names them up front, so dependencies are bundled once and the page loads once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createServer, type ViteDevServer } from 'vite';
import { afterEach, expect, it } from 'vitest';
import { launchChromium } from '../../benchmarks/drivers/chromium';
import type { Browser } from 'playwright-core';

let server: ViteDevServer | null = null;
let browser: Browser | null = null;
let cacheDir = '';
afterEach(async () => {
  await browser?.close();
  await server?.close();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  browser = server = null;
});

it('a Start pressed right after a cold dev-server start completes its run, with no reload', async () => {
  // An empty cache directory is what a fresh clone has.
  cacheDir = mkdtempSync(join(tmpdir(), 'successor-vite-cold-'));
  const logger = createLogger('warn');
  const bundlings: string[] = [];
  const info = logger.info.bind(logger);
  logger.info = (msg, opts) => {
    if (msg.includes('bundling dependencies')) bundlings.push(msg);
    info(msg, opts);
  };
  server = await createServer({
    root: process.cwd(),
    cacheDir,
    customLogger: logger,
    server: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as { port: number };

  browser = await launchChromium();
  const page = await browser.newPage();
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(
    `http://127.0.0.1:${port}/#task=xor&proposer=evolution&generations=2&population=2&steps=20&seed=3&backend=cpu`,
  );
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(
    () => ['done', 'stopped', 'error'].includes(document.body.dataset.runState ?? ''),
    undefined,
    { timeout: 180_000, polling: 250 },
  );

  expect(await page.evaluate(() => document.body.dataset.runState)).toBe('done');
  expect(await page.evaluate(() => window.__successorLog?.generations.length)).toBe(2);
  expect(loads).toBe(1);
  // Everything the page and its workers import was found by the first scan.
  expect(bundlings).toHaveLength(1);
});
