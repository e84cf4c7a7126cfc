import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { distDir } from '../../benchmarks/drivers/build';
import { openApp, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

// A run from an autorun link on WebGPU (adapter named, xor learned) and one from the Start button (no backend in
// the link) are checked by ui-lab.test.ts, in the two runs it makes anyway: each was a run of its own here.
describe('the loop in headless Chromium', () => {
  it('shows a clear message for an invalid link instead of starting', async () => {
    h = await openApp(baseUrl, '#task=nope&autorun=1');
    expect(await h.page.locator('successor-app [role=alert]').textContent()).toMatch(/task: must be one of spirals/);
    expect(await h.page.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
  });
});

describe('the page bundle', () => {
  it('contains no tfjs: the engine is only in the worker', () => {
    const dist = distDir(process.cwd());
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const main = readFileSync(join(dist, 'assets', entry!), 'utf8');
    // Strings every tfjs-core build contains; the page must load none of them.
    expect(main).not.toMatch(/registerKernel|tensorflow/i);
    const worker = readdirSync(join(dist, 'assets')).find((f) => f.startsWith('lab.worker'));
    expect(worker).toBeDefined();
  });
});
