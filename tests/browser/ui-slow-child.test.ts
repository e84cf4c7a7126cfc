/**
 * A child that takes minutes shows signs of life: the page warns before a
 * run whose children will be slow here, and while a convnet trains on the
 * CPU backend (seconds a step, like one on a software GPU adapter) the
 * status line counts its steps and estimates the time left, long before
 * its first loss read-back.
 */
import { afterEach, expect, inject, it } from 'vitest';
import { openApp, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const CNN = JSON.stringify({
  hyper: { optimizer: 'adam', learningRate: 0.003, batchSize: 64, weightDecay: 0, dropout: 0 },
  arch: { family: 'cnn', blocks: [{ filters: 16, kernel: 5, pool: false }], activation: 'relu', head: [] },
});

it('counts a slow child’s steps and estimates the time left, after warning before Start', async () => {
  h = await openApp(
    baseUrl,
    `#task=digits&proposer=random&generations=2&population=1&steps=400&progressEvery=400&seed=1&backend=cpu&seedGenome=${encodeURIComponent(CNN)}`,
  );
  const page = h.page;
  const status = page.locator('successor-app [role=status]');
  await expect
    .poll(() => page.locator('successor-app p.warn').textContent())
    .toMatch(/may be slow here: on the cpu backend/);
  await page.getByRole('button', { name: 'Start' }).click();

  const stepOf = async () =>
    Number(/step (\d+) of 400, about \d+ (s|min) left/.exec((await status.textContent()) ?? '')?.[1] ?? 0);
  await expect.poll(stepOf, { timeout: 120_000, interval: 250 }).toBeGreaterThan(0);
  const first = await stepOf();
  await expect.poll(stepOf, { timeout: 60_000, interval: 250 }).toBeGreaterThan(first);
  // No loss has been read back yet: the steps are the only sign of life.
  expect(await status.textContent()).toMatch(/^Generation 0: training the seed model/);
  expect(h.consoleErrors).toEqual([]);
});
