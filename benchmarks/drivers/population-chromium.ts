/**
 * The population suite in headless Chromium: builds a small page
 * (population-page.ts) into dist-population/ and drives it. On
 * machines without a GPU, Chromium's WebGPU runs on SwiftShader, a software
 * adapter.
 */
import { errorMessage } from '../../src/core/errors';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PopulationPageApi } from './population-page';
import type { PopulationDriver } from '../cli/population-run';

/** Builds the population page into dist-population/ (when its sources changed); returns the folder. */
export async function buildPopulationPage(root: string): Promise<string> {
  const out = join(root, 'dist-population');
  const { packDigits } = await import('../../scripts/pack-digits');
  packDigits(root);
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    base: './',
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8000,
      lib: { entry: join(root, 'benchmarks/drivers/population-page.ts'), formats: ['es'], fileName: () => 'page.js' },
    },
  });
  writeFileSync(
    join(out, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>population</title><script type="module" src="./page.js"></script>\n',
  );
  return out;
}

/** Opens the population page in headless Chromium; the caller closes it. */
export async function openPopulationPage(root: string): Promise<{
  call: <K extends keyof PopulationPageApi>(
    fn: K,
    ...args: Parameters<PopulationPageApi[K]>
  ) => Promise<Awaited<ReturnType<PopulationPageApi[K]>>>;
  userAgent: () => Promise<string>;
  close(): Promise<void>;
}> {
  const dist = await buildPopulationPage(root);
  const { serveStatic } = await import('./serve');
  const { launchChromium } = await import('./chromium');
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => 'successorPopulation' in globalThis, undefined, { timeout: 60_000 });
    return {
      call: async (fn, ...args) => {
        try {
          return (await page.evaluate(
            ([f, a]) =>
              (
                globalThis as unknown as { successorPopulation: Record<string, (...x: unknown[]) => unknown> }
              ).successorPopulation[f as string](...(a as unknown[])),
            [fn, args] as const,
          )) as never;
        } catch (e) {
          throw new Error(
            `${String(fn)} in Chromium: ${errorMessage(e).split('\n')[0]}${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`,
          );
        }
      },
      userAgent: () => page.evaluate(() => navigator.userAgent),
      close: async () => {
        await browser.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser.close();
    await server.close();
    throw e;
  }
}

export async function chromiumPopulationDriver(root: string, backend: string): Promise<PopulationDriver> {
  const page = await openPopulationPage(root);
  return {
    name: 'chromium',
    async setup() {
      const c = await page.call('setup', backend as 'webgpu');
      return { backend: c.backend, adapter: c.adapter, tfjsVersion: c.tfjs, runtime: c.userAgent };
    },
    measure: (model, k, steps, modes, repeats) => page.call('measure', model, k, steps, modes, 4, undefined, repeats),
    loop: (batchPopulation, over, matMul) => page.call('loop', batchPopulation, over, matMul),
    fusedTiles: () => page.call('fusedTiles'),
    close: () => page.close(),
  };
}
