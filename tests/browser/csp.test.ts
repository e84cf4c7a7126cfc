/**
 * The Content-Security-Policy holds and the app still works under it: the
 * built pages carry it, markup injected into the page cannot run script, and
 * a run on the wasm backend (WebAssembly compiled in the worker, which gets
 * the header policy) finishes with no violation. The page is cross-origin
 * isolated, so that run uses tfjs-wasm's threaded build with more than one thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { distDir } from '../../benchmarks/drivers/build';
import { validateRunLog } from '../../src/core/runlog';
import { CSP_META } from '../../src/ui/csp';
import { openApp, waitForRun, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('Content-Security-Policy', () => {
  it('is in both built pages, before anything it governs', () => {
    for (const page of ['index.html', 'bench.html']) {
      const html = readFileSync(join(distDir(process.cwd()), page), 'utf8').replaceAll('&#39;', "'");
      const meta = html.indexOf('http-equiv="Content-Security-Policy"');
      expect(meta, page).toBeGreaterThan(0);
      expect(html).toContain(`content="${CSP_META}"`);
      expect(meta, page).toBeLessThan(html.indexOf('<style'));
      expect(meta, page).toBeLessThan(html.indexOf('<script'));
    }
  });

  it('stops injected markup from running script, and a wasm run still works', async () => {
    h = await openApp(baseUrl, '#task=xor&proposer=random&generations=2&population=2&steps=20&backend=wasm&seed=1');
    const blocked = await h.page.evaluate(async () => {
      const w = window as unknown as { injected?: boolean };
      const seen: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
      const div = document.createElement('div');
      div.innerHTML = '<img src="data:," onerror="window.injected = true">';
      document.body.append(div);
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 300));
      div.remove();
      s.remove();
      return { ran: w.injected === true, seen };
    });
    expect(blocked.ran).toBe(false);
    expect(blocked.seen.some((d) => d.startsWith('script-src'))).toBe(true);
    // The two refusals above are expected console errors; nothing after them is.
    h.consoleErrors.length = 0;
    await h.page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    await h.page.getByRole('button', { name: 'Start' }).click();
    const log = validateRunLog(await waitForRun(h.page));
    expect(log.status).toBe('done');
    expect(log.environment.backend).toBe('wasm');
    expect(h.consoleErrors).toEqual([]);
    expect(await h.page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    // tfjs-core keeps its engine on the global object: ask the lab worker's wasm backend which build
    // it loaded (only the threaded one has Emscripten's PThread) and how many threads XNNPACK has.
    // tfjs caps them at half the logical cores, so a 2-core machine has 1; more cores, more threads.
    // (tfjs's own thread workers, from blob: URLs, may be blocked waiting for work: not asked.)
    const found = await Promise.all(
      h.page
        .workers()
        .filter((w) => !w.url().startsWith('blob:'))
        .map((w) =>
          w.evaluate(() => {
            type Wasm = { PThread?: unknown; tfjs: { getThreadsCount(): number } };
            const engine = (self as { _tfengine?: { registry: { wasm?: { wasm: Wasm } } } })._tfengine;
            const wasm = engine?.registry.wasm?.wasm;
            return wasm ? { threaded: wasm.PThread !== undefined, threads: wasm.tfjs.getThreadsCount() } : null;
          }),
        ),
    );
    const cores = await h.page.evaluate(() => navigator.hardwareConcurrency);
    const wasm = found.find((f) => f !== null);
    expect(wasm?.threaded).toBe(true);
    expect(wasm?.threads).toBe(Math.max(1, Math.min(4, Math.floor(cores / 2))));
  });
});
