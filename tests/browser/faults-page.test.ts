/**
 * Fault injection in the real page (headless Chromium, the real worker and
 * IndexedDB): the training worker dies, the WebGPU device is lost, the
 * storage is full, a second tab holds a stale "Continue" banner. In each, no
 * result may be lost silently and nothing may hang.
 *
 * The worker dies by `self.close()` (no message reaches the page, as after a
 * crash), or throws an uncaught error (the Worker's `error` event); the device is lost by `GPUDevice.destroy()` on the device tfjs
 * requested, captured by wrapping `GPUAdapter.requestDevice` in each worker.
 */
import type { Page, Worker } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { runLoopInChromium } from '../../benchmarks/drivers/loop-chromium';
import { parseConfig } from '../../src/core/config';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { openApp, waitForRun, type Harness } from './page-harness';
import { download, waitForSaved } from './ui-helpers';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const cpu = (extra = '') =>
  `#task=xor&proposer=evolution&generations=4&population=2&steps=60&seed=5&backend=cpu${extra}`;

/** Waits for the page's run to end in `state` (done, stopped or error). */
const waitForState = (page: Page, state: string) =>
  page.waitForFunction((s) => document.body.dataset.runState === s, state, { timeout: 240_000, polling: 200 });

/** The page's saved record of its only run, read straight from IndexedDB. */
async function savedRuns(page: Page): Promise<{ id: string; savedAt: string; log: RunLog }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('successor-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('runs').objectStore('runs').getAll();
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

const runLocksHeld = (page: Page) =>
  page.evaluate(async () =>
    ((await navigator.locks.query()).held ?? []).map((l) => l.name ?? '').filter((n) => n.startsWith('successor-run-')),
  );

const kill = (workers: Worker[]) => Promise.all(workers.map((w) => w.evaluate('self.close()').catch(() => undefined)));

/** Candidates and generations without wall times (and the hash chain, which covers them). */
const sameRun = (log: RunLog) =>
  JSON.parse(
    JSON.stringify({
      candidates: log.candidates.map((c) => ({ ...c, trainMs: 0, hash: '' })),
      generations: log.generations.map((g) => ({ ...g, ms: 0, hash: '' })),
    }),
  ) as unknown;

describe('the page under faults', () => {
  it('a dead worker is reported, its lock released, and Continue (inherit on) gives the uninterrupted run', async () => {
    h = await openApp(baseUrl, cpu('&inherit=true&autorun=1'));
    const page = h.page;
    await waitForSaved(page, 2);
    await kill(page.workers());
    await waitForState(page, 'error');
    expect(await page.locator('successor-app .status').textContent()).toMatch(/training worker stopped/);
    expect(await runLocksHeld(page)).toEqual([]);
    const [failed] = await savedRuns(page);
    expect(failed.log.status).toBe('error');
    expect(failed.log.generations.length).toBeGreaterThanOrEqual(2);

    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.waitForFunction(() => document.body.dataset.runState === 'running');
    const resumed = validateRunLog(await waitForRun(page));
    expect(resumed.status).toBe('done');
    expect(resumed.interruptions?.[0]).toMatchObject({
      generation: failed.log.generations.length,
      reason: expect.stringMatching(/training worker stopped/),
    });
    expect(resumed.candidates.some((c) => c.generation >= failed.log.generations.length && c.inherited)).toBe(true);

    const fresh = await h.browser.newPage();
    await fresh.goto(baseUrl + cpu('&inherit=true&autorun=1'));
    expect(sameRun(resumed)).toEqual(sameRun(validateRunLog(await waitForRun(fresh))));
  });

  it('a worker that throws an uncaught error is reported through its error event, its lock released, and Continue offered', async () => {
    h = await openApp(baseUrl, cpu('&autorun=1'));
    const page = h.page;
    await waitForSaved(page, 1);
    // Thrown from a timer, outside any call the page made: nothing in the worker catches it, so it reaches
    // the page only as the Worker's `error` event. The worker itself lives on: its life lock is no help here.
    await Promise.all(
      page
        .workers()
        .map((w) => w.evaluate('setTimeout(() => { throw new Error("injected fault") })').catch(() => undefined)),
    );
    await waitForState(page, 'error');
    expect(await page.locator('successor-app .status').textContent()).toMatch(
      /training worker failed: .*injected fault/,
    );
    expect(await runLocksHeld(page)).toEqual([]);
    const [failed] = await savedRuns(page);
    expect(failed.log.status).toBe('error');
    expect(failed.log.error).toMatch(/injected fault/);
    expect(failed.log.generations.length).toBeGreaterThanOrEqual(1);

    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    const resumed = validateRunLog(await waitForRun(page));
    expect(resumed.status).toBe('done');
    expect(resumed.generations).toHaveLength(4);
    expect(resumed.interruptions?.[0]?.reason).toMatch(/injected fault/);
  });

  it('a lost WebGPU device ends the run as error with its whole generations, and Continue finishes it on a fresh device', async () => {
    // The capture is in place before the page loads, so before its first worker starts.
    const capture = (page: Page) =>
      page.on('worker', (w) => {
        void w
          .evaluate(
            `(() => {
        const request = GPUAdapter.prototype.requestDevice;
        GPUAdapter.prototype.requestDevice = async function (...args) {
          const device = await request.apply(this, args);
          (self.__devices ??= []).push(device);
          return device;
        };
      })()`,
          )
          .catch(() => undefined);
      });
    h = await openApp(
      baseUrl,
      '#task=xor&proposer=evolution&generations=3&population=2&steps=30&seed=5&backend=webgpu&autorun=1',
      capture,
    );
    const page = h.page;
    await waitForSaved(page, 1);
    await Promise.all(
      page.workers().map((w) => w.evaluate('for (const d of self.__devices ?? []) d.destroy()').catch(() => undefined)),
    );
    await waitForState(page, 'error');
    expect(await page.locator('successor-app .status').textContent()).toMatch(/WebGPU device was lost/);
    const [failed] = await savedRuns(page);
    expect(failed.log.status).toBe('error');
    expect(failed.log.error).toMatch(/WebGPU device was lost .*completed generations are kept/);
    expect(failed.log.generations.length).toBeGreaterThanOrEqual(1);
    expect(failed.log.generations.length).toBeLessThan(3);
    // No child that failed on the dead device is kept.
    expect(failed.log.candidates.filter((c) => c.status === 'failed')).toEqual([]);

    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    const resumed = validateRunLog(await waitForRun(page));
    expect(resumed.status).toBe('done');
    expect(resumed.generations).toHaveLength(3);
    expect(resumed.environment.backend).toBe('webgpu');
    expect(resumed.interruptions).toEqual([
      { generation: failed.log.generations.length, reason: failed.log.error, backend: 'webgpu' },
    ]);
  });

  it('a save into full storage is shown, with the run offered as JSON', async () => {
    h = await openApp(baseUrl, '#task=xor&proposer=evolution&generations=2&population=2&steps=30&seed=5&backend=cpu');
    const page = h.page;
    await page.getByRole('button', { name: 'Start' }).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseUrl).origin, quotaSize: 1 });
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForState(page, 'done');
    const alert = page.getByRole('alert').filter({ hasText: 'could not be saved' });
    await alert.waitFor();
    const { text } = await download(page, alert.getByRole('button', { name: 'Export JSON' }));
    const exported = validateRunLog(JSON.parse(text));
    expect(exported.status).toBe('done');
    expect(exported.generations).toHaveLength(2);
  });

  it('a stale "Continue the interrupted run" in a second tab never overwrites the finished run', async () => {
    // Tabs of one browser profile (the harness page's context): they share IndexedDB and Web Locks.
    h = await openApp(baseUrl, cpu('&autorun=1'));
    const a = h.page;
    const context = a.context();
    await waitForSaved(a, 2);
    await a.close();
    const [b, c] = [await context.newPage(), await context.newPage()];
    for (const p of [b, c]) {
      await p.goto(baseUrl + cpu());
      await p.getByRole('button', { name: 'Continue the interrupted run' }).waitFor();
    }
    await b.getByRole('button', { name: 'Continue the interrupted run' }).click();
    const finished = validateRunLog(await waitForRun(b));
    expect(finished.status).toBe('done');
    const [before] = await savedRuns(b);

    await c.getByRole('button', { name: 'Continue the interrupted run' }).click();
    await c.getByRole('alert').filter({ hasText: 'changed in another tab' }).waitFor();
    expect(await c.getByRole('region', { name: 'Interrupted run' }).count()).toBe(0);
    expect(await c.evaluate(() => document.body.dataset.runState)).toBeUndefined();
    const [after] = await savedRuns(c);
    expect(after.savedAt).toBe(before.savedAt);
    expect(after.log.status).toBe('done');
    expect(after.log.generations).toHaveLength(4);
  });
});

