/**
 * `npm run bench -- [flags]`: a benchmark suite on several backends side by
 * side, in headless Chromium (default) or in Node. See `--help`, the README's
 * "Benchmark mode", and bench-main.ts.
 */
import { resolve } from 'node:path';
import { benchMain, type BenchDrivers } from './bench-main';

if (import.meta.url === `file://${process.argv[1]}`) {
  const drivers: BenchDrivers = {
    node: async (...a) => (await import('./drivers/bench-node')).runBenchInNode(...a),
    chromium: async (...a) => (await import('./drivers/bench-chromium')).runBenchInChromium(...a),
  };
  benchMain(process.argv.slice(2), resolve(import.meta.dirname, '..'), drivers).then((code) => process.exit(code), (e) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
