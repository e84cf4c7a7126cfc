/**
 * Population batching on WebGPU in headless Chromium (SwiftShader, the
 * software adapter, on machines without a GPU): batched training — with
 * plain tfjs ops and with the fused WGSL kernels — agrees with alone
 * training from the same seeds and data order, the population benchmark
 * runs there and reports its ratios, and the micro suite's population
 * products run on the fused kernels and match the CPU backend.
 *
 * Tolerance on WebGPU: weights within 1e-3, losses within 1e-3, validation
 * accuracy within 1 point. Alone, batched and fused use different kernels
 * (tfjs's rank-2 and batched matMul programs, reductions against products
 * with ones, the fused kernels' tiled products and the untiled loops they
 * replaced), so sums round differently;
 * over a few dozen steps the differences stay below 1e-6 (the test prints
 * them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPopulationPage } from '../../benchmarks/drivers/population-chromium';
import type { Genome } from '../../src/core/genome';
import type { Suite } from '../../src/core/bench/suite';
import { validateBenchResult } from '../../src/core/bench/validate';
import { TILE_CANDIDATES } from '../../src/engine/population/fused/tiled';

let page: Awaited<ReturnType<typeof openPopulationPage>> | null = null;

beforeAll(async () => {
  page = await openPopulationPage(process.cwd());
});
afterAll(async () => {
  await page?.close();
});

/** The direct candidate: each thread reads its operands from the buffers, no workgroup memory. */
const DIRECT = TILE_CANDIDATES.find((t) => t.direct)!;

const mlp = (
  units: number[],
  hyper: Partial<Genome['hyper']> = {},
  activation: 'relu' | 'tanh' | 'sigmoid' | 'elu' = 'tanh',
): Genome => ({
  hyper: { optimizer: 'adam', learningRate: 0.02, batchSize: 32, weightDecay: 0, dropout: 0, ...hyper },
  arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation })) },
});