describe('the benchmark page under faults', () => {
  it('reports a dead benchmark worker instead of waiting forever', async () => {
    h = await openApp(`${baseUrl}bench.html`, '#suite=quick&backends=cpu&label=faults&autorun=1');
    const page = h.page;
    // The suite's worker is at work (the page's first worker, which only lists the backends, is gone by then
    // or goes with it) and holds its life lock: its death can be seen.
    await expect
      .poll(() => page.locator('successor-bench [role=status]').textContent(), { timeout: 60_000 })
      .toMatch(/Computing the CPU reference|\(\d+ of \d+\)/);
    await page.waitForFunction(
      async () => ((await navigator.locks.query()).held ?? []).some((l) => l.name?.startsWith('successor-worker-')),
      null,
      { timeout: 60_000, polling: 200 },
    );
    expect(await page.evaluate(() => document.body.dataset.benchState)).toBe('running');
    await kill(page.workers());
    await page.waitForFunction(() => document.body.dataset.benchState === 'error', null, { timeout: 60_000 });
    expect(await page.locator('successor-bench [role=alert]').first().textContent()).toMatch(
      /The benchmark failed: the benchmark worker stopped/,
    );
  });
});

describe('the page before a huge run', () => {
  it('announces its candidates and FLOPs before Start, flags it as large, and starts nothing', async () => {
    h = await openApp(
      baseUrl,
      '#task=spirals&proposer=evolution&generations=1000&population=1024&steps=1000000&seed=1&backend=cpu',
    );
    const estimate = h.page.locator('successor-app run-controls #estimate');
    await expect
      .poll(() => estimate.textContent())
      .toMatch(
        /^This run: ~1,022,977 candidates, .* training FLOPs in all\. Time on this device: .*A large run: it may take hours or days here\./,
      );
    expect(await estimate.getAttribute('class')).toBe('error');
    // An ordinary run is announced without the warning.
    await h.page.evaluate(
      () =>
        (location.hash = '#task=spirals&proposer=evolution&generations=3&population=4&steps=100&seed=1&backend=cpu'),
    );
    await expect.poll(() => estimate.textContent()).toMatch(/^This run: ~9 candidates/);
    expect(await estimate.textContent()).not.toMatch(/large run/);
    expect(await h.page.evaluate(() => document.body.dataset.runState)).toBeUndefined();
  });
});

