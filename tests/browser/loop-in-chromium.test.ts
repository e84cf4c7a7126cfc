import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { distDir } from '../../benchmarks/drivers/build';
import { validateRunLog } from '../../src/core/runlog';
import { openApp, waitForRun, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('the loop in headless Chromium', () => {
  it('runs from an autorun link on WebGPU in the worker, and the log names the adapter', async () => {
    h = await openApp(
      baseUrl,
      '#task=xor&proposer=evolution&generations=3&population=3&steps=60&backend=webgpu&seed=7&autorun=1',
    );
    const log = validateRunLog(await waitForRun(h.page));
    expect(log.status).toBe('done');
    expect(log.environment.backend).toBe('webgpu');
    expect(log.environment.adapter).not.toBeNull();
    expect(log.environment.adapter!.vendor.length + log.environment.adapter!.architecture.length).toBeGreaterThan(0);
    expect(log.environment.userAgent).toMatch(/Chrome/);
    expect(log.config).toMatchObject({
      task: 'xor',
      proposer: 'evolution',
      generations: 3,
      population: 3,
      steps: 60,
      seed: 7,
    });
    expect(log.generations).toHaveLength(3);
    expect(log.candidates).toHaveLength(1 + 3 + 3);
    // Training on the GPU must actually learn xor, not just finish.
    expect(log.generations[2].championValAccuracy).toBeGreaterThan(0.8);
    await h.page.locator('successor-app tbody tr').nth(2).waitFor();
    expect(await h.page.locator('successor-app tbody tr').count()).toBe(3);
    expect(h.consoleErrors).toEqual([]);
    expect(h.foreignRequests).toEqual([]);
  });

  it('starts from the page with the Start button and shows each generation', async () => {
    h = await openApp(baseUrl, '#task=moons&proposer=random&generations=2&population=2&steps=40&seed=3');
    expect(await h.page.locator('successor-app tbody tr').count()).toBe(0);
    await h.page.getByRole('button', { name: 'Start' }).click();
    const log = await waitForRun(h.page);
    expect(log.candidates.map((c) => c.generation)).toEqual([0, 1, 1]);
    expect(await h.page.locator('successor-app [role=status]').textContent()).toContain('Done');
    expect(h.consoleErrors).toEqual([]);
  });

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
