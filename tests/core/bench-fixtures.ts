/**
 * Hand-made benchmark results for the pure tests (not a test file itself):
 * every measure kind, values scaled by a factor so scores are predictable.
 */
import { BENCH_SCHEMA_VERSION, type BackendResult, type BenchResult, type Measures } from '../../src/core/bench/result';
import { summarise } from '../../src/core/bench/stats';

const st = (x: number) => summarise([x * 0.95, x, x * 1.05]);

/** Measures whose every throughput is `k` times the base (dispatch µs divided by k). */
export function measures(k = 1): Measures {
  return {
    train: [
      {
        id: 't1',
        task: 'spirals',
        model: 'mlp 8t',
        batch: 32,
        steps: 10,
        flopsPerStep: 1000,
        firstStepMs: 50,
        stepsPerSec: st(10 * k),
        samplesPerSec: st(320 * k),
        gflops: st(1e-5 * k),
        peakBytes: 1e5,
      },
    ],
    infer: [
      {
        id: 'i1',
        task: 'digits',
        model: 'mlp 64r',
        samples: 100,
        batch: 50,
        samplesPerSec: st(1000 * k),
        gflops: st(0.1 * k),
      },
    ],
    matmul: [{ id: 'square-64', m: 64, k: 64, n: 64, iters: 2, gflops: st(2 * k) }],
    conv: [{ id: 'c1', batch: 1, size: 8, cin: 1, cout: 2, kernel: 3, iters: 1, gflops: st(0.5 * k) }],
    dispatch: [{ id: 'd1', ops: 10, size: 16, usPerOp: st(20 / k) }],
    loop: [
      {
        id: 'l1',
        task: 'xor',
        proposer: 'random',
        generations: 3,
        population: 2,
        steps: 5,
        seed: 1,
        batchPopulation: true,
        generationsPerMin: st(60 * k),
        totalMs: 3000 / k,
        targetAccuracy: 0.9,
        timeToTargetMs: null,
        finalValAccuracy: 0.7,
      },
    ],
  };
}

/** One backend entry that passed its check. */
export function backend(name: string, k = 1, over: Partial<BackendResult> = {}): BackendResult {
  return {
    backend: name,
    status: 'ok',
    adapter: null,
    adapterLimits: null,
    softwareAdapter: false,
    flags: { WEBGPU_CPU_FORWARD: false },
    initMs: 1,
    check: {
      passed: true,
      maxAbsError: 1e-7,
      items: [{ id: 'matmul/square-64', maxAbsError: 1e-7, tolerance: 1e-3, passed: true }],
    },
    measures: measures(k),
    gpuPoolBytes: null,
    score: null,
    subscores: [],
    durationMs: 100,
    ...over,
  };
}

/** A complete, unscored result. */
export function result(backends: BackendResult[], over: Partial<BenchResult> = {}): BenchResult {
  return {
    schemaVersion: BENCH_SCHEMA_VERSION,
    kind: 'successor-bench',
    generator: 'successor test',
    createdAt: '2025-01-01T00:00:00.000Z',
    label: 'fixture',
    suite: { name: 'quick', version: 2, fingerprint: '0123abcd', title: 'fixture', repeats: 3, warmup: 1 },
    environment: {
      driver: 'node',
      nodeVersion: 'v20',
      platform: 'linux-x64',
      hardwareConcurrency: 2,
      tfjsVersion: '4.22.0',
    },
    flags: { WEBGPU_CPU_FORWARD: false },
    reference: null,
    backends,
    durationMs: 1000,
    ...over,
  };
}