describe('npm run loop --driver chromium under faults', () => {
  const config = parseConfig({
    task: 'xor',
    proposer: 'evolution',
    generations: 4,
    population: 2,
    steps: 60,
    seed: 5,
    backend: 'cpu',
  });

  it('ends with the dead worker named and its whole generations kept, instead of waiting forever', async () => {
    let page: Page | null = null;
    let killed = false;
    const run = runLoopInChromium(
      process.cwd(),
      config,
      (e) => {
        if (e.type === 'generation-done' && e.summary.index === 1 && !killed) {
          killed = true;
          void kill(page?.workers() ?? []);
        }
      },
      () => undefined,
      (p) => (page = p),
    );
    // What `npm run loop` then writes to --out (and exits 1): the run as the page kept it.
    const failed = validateRunLog(await run);
    expect(killed).toBe(true);
    expect(failed.status).toBe('error');
    expect(failed.error).toMatch(/training worker stopped/);
    expect(failed.generations.length).toBeGreaterThanOrEqual(2);
    expect(failed.generations.length).toBeLessThan(4);
    expect(failed.candidates.every((c) => c.generation < failed.generations.length)).toBe(true);
  });

  it('gives up with a clear message when the page itself stops responding, instead of waiting forever', async () => {
    // The worker lives on and holds its lock, so the page's own check sees nothing wrong: only the driver's
    // question to the page's main thread, which a script stuck in a loop never answers, ends the wait.
    let page: Page | null = null;
    let hung = false;
    const run = runLoopInChromium(
      process.cwd(),
      config,
      (e) => {
        if (e.type === 'generation-done' && !hung) {
          hung = true;
          void page?.evaluate('setTimeout(() => { for (;;); })').catch(() => undefined);
        }
      },
      () => undefined,
      (p) => (page = p),
      {},
      { everyMs: 500, timeoutMs: 10_000 },
    );
    await expect(run).rejects.toThrow(/the page stopped responding \(no answer for 10 s\)/);
    expect(hung).toBe(true);
  });
});
