/**
 * The schema validator for benchmark results: the one gate every result
 * goes through when it is written by the CLI, loaded into the page to be
 * compared, or used as a reference. Errors name the path that is wrong.
 */
import type { BenchResult } from './result';
import { BENCH_KIND, BENCH_SCHEMA_VERSION } from './result';

/** Thrown for an invalid result; `path` names where it is wrong. */
export class BenchResultError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'BenchResultError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function need(cond: boolean, path: string, detail: string): asserts cond {
  if (!cond) throw new BenchResultError(path, detail);
}

function obj(v: unknown, path: string): Obj {
  need(isObj(v), path, 'must be an object');
  return v;
}

function str(o: Obj, k: string, path: string): string {
  need(typeof o[k] === 'string', `${path}.${k}`, 'must be a string');
  return o[k] as string;
}

function num(o: Obj, k: string, path: string, min = -Infinity): number {
  need(isNum(o[k]) && (o[k] as number) >= min, `${path}.${k}`, min > -Infinity ? `must be a number ≥ ${min}` : 'must be a finite number');
  return o[k] as number;
}

function numOrNull(o: Obj, k: string, path: string): void {
  need(o[k] === null || isNum(o[k]), `${path}.${k}`, 'must be a number or null');
}

function stat(o: Obj, k: string, path: string): void {
  const p = `${path}.${k}`;
  const s = obj(o[k], p);
  need(Array.isArray(s.samples) && s.samples.length > 0 && s.samples.every(isNum), `${p}.samples`, 'must be a non-empty array of numbers');
  for (const f of ['median', 'min', 'max']) num(s, f, p);
  need((s.min as number) <= (s.median as number) && (s.median as number) <= (s.max as number), p, 'must have min ≤ median ≤ max');
}

function flags(v: unknown, path: string): void {
  const f = obj(v, path);
  for (const [k, x] of Object.entries(f)) need(['string', 'number', 'boolean'].includes(typeof x), `${path}.${k}`, 'must be a string, number or boolean');
}

/** Fields of each measure kind: numbers, and Stats. */
const MEASURES: Record<string, { nums: string[]; stats: string[]; nullable?: string[] }> = {
  train: { nums: ['batch', 'steps', 'flopsPerStep', 'firstStepMs', 'peakBytes'], stats: ['stepsPerSec', 'samplesPerSec', 'gflops'] },
  infer: { nums: ['samples', 'batch'], stats: ['samplesPerSec', 'gflops'] },
  matmul: { nums: ['m', 'k', 'n', 'iters'], stats: ['gflops'] },
  conv: { nums: ['batch', 'size', 'cin', 'cout', 'kernel', 'iters'], stats: ['gflops'] },
  dispatch: { nums: ['ops', 'size'], stats: ['usPerOp'] },
  loop: { nums: ['generations', 'population', 'steps', 'seed', 'totalMs', 'targetAccuracy', 'finalValAccuracy'], stats: ['generationsPerMin'], nullable: ['timeToTargetMs'] },
};

function measures(v: unknown, path: string): void {
  const m = obj(v, path);
  for (const [kind, spec] of Object.entries(MEASURES)) {
    const list = m[kind];
    need(Array.isArray(list), `${path}.${kind}`, 'must be an array');
    const ids = new Set<string>();
    list.forEach((item: unknown, i: number) => {
      const p = `${path}.${kind}[${i}]`;
      const o = obj(item, p);
      const id = str(o, 'id', p);
      need(!ids.has(id), `${p}.id`, `duplicate id ${JSON.stringify(id)}`);
      ids.add(id);
      for (const k of spec.nums) num(o, k, p, 0);
      for (const k of spec.stats) stat(o, k, p);
      for (const k of spec.nullable ?? []) numOrNull(o, k, p);
      if (kind === 'loop' && o.batchPopulation !== undefined) need(typeof o.batchPopulation === 'boolean', `${p}.batchPopulation`, 'must be true or false');
    });
  }
}

