/**
 * `npm run bench -- [flags]`: a benchmark suite on several backends side by
 * side, in headless Chromium (default) or in Node. See `--help`, the README's
 * "Benchmark mode", and bench-main.ts.
 */
import { resolve } from 'node:path';
import { runMain } from './args';
import { benchMain, type BenchDrivers } from './bench-main';
import { populationDrivers } from './population';

if (import.meta.url === `file://${process.argv[1]}`) {
  const drivers: BenchDrivers = {
    node: async (...a) => (await import('../drivers/bench-node')).runBenchInNode(...a),
    chromium: async (...a) => (await import('../drivers/bench-chromium')).runBenchInChromium(...a),
    population: populationDrivers,
  };
  runMain(() => benchMain(process.argv.slice(2), resolve(import.meta.dirname, '../..'), drivers));
}