describe('population batching on WebGPU', () => {
  it('runs on the WebGPU backend', async () => {
    const env = await page!.call('setup', 'webgpu');
    expect(env.backend).toBe('webgpu');
    expect(env.adapter).not.toBeNull();
  });

  it('trains K children batched — with tfjs ops and with the fused kernels — as each would alone, within tolerance', async () => {
    const children = [
      // Wider than one 64 × 64 tile, with a batch over one tile's rows and not a multiple of the reduction step.
      { genome: mlp([70, 4], { optimizer: 'sgd', learningRate: 0.3, batchSize: 100 }, 'relu'), seed: 2 },
      // Its 12 makes the second hidden layer's rows a multiple of 4: that layer's products read vec4 (70, 2 do not).
      {
        genome: mlp(
          [6, 12],
          { optimizer: 'momentum', learningRate: 0.05, batchSize: 16, weightDecay: 0.003 },
          'sigmoid',
        ),
        seed: 3,
      },
      { genome: mlp([8, 8], { dropout: 0.3 }, 'elu'), seed: 4 },
    ];
    const paths = ['tfjs', 'fused'] as const;
    const runPaths = (p: readonly ('tfjs' | 'fused')[]) => page!.call('paths', 'spirals', children, 16, 8, [...p]);
    const check = (r: Awaited<ReturnType<typeof runPaths>>, path: string, label: string) => {
      const { diff, groupError } = r.byPath[path];
      console.log(`WebGPU alone vs batched (${label}):`, JSON.stringify(diff));
      expect(groupError, label).toBeUndefined();
      for (const s of diff.status) expect(s, label).toEqual({ alone: 'ok', batched: 'ok' });
      expect(diff.maxWeightDiff, label).toBeLessThanOrEqual(1e-3);
      expect(diff.maxValLossDiff, label).toBeLessThanOrEqual(1e-3);
      expect(diff.maxTrainLossDiff, label).toBeLessThanOrEqual(1e-3);
      expect(diff.maxCurveDiff, label).toBeLessThanOrEqual(1e-3);
      expect(diff.maxValAccuracyDiff, label).toBeLessThanOrEqual(0.01);
      expect(diff.curveLengthsMatch, label).toBe(true);
    };
    const r = await runPaths(paths);
    expect(r.after).toBe(r.before);
    for (const path of paths) check(r, path, path);
    // The direct kernels (no workgroup memory) are checked on the 784-input group below, against the default
    // tiling and bit for bit: running this group again with them doubled this test's time in CI.
  });

  it('MLPs on 784 inputs train fused as alone, tiled and direct: vec4 loads of the gathered training set, a 10-class layer in narrow tiles', async () => {
    const children = [
      { genome: mlp([20], { batchSize: 24 }, 'relu'), seed: 5 },
      // 14 wide: the vec4 units of its hidden layer end past its own width (the padded group is 20 wide).
      { genome: mlp([14], { optimizer: 'momentum', learningRate: 0.05, batchSize: 16, dropout: 0.2 }), seed: 6 },
    ];
    // Every tiling adds each output's products in the same order: the same results, so the same differences.
    const differences = new Set<string>();
    try {
      for (const tiles of [TILE_CANDIDATES[0], DIRECT]) {
        await page!.call('forceTiles', tiles);
        const r = await page!.call('paths', 'digits', children, 6, 3, ['fused']);
        expect(r.after).toBe(r.before);
        const { diff, groupError } = r.byPath.fused;
        const label = JSON.stringify(tiles);
        console.log(`WebGPU alone vs fused, 784 inputs, ${label}:`, JSON.stringify(diff));
        expect(groupError, label).toBeUndefined();
        for (const s of diff.status) expect(s, label).toEqual({ alone: 'ok', batched: 'ok' });
        expect(diff.maxWeightDiff, label).toBeLessThanOrEqual(1e-3);
        expect(diff.maxTrainLossDiff, label).toBeLessThanOrEqual(1e-3);
        expect(diff.maxValLossDiff, label).toBeLessThanOrEqual(1e-3);
        expect(diff.curveLengthsMatch, label).toBe(true);
        differences.add(JSON.stringify([diff.maxWeightDiff, diff.maxTrainLossDiff, diff.maxValLossDiff]));
      }
    } finally {
      await page!.call('forceTiles', null);
    }
    expect([...differences]).toHaveLength(1);
  });

  it('CNNs of one architecture train batched as alone', async () => {
    const cnn = (hyper: Partial<Genome['hyper']>): Genome => ({
      hyper: { optimizer: 'adam', learningRate: 0.003, batchSize: 8, weightDecay: 0, dropout: 0, ...hyper },
      arch: {
        family: 'cnn',
        blocks: [{ filters: 3, kernel: 3, pool: true }],
        activation: 'relu',
        head: [{ units: 6, activation: 'tanh' }],
      },
    });
    const r = await page!.call(
      'equivalence',
      'digits',
      [
        { genome: cnn({}), seed: 1 },
        { genome: cnn({ optimizer: 'momentum', dropout: 0.2 }), seed: 2 },
      ],
      4,
      2,
      64,
    );
    console.log('WebGPU CNN alone vs batched:', JSON.stringify(r.diff));
    expect(r.groupError).toBeUndefined();
    expect(r.after).toBe(r.before);
    for (const s of r.diff.status) expect(s).toEqual({ alone: 'ok', batched: 'ok' });
    expect(r.diff.maxWeightDiff).toBeLessThanOrEqual(1e-3);
    expect(r.diff.maxValLossDiff).toBeLessThanOrEqual(1e-3);
    expect(r.diff.maxValAccuracyDiff).toBeLessThanOrEqual(0.01);
  });

  it('a diverging child is isolated on the GPU too, with either kernels', async () => {
    const exploding = mlp([8], { optimizer: 'sgd', learningRate: 10, weightDecay: 1 });
    const r = await page!.call(
      'paths',
      'spirals',
      [
        { genome: mlp([8]), seed: 1 },
        { genome: exploding, seed: 2 },
        { genome: mlp([8], { learningRate: 0.05 }), seed: 3 },
      ],
      30,
      5,
      ['tfjs', 'fused'],
    );
    expect(r.after).toBe(r.before);
    for (const path of ['tfjs', 'fused']) {
      const { diff } = r.byPath[path];
      expect(diff.status, path).toEqual([
        { alone: 'ok', batched: 'ok' },
        { alone: 'diverged', batched: 'diverged' },
        { alone: 'ok', batched: 'ok' },
      ]);
      expect(diff.stepsDone[1].batched, path).toBe(diff.stepsDone[1].alone);
      expect(diff.maxWeightDiff, path).toBeLessThanOrEqual(1e-3);
    }
  });

  it('the loop trains its MLP children with the fused kernels by default', async () => {
    const r = await page!.call('loop', true, { generations: 2, population: 3, steps: 10, progressEvery: 5 });
    expect(r.candidates).toBe(4);
    // Generation 0 (one child) and every child: batched, most with others, all through the fused kernels.
    expect(r.fusedChildren).toBe(4);
  });

  it('the population benchmark measures one-at-a-time, batched and fused throughput', async () => {
    const figures = await page!.call('measure', 'mlp-2-32-2', 8, 5, ['alone', 'batched', 'fused'], 2, undefined, 1);
    expect(figures.map((f) => f.mode)).toEqual(['alone', 'batched', 'fused']);
    const [alone, batched, fused] = figures;
    console.log(
      `WebGPU population K=8, 2-32-2 (samples/s): one-at-a-time ` +
        `${Math.round(alone.samplesPerSec)}, batched ${Math.round(batched.samplesPerSec)} (` +
        `${(batched.samplesPerSec / alone.samplesPerSec).toFixed(2)}×), fused ` +
        `${Math.round(fused.samplesPerSec)} (` +
        `${(fused.samplesPerSec / alone.samplesPerSec).toFixed(2)}×)`,
    );
    expect(alone.samplesPerSec).toBeGreaterThan(0);
    // Eight models in one computation beat eight in turn even on a software adapter.
    expect(batched.samplesPerSec).toBeGreaterThan(alone.samplesPerSec);
    expect(fused.samplesPerSec).toBeGreaterThan(alone.samplesPerSec);
    // The same first two models, trained in each mode, end at the same validation loss: the figures measure equal work.
    for (const f of [batched, fused]) {
      expect(f.checkedModels).toBe(2);
      expect(Math.abs(f.meanValLoss - alone.meanValLoss) / alone.meanValLoss).toBeLessThan(1e-4);
    }
  });

  it('profiles the fused step by dispatch, drawing dropout noise on the device only when a model has dropout', async () => {
    const labels = async (dropout: number) => {
      const p = await page!.call('profile', 'mlp-2-32-2', 2, 1, dropout);
      expect(p.stepMs).toBeGreaterThan(0);
      for (const d of p.dispatches) expect(d.ms, d.label).toBeGreaterThan(0);
      return p.dispatches.map((d) => d.label);
    };
    const plain = ['forward 0', 'forward 1', 'loss', 'loss sums', 'backward 1', 'update 1', 'update 0'];
    expect(await labels(0)).toEqual(plain);
    expect(await labels(0.3)).toEqual(['noise 0', ...plain]);
  });

  it("micro's population products run on the fused step's tiled kernels and match the CPU backend", async () => {
    // Small, and off the tiles' grid: 70 rows and 66 or 68 columns span two 64-wide tiles, 37 and 36 are no
    // multiples of the reduction step; 36 and 68 are multiples of 4, so those cases load vec4, the others scalars.
    const suite: Suite = {
      name: 'products',
      version: 1,
      title: 'population products',
      repeats: 1,
      warmup: 1,
      seed: 2,
      train: [],
      infer: [],
      matmul: [
        { id: 'forward', m: 70, k: 37, n: 66, iters: 2, tolerance: 1e-3, models: 3, product: 'forward' },
        { id: 'weight-grad', m: 37, k: 70, n: 66, iters: 2, tolerance: 1e-3, models: 3, product: 'weight-gradient' },
        { id: 'forward-vec4', m: 70, k: 36, n: 68, iters: 2, tolerance: 1e-3, models: 3, product: 'forward' },
        {
          id: 'weight-grad-vec4',
          m: 36,
          k: 70,
          n: 68,
          iters: 2,
          tolerance: 1e-3,
          models: 3,
          product: 'weight-gradient',
        },
      ],
      conv: [],
      dispatch: [],
      loop: [],
    };
    const result = validateBenchResult(await page!.call('benchSuite', suite, ['webgpu', 'cpu']));
    const [webgpu, cpu] = result.backends;
    console.log(`population products on WebGPU: ${JSON.stringify(webgpu.check)}`);
    for (const b of [webgpu, cpu]) {
      expect(b.status, b.reason).toBe('ok');
      expect(b.check!.items.map((i) => i.id)).toEqual([
        'matmul/forward',
        'matmul/weight-grad',
        'matmul/forward-vec4',
        'matmul/weight-grad-vec4',
      ]);
      for (const x of b.measures!.matmul) expect(x.gflops.median).toBeGreaterThan(0);
    }
    const tiles = String.raw`\d+×\d+ threads × \d+×\d+, bk \d+(, direct)?`;
    expect(webgpu.measures!.matmul.map((x) => x.kernel)).toEqual([
      expect.stringMatching(new RegExp(`^fused step's tiled forward kernel \\(${tiles}\\)$`)),
      expect.stringMatching(new RegExp(`^fused step's tiled weight-gradient kernel \\(${tiles}\\)$`)),
      expect.stringMatching(new RegExp(`^fused step's tiled forward kernel \\(${tiles}, vec4 loads\\)$`)),
      expect.stringMatching(new RegExp(`^fused step's tiled weight-gradient kernel \\(${tiles}, vec4 loads\\)$`)),
    ]);
    expect(cpu.measures!.matmul.map((x) => x.kernel)).toEqual(Array(4).fill('batched tf.matMul'));
  });
});
