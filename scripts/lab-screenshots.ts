/**
 * Screenshots of the lab for docs/screenshots, from real runs, all taken
 * MID-RUN (each is checked to be still running when taken): the Quick demo at
 * 1440×900 (improvement chart, decision boundary and whole lineage on one
 * screen) and on a phone, and the race (random vs evolution) at 1440×900.
 * Runs the dev server and headless Chromium; the backend is webgpu unless
 * BACKEND says otherwise:  [BACKEND=cpu] [ONLY=desktop|phone|race] npx tsx scripts/lab-screenshots.ts
 * With optipng on the PATH, each picture is then recompressed losslessly
 * (about a fifth smaller; `apt-get install optipng`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createServer } from 'vite';
import { launchChromium } from '../benchmarks/drivers/chromium';

const out = join(process.cwd(), 'docs', 'screenshots');
const server = await createServer({ root: process.cwd(), logLevel: 'warn', server: { port: 0, host: '127.0.0.1' } });
await server.listen();
const { port } = server.httpServer!.address() as { port: number };
const browser = await launchChromium();
const wait = { timeout: 900_000, polling: 500 };
/** The pictures this run wrote, for optipng. */
const written: string[] = [];
/** ONLY=desktop|phone|race retakes one picture. */
const only = (which: string): boolean => !process.env.ONLY || process.env.ONLY === which;

/** Fails loudly if the run ended before its picture was taken: these are mid-run screenshots. */
async function stillRunning(page: Page, what: string, state: 'runState' | 'raceState'): Promise<void> {
  const now = await page.evaluate((k) => document.body.dataset[k], state);
  if (now !== 'running') throw new Error(`${what}: the run had ended (${state} ${now}) before the screenshot`);
}

/** Starts the Quick demo at this viewport and takes its picture once `generations` are saved, while it still runs. */
async function demo(page: Page, generations: number, file: string, fullPage: boolean): Promise<void> {
  // The counter still holds the previous run's count until this run saves its first generation.
  await page.evaluate(() => (document.body.dataset.savedGenerations = '0'));
  await page.getByRole('button', { name: 'Quick demo' }).click();
  await page.waitForFunction((n) => Number(document.body.dataset.savedGenerations ?? 0) >= n, generations, wait);
  await page.locator('successor-app decision-boundary canvas').waitFor();
  await page.waitForTimeout(1000);
  await stillRunning(page, file, 'runState');
  await page.screenshot({ path: join(out, file), fullPage, timeout: 180_000 });
  written.push(join(out, file));
  // It may finish before Stop is pressed; either way the next run starts from an idle page.
  await page
    .getByRole('button', { name: 'Stop' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await page.waitForFunction(() => ['stopped', 'done'].includes(document.body.dataset.runState ?? ''), undefined, wait);
}

/** The race, once both runs have finished generation 1 (the standing then compares them). */
async function race(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Race: random vs evolution' }).click();
  await page.waitForFunction(
    () => {
      const standing = document
        .querySelector('successor-app')
        ?.shadowRoot?.querySelector('race-view')
        ?.shadowRoot?.querySelector('p.standing');
      return /^After generation [1-9]/.test(standing?.textContent ?? '');
    },
    undefined,
    wait,
  );
  await page.waitForTimeout(1000);
  await stillRunning(page, 'race', 'raceState');
  await page.screenshot({ path: join(out, 'lab-race-1440x900.png'), timeout: 180_000 });
  written.push(join(out, 'lab-race-1440x900.png'));
}

try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/#task=xor&backend=${process.env.BACKEND ?? 'webgpu'}`);
  // One run per picture: on a slow machine taking one can outlast the rest of the run.
  if (only('desktop')) await demo(page, 3, 'lab-quick-demo-1440x900.png', false);
  await page.setViewportSize({ width: 390, height: 844 });
  if (only('phone')) await demo(page, 2, 'lab-quick-demo-phone.png', true);

  if (only('race')) await race(page);
  console.log('wrote', written.join(', '));
  const png = written.length ? spawnSync('optipng', ['-quiet', '-o2', '-strip', 'all', ...written]) : null;
  if (png?.error) console.log('optipng not found: the pictures are left as Chromium wrote them');
} finally {
  await browser.close();
  await server.close();
}
