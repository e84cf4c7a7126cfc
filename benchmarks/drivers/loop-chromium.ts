/**
 * The loop in the real app: build if needed, serve on 127.0.0.1, open the
 * page with the config in its hash and `autorun=1`, and relay the worker's
 * events back through an exposed function. Oversight goes through the
 * page's automation hooks (src/ui/automation.ts): approvals are answered by
 * an exposed `__successorApprove`, a pause by `__successorControl`.
 */
import type { Page } from 'playwright-core';
import type { RunConfig } from '../../src/core/config';
import type { ApprovalRequest, Decision } from '../../src/core/oversight/approval';
import { configToHash } from '../../src/core/hash';
import type { RunLog } from '../../src/core/runlog';
import type { LoopEvent } from '../../src/engine/events';
import { ensureBuilt } from './build';
import { launchChromium } from './chromium';
import { PAGE_WATCH, watchPage, type PageWatch } from './page-watch';
import { serveStatic } from './serve';

/** Who answers the page's run: approvals, and whether anyone can resume a pause. */
export interface PageOversight {
  approve?: (req: ApprovalRequest) => Promise<Decision>;
  /** No one can resume a pause: a `pause` trip stops the run (see LoopHost.unattended). */
  unattended?: boolean;
}

/** Resumes or stops the page's paused run (what a person at the terminal said). */
export interface PageRunControl {
  resume(): void;
  stop(): void;
}

type Hooks = { __successorControl?: (c: 'resume' | 'stop') => void; __successorUnattended?: boolean };

/**
 * Runs the loop in the page; settles when the page reports the end of the run:
 * a `run-done`, or an `error` (the page reports a dead worker as one), which
 * resolves with the log the page kept (status `error`, its whole generations)
 * or, if it kept none, rejects; a page error, a crash, or a page that stops
 * answering (`watch`) rejects. `onPage` sees the page before it loads
 * (fault-injection tests).
 */
export async function runLoopInChromium(
  root: string,
  config: RunConfig,
  onEvent: (e: LoopEvent, control: PageRunControl) => void,
  log: (line: string) => void,
  onPage?: (page: Page) => void,
  oversight: PageOversight = {},
  watch: PageWatch = PAGE_WATCH,
): Promise<RunLog> {
  const dist = await ensureBuilt(root, log);
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  try {
    const page = await browser.newPage();
    onPage?.(page);
    const command = (c: 'resume' | 'stop') =>
      void page.evaluate((c) => (window as unknown as Hooks).__successorControl?.(c), c).catch(() => {});
    const control: PageRunControl = { resume: () => command('resume'), stop: () => command('stop') };
    if (oversight.unattended)
      await page.addInitScript(() => ((window as unknown as Hooks).__successorUnattended = true));
    if (oversight.approve) await page.exposeFunction('__successorApprove', oversight.approve);
    return await new Promise<RunLog>((resolve, reject) => {
      page.on('pageerror', (err) => reject(new Error(`page error: ${err.message}`)));
      page.on('crash', () => reject(new Error('the page crashed')));
      void page
        .exposeFunction('__successorEvent', (e: LoopEvent) => {
          onEvent(e, control);
          if (e.type === 'run-done') resolve(e.log);
          // A failed run (a dead worker, a lost device) is kept with its whole generations, as the page keeps it.
          if (e.type === 'error')
            void failedLog(page).then((failed) => (failed ? resolve(failed) : reject(new Error(e.message))));
        })
        .then(() => page.goto(server.url + configToHash(config, true)))
        .then(async () => {
          heartbeat = watchPage(page, watch, reject);
          // A config the page refuses never starts: surface its message.
          const alert = await page
            .locator('successor-app [role=alert]')
            .textContent({ timeout: 2000 })
            .catch(() => null);
          if (alert) reject(new Error(alert));
        })
        .catch(reject);
    });
  } finally {
    clearInterval(heartbeat);
    await browser.close();
    await server.close();
  }
}

/** The log the page kept after an `error` (status `error`, whole generations), once it has settled the run; else null. */
async function failedLog(page: Page): Promise<RunLog | null> {
  try {
    await page.waitForFunction(() => document.body.dataset.runState === 'error', null, {
      timeout: 30_000,
      polling: 100,
    });
    const log = await page.evaluate(() => (window as { __successorLog?: RunLog }).__successorLog ?? null);
    return log?.status === 'error' ? log : null;
  } catch {
    return null;
  }
}
