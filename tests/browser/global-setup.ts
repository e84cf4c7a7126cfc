/**
 * Builds the app once (when sources changed) and serves dist/ on 127.0.0.1
 * for every browser test file; `inject('baseUrl')` gives its address.
 */
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../../benchmarks/drivers/build';
import { serveStatic } from '../../benchmarks/drivers/serve';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dist = await ensureBuilt(process.cwd());
  const server = await serveStatic(dist);
  project.provide('baseUrl', server.url);
  return () => server.close();
}
