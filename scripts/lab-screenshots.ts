/**
 * Screenshots of the lab for docs/screenshots: the Quick demo mid-run at
 * 1440×900 (improvement chart, decision boundary and lineage on one screen)
 * and on a phone. Runs the dev server and headless Chromium; the backend is
 * webgpu unless BACKEND says otherwise:  [BACKEND=cpu] npx tsx scripts/lab-screenshots.ts
 */
import { join } from 'node:path';
import { createServer } from 'vite';
import { launchChromium } from '../benchmarks/drivers/chromium';

const out = join(process.cwd(), 'docs', 'screenshots');
const server = await createServer({ root: process.cwd(), logLevel: 'warn', server: { port: 0, host: '127.0.0.1' } });
await server.listen();
const { port } = server.httpServer!.address() as { port: number };
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/#task=xor&backend=${process.env.BACKEND ?? 'webgpu'}`);
  await page.getByRole('button', { name: 'Quick demo' }).click();
  await page.waitForFunction(() => Number(document.body.dataset.savedGenerations ?? 0) >= 3, undefined, {
    timeout: 900_000,
    polling: 500,
  });
  await page.locator('successor-app decision-boundary canvas').waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, 'lab-quick-demo-1440x900.png'), timeout: 180_000 });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, 'lab-quick-demo-phone.png'), fullPage: true, timeout: 180_000 });
  console.log('wrote', out);
} finally {
  await browser.close();
  await server.close();
}
