/**
 * Headless Chromium with WebGPU: Debian's Chromium (or CHROME_PATH) driven
 * by playwright-core. The flags give WebGPU on SwiftShader's Vulkan on
 * machines without a GPU; without the Vulkan flags readbacks have been seen
 * to return wrong values (see shared/DESIGN.md).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Path of the Chromium binary to drive. */
export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(`no Chromium at ${path}: install it (apt-get install -y chromium) or set CHROME_PATH`);
  return path;
}

/** Launches headless Chromium with WebGPU enabled. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** The same Chromium as a server that several clients connect to (the browser tests: one launch for the run). */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
