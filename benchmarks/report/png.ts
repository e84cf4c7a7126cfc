/** Rasterises an SVG to PNG in headless Chromium (the project's browser for tests and drivers). */
import { launchChromium } from '../drivers/chromium';

export async function svgToPng(svg: string, width: number, height: number): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    return await page.locator('svg').screenshot();
  } finally {
    await browser.close();
  }
}
