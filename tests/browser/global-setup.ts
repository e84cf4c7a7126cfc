/**
 * Builds the app once (when sources changed) and serves dist/ on 127.0.0.1
 * for every browser test file; `inject('baseUrl')` gives its address.
 * Launches the one Chromium the test files connect to (`inject('chromiumWs')`,
 * see page-harness.ts): a launch and a cold first page cost seconds each.
 */
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../../benchmarks/drivers/build';
import { launchChromiumServer } from '../../benchmarks/drivers/chromium';
import { serveStatic } from '../../benchmarks/drivers/serve';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Where the run's shared Chromium listens (playwright's `chromium.connect`). */
    chromiumWs: string;
  }
}

export default async function setup(project: TestProject) {
  const dist = await ensureBuilt(process.cwd());
  const server = await serveStatic(dist);
  project.provide('baseUrl', server.url);
  const chromium = await launchChromiumServer();
  project.provide('chromiumWs', chromium.wsEndpoint());
  return async () => {
    await chromium.close();
    await server.close();
  };
}
