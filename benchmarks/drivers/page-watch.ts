/**
 * A driver's check that the page it drives still answers (loop-chromium.ts,
 * bench-chromium.ts).
 */
import type { Page } from 'playwright-core';

/**
 * How the driver tells a hung page from a busy one: it asks the page's main
 * thread for a trivial answer every `everyMs` and gives the run up when one
 * question stays unanswered for `timeoutMs`. The work runs in a worker, so
 * the page's thread stays free however long a step takes: only a page stuck
 * in a script (or a renderer that froze) leaves the question unanswered. A
 * dead worker needs no timer: the page itself reports it (src/ui/worker-life.ts).
 */
export interface PageWatch {
  everyMs: number;
  timeoutMs: number;
}

export const PAGE_WATCH: PageWatch = { everyMs: 5_000, timeoutMs: 120_000 };

/** Asks the page for an answer every `everyMs`; calls `hung` once a question has waited `timeoutMs`. */
export function watchPage(page: Page, watch: PageWatch, hung: (e: Error) => void): ReturnType<typeof setInterval> {
  let askedAt: number | null = null;
  const timer = setInterval(() => {
    if (askedAt === null) {
      const t = (askedAt = Date.now());
      // A failed question (the page navigating or closing) is an answer too: the other handlers see to those.
      void page
        .evaluate(() => 1)
        .catch(() => 1)
        .then(() => {
          if (askedAt === t) askedAt = null;
        });
    } else if (Date.now() - askedAt >= watch.timeoutMs) {
      clearInterval(timer);
      hung(
        new Error(
          `the page stopped responding (no answer for ${Math.round(watch.timeoutMs / 1000)} s); the run is abandoned`,
        ),
      );
    }
  }, watch.everyMs);
  return timer;
}