function backend(v: unknown, path: string): void {
  const b = obj(v, path);
  str(b, 'backend', path);
  need(['ok', 'wrong', 'unavailable', 'failed'].includes(b.status as string), `${path}.status`, `unknown status ${JSON.stringify(b.status)}`);
  need(b.reason === undefined || typeof b.reason === 'string', `${path}.reason`, 'must be a string');
  if (b.adapter !== null) {
    const a = obj(b.adapter, `${path}.adapter`);
    for (const k of ['vendor', 'architecture', 'device', 'description']) str(a, k, `${path}.adapter`);
    need(typeof a.isFallbackAdapter === 'boolean', `${path}.adapter.isFallbackAdapter`, 'must be true or false');
  }
  if (b.adapterLimits !== null) flags(b.adapterLimits, `${path}.adapterLimits`);
  need(typeof b.softwareAdapter === 'boolean', `${path}.softwareAdapter`, 'must be true or false');
  flags(b.flags, `${path}.flags`);
  numOrNull(b, 'initMs', path);
  numOrNull(b, 'gpuPoolBytes', path);
  num(b, 'durationMs', path, 0);
  if (b.check !== null) {
    const c = obj(b.check, `${path}.check`);
    need(typeof c.passed === 'boolean', `${path}.check.passed`, 'must be true or false');
    numOrNull(c, 'maxAbsError', `${path}.check`);
    need(Array.isArray(c.items), `${path}.check.items`, 'must be an array');
    c.items.forEach((it: unknown, i: number) => {
      const p = `${path}.check.items[${i}]`;
      const o = obj(it, p);
      str(o, 'id', p);
      need(typeof o.passed === 'boolean', `${p}.passed`, 'must be true or false');
      numOrNull(o, 'maxAbsError', p);
      num(o, 'tolerance', p, 0);
    });
    need(c.passed === c.items.every((it) => (it as Obj).passed === true), `${path}.check.passed`, 'must be true exactly when every item passed');
  }
  if (b.status === 'ok') {
    need(b.check !== null && (b.check as Obj).passed === true, `${path}.check`, 'a backend with status ok must have passed its check');
    measures(b.measures, `${path}.measures`);
  } else if (b.measures !== null) measures(b.measures, `${path}.measures`);
  numOrNull(b, 'score', path);
  need(Array.isArray(b.subscores), `${path}.subscores`, 'must be an array');
  b.subscores.forEach((s: unknown, i: number) => {
    const p = `${path}.subscores[${i}]`;
    const o = obj(s, p);
    str(o, 'id', p);
    for (const k of ['value', 'reference', 'score']) num(o, k, p, 0);
  });
  // The contract reviewers rely on: a backend that disagreed with the CPU is never scored.
  if (b.status !== 'ok') need(b.score === null, `${path}.score`, `must be null for a backend with status ${b.status}`);
}

/** Checks an untrusted value is a benchmark result this version can read, and returns it typed. */
export function validateBenchResult(value: unknown): BenchResult {
  need(isObj(value), '', 'not a Successor benchmark result (expected a JSON object)');
  need(value.kind === BENCH_KIND, 'kind', `must be "${BENCH_KIND}" (is this a benchmark result?)`);
  need(value.schemaVersion === BENCH_SCHEMA_VERSION, 'schemaVersion', `is ${JSON.stringify(value.schemaVersion)}; this version reads ${BENCH_SCHEMA_VERSION}`);
  str(value, 'generator', '');
  need(typeof value.createdAt === 'string' && !Number.isNaN(Date.parse(value.createdAt)), 'createdAt', 'must be an ISO date string');
  str(value, 'label', '');
  const suite = obj(value.suite, 'suite');
  str(suite, 'name', 'suite');
  need(Number.isInteger(suite.version) && (suite.version as number) >= 1, 'suite.version', 'must be a positive integer');
  need(typeof suite.fingerprint === 'string' && /^[0-9a-f]{8}$/.test(suite.fingerprint), 'suite.fingerprint', 'must be 8 hex digits');
  str(suite, 'title', 'suite');
  num(suite, 'repeats', 'suite', 1);
  num(suite, 'warmup', 'suite', 0);
  const env = obj(value.environment, 'environment');
  str(env, 'driver', 'environment');
  str(env, 'platform', 'environment');
  str(env, 'tfjsVersion', 'environment');
  need(typeof env.userAgent === 'string' || typeof env.nodeVersion === 'string', 'environment', 'must have a userAgent or a nodeVersion');
  numOrNull(env, 'hardwareConcurrency', 'environment');
  flags(value.flags, 'flags');
  if (value.reference !== null) {
    const r = obj(value.reference, 'reference');
    for (const k of ['suite', 'backend', 'createdAt', 'label', 'device']) str(r, k, 'reference');
    need(r.suite === suite.name && r.version === suite.version, 'reference', 'must be the same suite and version as the result');
  }
  need(Array.isArray(value.backends) && value.backends.length > 0, 'backends', 'must be a non-empty array');
  const names = new Set<string>();
  value.backends.forEach((b: unknown, i: number) => {
    backend(b, `backends[${i}]`);
    const name = (b as Obj).backend as string;
    need(!names.has(name), `backends[${i}].backend`, `duplicate backend ${name}`);
    names.add(name);
  });
  num(value, 'durationMs', '', 0);
  return value as unknown as BenchResult;
}
