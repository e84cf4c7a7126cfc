import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests (core, engine on the tfjs CPU backend, CLI),
// and browser tests that build the app and drive headless Chromium on WebGPU.
// Browser tests run one file at a time: each starts its own Chromium, and a
// 2-core CI machine has no room for two software-rendered GPUs at once.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: [
            'tests/core/**/*.test.ts',
            'tests/engine/**/*.test.ts',
            'tests/cli/**/*.test.ts',
            'src/**/*.test.ts',
          ],
          // Heavy beforeAll hooks (loading a backend, training a fixture run) pass vitest's 10 s
          // default on a busy 2-core machine; a hook has the same budget as a test.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A file per core: vitest's default (cores − 1) runs one file at a time on the 2-core CI
          // machine, leaving a core idle while the main process waits on the worker.
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        test: {
          name: 'browser',
          // After the unit project, not beside it: the browser tests check that the page stays
          // responsive (no main-thread task over 200 ms), which a 2-core machine busy with the
          // unit suite cannot promise.
          sequence: { groupOrder: 1 },
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
