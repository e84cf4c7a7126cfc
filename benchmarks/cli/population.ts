/**
 * `npm run bench:population -- [flags]`: the population suite (see
 * population-run.ts and `--help`). Same as `npm run bench -- --suite population`.
 */
import { resolve } from 'node:path';
import { runMain } from './args';
import { populationMain, type PopulationDrivers } from './population-main';

/** Both drivers, loaded only when used (the Chromium one brings Vite and Playwright). */
export const populationDrivers: PopulationDrivers = {
  node: async (root, backend) => (await import('../drivers/population-node')).nodePopulationDriver(root, backend),
  chromium: async (root, backend) =>
    (await import('../drivers/population-chromium')).chromiumPopulationDriver(root, backend),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(() => populationMain(process.argv.slice(2), resolve(import.meta.dirname, '../..'), populationDrivers));
}
