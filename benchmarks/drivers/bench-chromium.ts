/**
 * A suite in the real app: build if needed, serve on 127.0.0.1, open the
 * Benchmark page (bench.html) with the suite in its hash and `autorun=1`,
 * and relay the worker's events back through an exposed function.
 */
import type { BenchEvent } from '../../src/core/bench/events';
import type { BenchResult } from '../../src/core/bench/result';
import { ensureBuilt } from './build';
import { launchChromium } from './chromium';
import { PAGE_WATCH, watchPage, type PageWatch } from './page-watch';
import { serveStatic } from './serve';
import type { TimingOptions } from '../../src/core/bench/policy';

export async function runBenchInChromium(
  root: string,
  suite: string,
  backends: string[],
  label: string,
  onEvent: (e: BenchEvent) => void,
  log: (line: string) => void,
  timing?: TimingOptions,
  watch: PageWatch = PAGE_WATCH,
): Promise<BenchResult> {
  const dist = await ensureBuilt(root, log);
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  try {
    const page = await browser.newPage();
    const hash = new URLSearchParams({ suite, backends: backends.join(','), label, autorun: '1' });
    if (timing) hash.set('minRegionMs', String(timing.minRegionMs));
    if (timing?.untilStable) hash.set('stable', String(timing.untilStable.maxMs / 1000));
    if (timing?.sustainedMinutes) hash.set('sustained', String(timing.sustainedMinutes));
    return await new Promise<BenchResult>((resolve, reject) => {
      page.on('pageerror', (err) => reject(new Error(`page error: ${err.message}`)));
      page.on('crash', () => reject(new Error('the page crashed')));
      void page
        .exposeFunction('__successorBenchEvent', (e: BenchEvent) => {
          onEvent(e);
          if (e.type === 'bench-done') resolve(e.result);
        })
        .then(() => page.goto(`${server.url}bench.html#${hash}`))
        .then(() => {
          heartbeat = watchPage(page, watch, reject);
        })
        .then(() =>
          page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.benchState ?? ''), undefined, {
            timeout: 0,
            polling: 500,
          }),
        )
        .then(async () => {
          // The page failed before bench-done (a bad request, a worker error): surface its message.
          const alert = await page
            .locator('successor-bench [role=alert]')
            .first()
            .textContent({ timeout: 1000 })
            .catch(() => null);
          reject(new Error(alert ?? 'the benchmark page stopped without a result'));
        })
        .catch(reject);
    });
  } finally {
    clearInterval(heartbeat);
    await browser.close();
    await server.close();
  }
}
