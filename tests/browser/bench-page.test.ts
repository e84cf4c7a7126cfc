import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { distDir } from '../../benchmarks/drivers/build';
import { validateBenchResult } from '../../src/core/bench/validate';
import { openApp, type Harness } from './page-harness';
import { downloadText, screenshotDir } from './ui-helpers';

const baseUrl = inject('baseUrl');
const BENCH = `${baseUrl}bench.html`;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const benchState = (page: Harness['page']) => page.evaluate(() => document.body.dataset.benchState);

describe('the Benchmark page', () => {
  it('runs a suite from a link, shows the table and charts, and exports a valid JSON', async () => {
    // With a short sustained run after the suite: 12 s in windows of at least 5 s, so two windows (the trace's
    // last point comes after 12 s, and a window closes at the first point past each 5 s).
    h = await openApp(BENCH, '#suite=quick&backends=cpu&label=page%20test&sustained=0.2&autorun=1');
    await h.page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.benchState ?? ''), undefined, {
      timeout: 200_000,
      polling: 250,
    });
    expect(await benchState(h.page)).toBe('done');
    const app = h.page.locator('successor-bench');
    // A score with its 95% interval, and the verdict line above the table.
    expect(await app.locator('tr.score td').nth(1).textContent()).toMatch(/^[\d,.]+ \[[\d,.]+, [\d,.]+\]$/);
    expect(await app.locator('ul.verdict li').first().textContent()).toMatch(/^CPU on this device: score [\d,.]+ \[/);
    expect(await app.locator('tr[data-key="matmul/square-256/gflops"]').count()).toBe(1);
    expect(await app.locator('figure svg').count()).toBeGreaterThanOrEqual(5);
    // Each matmul as a share of the backend's measured peak, and the sustained run over time.
    expect(await app.locator('tr[data-key="matmul/mlp-64x784x64/peakShare"] td').nth(1).textContent()).toMatch(
      /^[\d.]+$/,
    );
    const points = await app.locator('figure svg[aria-label="Sustained run: throughput over time"] circle').count();
    expect(points).toBeGreaterThanOrEqual(2);
    // UPDATE_SCREENSHOTS=1 writes it to docs/screenshots: the page with its verdict and intervals.
    await h.page.setViewportSize({ width: 1280, height: 900 });
    await h.page.screenshot({ path: join(screenshotDir(), 'bench-page-intervals.png'), fullPage: true });
    const download = h.page.waitForEvent('download');
    await h.page.getByRole('button', { name: 'Export JSON' }).click();
    const result = validateBenchResult(JSON.parse(await downloadText(await download)));
    expect(result).toMatchObject({ label: 'page test', suite: { name: 'quick' }, environment: { driver: 'page' } });
    expect(result.backends[0]).toMatchObject({ backend: 'cpu', status: 'ok' });
    expect(result.backends[0].sustained?.windows).toHaveLength(points);
    expect(result.backends[0].matmulPeak?.gflops).toBeGreaterThan(0);
    expect(h.consoleErrors).toEqual([]);
    expect(h.foreignRequests).toEqual([]);
  });

  it('loads result files to compare devices, and names a bad file', async () => {
    h = await openApp(BENCH, '');
    const ref = JSON.parse(readFileSync('tests/fixtures/bench/reference-quick-v3-schema1.json', 'utf8'));
    const other = { ...ref, label: 'other device' };
    await h.page.locator('successor-bench input[type=file]').setInputFiles([
      { name: 'ref.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ref)) },
      { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) },
      {
        name: 'broken.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ ...ref, schemaVersion: 9 })),
      },
    ]);
    const app = h.page.locator('successor-bench');
    await app.locator('ul.loaded li').nth(1).waitFor();
    const headers = await app.locator('table.results thead tr').first().locator('th').allTextContents();
    expect(headers.slice(1)).toEqual(
      ref.backends
        .flatMap((b: { backend: string }) => [`${ref.label} · ${b.backend}`])
        .concat(ref.backends.map((b: { backend: string }) => `other device · ${b.backend}`)),
    );
    expect(await app.locator('[role=alert]').allTextContents()).toEqual([
      'broken.json: schemaVersion: is 9; this version reads 1 and 2',
    ]);
    expect(await app.locator('figure svg').count()).toBeGreaterThanOrEqual(5);
    // A schemaVersion 1 file shows the median's interval, recomputed from its samples: the mean's
    // t-interval it recorded, [597, 641], left the median 645 outside.
    expect(await app.locator('tr[data-key="train/spirals-mlp-32-32/samplesPerSec"] td').nth(1).textContent()).toBe(
      '645 [610, 658]',
    );
    // Another suite beside them: said to be not comparable.
    const standard = readFileSync('benchmarks/results/reference-standard.json');
    await h.page
      .locator('successor-bench input[type=file]')
      .setInputFiles([{ name: 'standard.json', mimeType: 'application/json', buffer: standard }]);
    await app.locator('ul.loaded li').nth(2).waitFor();
    expect(await app.locator('p.warn').textContent()).toBe(
      'These results are of different suites or versions (quick v3, standard v3): their figures and scores are not comparable.',
    );
  });

  it('refuses an unknown suite or backend in the link', async () => {
    h = await openApp(BENCH, '#suite=huge&autorun=1');
    expect(await h.page.locator('successor-bench [role=alert]').textContent()).toMatch(/Unknown suite "huge"/);
    expect(await benchState(h.page)).toBe('error');
  });

  it('ships its own bundle without tfjs; the engine is only in the benchmark worker', () => {
    const dist = distDir(process.cwd());
    const html = readFileSync(join(dist, 'bench.html'), 'utf8');
    const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toMatch(/^bench-/);
    expect(readFileSync(join(dist, 'assets', entry!), 'utf8')).not.toMatch(/registerKernel|tensorflow/i);
    expect(readdirSync(join(dist, 'assets')).some((f) => f.startsWith('bench.worker'))).toBe(true);
  });
});
