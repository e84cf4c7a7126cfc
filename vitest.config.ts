import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// A file per core: vitest's default (cores − 1) runs one file at a time on the 2-core CI machine,
// leaving a core idle while the main process waits on the worker.
const FILE_PER_CORE = Math.max(2, availableParallelism() - 1);

// Browser tests that start a Chromium of their own and check no page's responsiveness: population
// batching on WebGPU (its own page; numbers only) and the CLIs' --driver chromium. Run after the unit
// tests, one at a time, each used about 1.3-1.5 of the 2 CI cores (SwiftShader compiles a shader on
// one thread) for about 3.5 minutes of the suite.
const OWN_CHROMIUM = [
  'tests/browser/population-webgpu.test.ts',
  'tests/browser/bench-cli-chromium.test.ts',
  'tests/browser/loop-cli-chromium.test.ts',
  'tests/browser/loop-cli-chromium-oversight.test.ts',
];

// Three projects. First, side by side: fast unit tests (core, engine on the tfjs CPU backend, CLI)
// and the browser tests with a Chromium of their own (they start first: projects of a group start in
// name order, so the longest file is not the last). Then the browser tests that load the built app in
// the shared headless Chromium, one file at a time: a 2-core CI machine has no room for two
// software-rendered GPUs in one GPU process.
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
          maxWorkers: FILE_PER_CORE,
        },
      },
      {
        test: {
          name: 'chromium-own',
          sequence: { groupOrder: 0 },
          include: OWN_CHROMIUM,
          globalSetup: ['tests/browser/build-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // A group's projects share its workers, so the same count as the unit project's.
          maxWorkers: FILE_PER_CORE,
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
          exclude: [...configDefaults.exclude, ...OWN_CHROMIUM],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
