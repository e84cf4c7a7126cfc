/**
 * Runs a suite on several backends side by side, in one process: first the
 * CPU backend computes every case's reference outputs; then, per backend,
 * the same outputs are computed and compared (a backend that disagrees is
 * still timed, so a reader sees it was fast, but it is flagged `wrong` and
 * never scored), and every case is measured. Tensors are made per backend
 * and freed before the next. Runs unchanged in a worker and in Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import { errorMessage } from '../../core/errors';
import { tryBackend, type BackendName, type BackendOptions } from '../backend';
import { yieldToHost } from '../control';
import type { AssetLoader } from '../data';
import { GENERATOR } from '../loop';
import { combineChecks, compareOutputs, describeFailures } from '../../core/bench/check';
import { createContext, type BenchContext } from './context';
import type { TimingPolicy } from './timing';
import { DEFAULT_MIN_REGION_MS } from '../../core/bench/policy';
import { assessResult, MIN_RELIABLE_REPEATS, NO_LOAD_NOTE } from '../../core/bench/reliability';
import { INTERVAL_METHOD } from '../../core/bench/stats';
import { deviceFacts, gpuPoolBytes, tfFlags } from './device';
import type { BenchEvent } from '../../core/bench/events';
import type { BackendResult, BenchEnvironment, BenchResult, CheckItem, Measures } from '../../core/bench/result';
import { BENCH_KIND, BENCH_SCHEMA_VERSION } from '../../core/bench/result';
import { applyPeak } from '../../core/bench/peak';
import { applyScores } from '../../core/bench/score';
import { suiteFingerprint, type Suite } from '../../core/bench/suite';
import {
  convOutputs,
  dispatchOutputs,
  matmulOutputs,
  matmulReference,
  measureConv,
  measureDispatch,
  measureMatmul,
} from './workloads/kernels';
import { inferOutputs, measureInfer } from './workloads/infer';
import { isPopulationProduct, measureProduct, productOutputs, productReference } from './workloads/population-products';
import { measureLoop } from './workloads/loop';
import { ADAM_EPSILON, measureTrain, trainOutputs } from './workloads/train';
import { measureSustained } from './workloads/sustained';

/** What the suite needs from where it runs (worker, Node CLI, tests). */
export interface BenchHost {
  loadAsset: AssetLoader;
  /** Where it runs, for the result (the driver, user agent or Node version, OS…). */
  environment: Omit<BenchEnvironment, 'tfjsVersion'>;
  backendOptions?: BackendOptions;
  onEvent?: (e: BenchEvent) => void;
  /** Scores are normalised to this result's cpu entry; none given, the result is unscored. */
  reference?: BenchResult | null;
  label?: string;
  /** Starts a backend by name, returning why it cannot (or null). Defaults to the engine's tryBackend; tests inject backends here. */
  startBackend?: (name: string) => Promise<string | null>;
  /** Overrides of the timing policy (minimum region duration, --until-stable; tests inject a clock and a noisy host). */
  timing?: Partial<TimingPolicy>;
  /** The host's load averages (Node: os.loadavg()); absent where the platform does not expose them. */
  loadAverage?: () => number[];
}

/** One checked case: its id, tolerance, outputs here, and outputs on the CPU. */
interface CheckCase {
  id: string;
  tolerance: number;
  outputs: (ctx: BenchContext) => Promise<Float32Array>;
  reference: (ctx: BenchContext) => Promise<Float32Array>;
}

function checkCases(s: Suite): CheckCase[] {
  const same =
    <C>(f: (ctx: BenchContext, c: C) => Promise<Float32Array>, c: C) =>
    (ctx: BenchContext) =>
      f(ctx, c);
  return [
    ...s.train.map((c) => ({
      id: `train/${c.id}`,
      tolerance: c.tolerance,
      outputs: same(trainOutputs, c),
      reference: same(trainOutputs, c),
    })),
    ...s.infer.map((c) => ({
      id: `infer/${c.id}`,
      tolerance: c.tolerance,
      outputs: same(inferOutputs, c),
      reference: same(inferOutputs, c),
    })),
    ...s.matmul.map((c) => ({
      id: `matmul/${c.id}`,
      tolerance: c.tolerance,
      outputs: same(isPopulationProduct(c) ? productOutputs : matmulOutputs, c),
      reference: same(isPopulationProduct(c) ? productReference : matmulReference, c),
    })),
    ...s.conv.map((c) => ({
      id: `conv/${c.id}`,
      tolerance: c.tolerance,
      outputs: same(convOutputs, c),
      reference: same(convOutputs, c),
    })),
    ...s.dispatch.map((c) => ({
      id: `dispatch/${c.id}`,
      tolerance: c.tolerance,
      outputs: same(dispatchOutputs, c),
      reference: same(dispatchOutputs, c),
    })),
  ];
}

const emptyMeasures = (): Measures => ({ train: [], infer: [], matmul: [], conv: [], dispatch: [], loop: [] });

/** Runs `suite` on each backend in turn and returns the (scored, if a reference is given) result. */
export async function runSuite(suite: Suite, backends: string[], host: BenchHost): Promise<BenchResult> {
  const emit = (e: BenchEvent) => host.onEvent?.(e);
  const start = host.startBackend ?? ((name: string) => tryBackend(name as BackendName, host.backendOptions));
  const started = performance.now();
  const createdAt = new Date().toISOString();
  const loadBefore = host.loadAverage?.() ?? null;
  const timing: Partial<TimingPolicy> = { minRegionMs: DEFAULT_MIN_REGION_MS, ...host.timing };
  emit({ type: 'bench-start', suite: { name: suite.name, version: suite.version }, backends });
  const cases = checkCases(suite);

  // The CPU backend's outputs are the truth every backend is checked against.
  const cpuReason = await start('cpu');
  if (cpuReason !== null)
    throw new Error(`the cpu backend, which every backend is checked against, cannot start: ${cpuReason}`);
  const expected = new Map<string, Float32Array>();
  const cpuCtx = createContext(suite, host.loadAsset);
  try {
    for (const c of cases) expected.set(c.id, await c.reference(cpuCtx));
  } finally {
    cpuCtx.dispose();
  }

  const results: BackendResult[] = [];
  for (const name of backends) {
    const r = await runBackend(suite, name, cases, expected, host, timing, start, emit);
    results.push(r);
    emit({ type: 'backend-done', result: r });
  }
  const stable = timing.untilStable;
  const repeatsText = stable
    ? `at least ${Math.max(suite.repeats, MIN_RELIABLE_REPEATS)} repeats, until its interval is within ` +
      `±${Math.round(stable.halfWidth * 100)}% or ${Math.round(stable.maxMs / 1000)} s per case,`
    : `${suite.repeats} repeats`;
  const result: BenchResult = {
    schemaVersion: BENCH_SCHEMA_VERSION,
    kind: BENCH_KIND,
    generator: GENERATOR,
    createdAt,
    label: host.label ?? '',
    suite: {
      name: suite.name,
      version: suite.version,
      fingerprint: suiteFingerprint(suite),
      title: suite.title,
      repeats: suite.repeats,
      warmup: suite.warmup,
    },
    environment: { ...host.environment, tfjsVersion: tf.version_core },
    flags: {
      WEBGPU_CPU_FORWARD: false,
      readback: 'once at the end of each timed region',
      statistic: `median of ${repeatsText} after ${suite.warmup} warm-up; interval: ${INTERVAL_METHOD}`,
      minRegionMs: timing.minRegionMs ?? 0,
      ...(timing.sustainedMinutes ? { sustainedMinutes: timing.sustainedMinutes } : {}),
      checkedAgainst: 'cpu',
      adamEpsilon: ADAM_EPSILON,
    },
    reference: null,
    backends: results,
    durationMs: performance.now() - started,
    hostLoad: host.loadAverage
      ? { before: loadBefore, after: host.loadAverage(), cores: host.environment.hardwareConcurrency }
      : { before: null, after: null, cores: host.environment.hardwareConcurrency, note: NO_LOAD_NOTE },
  };
  const scored = assessResult(applyScores(result, host.reference ?? null));
  emit({ type: 'bench-done', result: scored });
  return scored;
}

async function runBackend(
  suite: Suite,
  name: string,
  cases: CheckCase[],
  expected: Map<string, Float32Array>,
  host: BenchHost,
  timing: Partial<TimingPolicy>,
  start: (name: string) => Promise<string | null>,
  emit: (e: BenchEvent) => void,
): Promise<BackendResult> {
  const t0 = performance.now();
  const reason = await start(name);
  const initMs = performance.now() - t0;
  const r: BackendResult = {
    backend: name,
    status: 'unavailable',
    adapter: null,
    adapterLimits: null,
    softwareAdapter: false,
    flags: {},
    initMs: null,
    check: null,
    measures: null,
    gpuPoolBytes: null,
    score: null,
    subscores: [],
    durationMs: 0,
  };
  if (reason !== null) {
    r.reason = reason;
    r.durationMs = performance.now() - t0;
    return r;
  }
  Object.assign(r, await deviceFacts(name), { initMs, flags: tfFlags() });
  emit({ type: 'backend-start', backend: name, adapter: r.adapter, softwareAdapter: r.softwareAdapter });
  const ctx = createContext(suite, host.loadAsset, timing);
  try {
    const items: CheckItem[] = [];
    for (const c of cases) items.push(compareOutputs(c.id, await c.outputs(ctx), expected.get(c.id)!, c.tolerance));
    r.check = combineChecks(items);
    emit({ type: 'check', backend: name, check: r.check });
    r.status = r.check.passed ? 'ok' : 'wrong';
    if (!r.check.passed) r.reason = `outputs differ from the CPU backend: ${describeFailures(r.check)}`;
    r.measures = emptyMeasures();
    const m = r.measures;
    const step = <K extends keyof Measures>(kind: K, id: string, f: () => Promise<Measures[K][number]>) => ({
      kind,
      id,
      run: async () => void (m[kind] as Measures[K][number][]).push(await f()),
    });
    const steps = [
      ...suite.train.map((c) => step('train', c.id, () => measureTrain(ctx, c))),
      ...suite.infer.map((c) => step('infer', c.id, () => measureInfer(ctx, c))),
      ...suite.matmul.map((c) =>
        step('matmul', c.id, () => (isPopulationProduct(c) ? measureProduct(ctx, c) : measureMatmul(ctx, c))),
      ),
      ...suite.conv.map((c) => step('conv', c.id, () => measureConv(ctx, c))),
      ...suite.dispatch.map((c) => step('dispatch', c.id, () => measureDispatch(ctx, c))),
      ...suite.loop.map((c) =>
        step('loop', c.id, () => measureLoop(c, name, host.loadAsset, host.backendOptions, ctx.timing)),
      ),
    ];
    for (let i = 0; i < steps.length; i++) {
      const { kind, id, run } = steps[i];
      emit({ type: 'progress', backend: name, kind, id, index: i, count: steps.length });
      await run();
      const one = emptyMeasures();
      (one[kind] as unknown[]).push(m[kind][m[kind].length - 1]);
      emit({ type: 'measure', backend: name, measures: one });
      await yieldToHost();
    }
    if (timing.sustainedMinutes && suite.train.length > 0) {
      emit({
        type: 'progress',
        backend: name,
        kind: 'train',
        id: `${suite.train[0].id} sustained ${timing.sustainedMinutes} min`,
        index: steps.length,
        count: steps.length + 1,
      });
      r.sustained = await measureSustained(ctx, suite.train[0], timing.sustainedMinutes);
    }
    applyPeak(r);
  } catch (e) {
    r.status = 'failed';
    r.reason = errorMessage(e);
  } finally {
    ctx.dispose();
  }
  r.gpuPoolBytes = gpuPoolBytes();
  r.durationMs = performance.now() - t0;
  return r;
}
