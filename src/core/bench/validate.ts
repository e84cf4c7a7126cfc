/**
 * The schema validator for benchmark results: the one gate every result
 * goes through when it is written by the CLI, loaded into the page to be
 * compared, or used as a reference. Errors name the path that is wrong.
 */
import { cut, quote, unknownFieldProblem, type UnknownFieldBounds } from '../json-bounds';
import type { BenchResult } from './result';
import { BENCH_KIND, BENCH_SCHEMA_VERSION } from './result';
import { READABLE_VERSIONS, upgradeBenchResult, type BenchResultV1 } from './upgrade';

/** Longest label a result may carry (the page and the CLI cut or refuse longer ones). */
export const MAX_LABEL = 120;
/** Most backends one result may hold: every tfjs backend there is, with room to spare. */
export const MAX_BACKENDS = 8;
/** Fields this version does not know: read (a newer writer may add some), within these bounds. */
export const BENCH_UNKNOWN_BOUNDS: UnknownFieldBounds = { count: 16, chars: 65_536, depth: 16 };
/** Most cases of one kind, samples of one figure, keys of a flags object. */
const MAX_LIST = 1000;
const SHORT = 200;
const LONG = 10_000;

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

const at = (path: string, k: string) => (path ? `${path}.${k}` : k);

function str(o: Obj, k: string, path: string, max = SHORT): string {
  need(
    typeof o[k] === 'string' && (o[k] as string).length <= max,
    at(path, k),
    `must be a string of at most ${max} characters`,
  );
  return o[k] as string;
}

function optStr(o: Obj, k: string, path: string, max = SHORT): void {
  if (o[k] !== undefined) str(o, k, path, max);
}

function known(o: Obj, fields: readonly string[], path: string): void {
  const bad = unknownFieldProblem(o, fields, BENCH_UNKNOWN_BOUNDS);
  if (bad) throw new BenchResultError(path ? `${path}.${bad.field}` : bad.field, bad.detail);
}

function num(o: Obj, k: string, path: string, min = -Infinity): number {
  need(
    isNum(o[k]) && (o[k] as number) >= min,
    at(path, k),
    min > -Infinity ? `must be a number ≥ ${min}` : 'must be a finite number',
  );
  return o[k] as number;
}

function numOrNull(o: Obj, k: string, path: string): void {
  need(o[k] === null || isNum(o[k]), at(path, k), 'must be a number or null');
}

function stat(o: Obj, k: string, path: string): void {
  const p = `${path}.${k}`;
  const s = obj(o[k], p);
  need(
    Array.isArray(s.samples) && s.samples.length > 0 && s.samples.length <= MAX_LIST * 10 && s.samples.every(isNum),
    `${p}.samples`,
    'must be a non-empty array of numbers',
  );
  for (const f of ['median', 'min', 'max']) num(s, f, p);
  need(
    (s.min as number) <= (s.median as number) && (s.median as number) <= (s.max as number),
    p,
    'must have min ≤ median ≤ max',
  );
  if (s.interval !== undefined) interval(s.interval, `${p}.interval`);
  if (s.coverage !== undefined) {
    // The order-statistic interval of the median (schemaVersion 2) holds its median by construction.
    num(s, 'coverage', p, 0);
    need((s.coverage as number) <= 1, `${p}.coverage`, 'must be at most 1');
    need(s.interval !== undefined, `${p}.interval`, 'must be present with coverage');
    const [lo, hi] = s.interval as number[];
    need(lo <= (s.median as number) && (s.median as number) <= hi, `${p}.interval`, 'must contain the median');
  }
  known(s, ['median', 'min', 'max', 'samples', 'interval', 'coverage'], p);
}

/** An optional [lo, hi] pair (older results have none). */
function interval(v: unknown, path: string): void {
  need(
    Array.isArray(v) && v.length === 2 && v.every(isNum) && (v[0] as number) <= (v[1] as number),
    path,
    'must be [lo, hi] with lo ≤ hi',
  );
}

function reliability(v: unknown, path: string): void {
  const r = obj(v, path);
  need(typeof r.reliable === 'boolean', `${path}.reliable`, 'must be true or false');
  need(
    Array.isArray(r.reasons) &&
      r.reasons.length <= MAX_LIST &&
      r.reasons.every((x) => typeof x === 'string' && x.length <= LONG),
    `${path}.reasons`,
    'must be an array of strings',
  );
  need(r.reliable === (r.reasons.length === 0), `${path}.reliable`, 'must be true exactly when there are no reasons');
  num(r, 'threshold', path, 0);
  if (r.widest !== null) {
    const w = obj(r.widest, `${path}.widest`);
    str(w, 'key', `${path}.widest`);
    num(w, 'halfWidth', `${path}.widest`, 0);
  }
  known(r, ['reliable', 'reasons', 'threshold', 'widest'], path);
}

function hostLoad(v: unknown, path: string): void {
  const h = obj(v, path);
  for (const k of ['before', 'after']) {
    need(
      h[k] === null || (Array.isArray(h[k]) && (h[k] as unknown[]).length <= 3 && (h[k] as unknown[]).every(isNum)),
      `${path}.${k}`,
      'must be null or up to 3 load averages',
    );
  }
  numOrNull(h, 'cores', path);
  if (h.others !== undefined) {
    const o = obj(h.others, `${path}.others`);
    num(o, 'cores', `${path}.others`, 0);
    need(Array.isArray(o.top) && o.top.length <= 3, `${path}.others.top`, 'must be a list of up to 3 processes');
    (o.top as unknown[]).forEach((t, i) => {
      const p = obj(t, `${path}.others.top[${i}]`);
      str(p, 'name', `${path}.others.top[${i}]`);
      num(p, 'cores', `${path}.others.top[${i}]`, 0);
      known(p, ['name', 'cores'], `${path}.others.top[${i}]`);
    });
    known(o, ['cores', 'top'], `${path}.others`);
  }
  optStr(h, 'note', path, LONG);
  known(h, ['before', 'after', 'cores', 'others', 'note'], path);
}

function flags(v: unknown, path: string): void {
  const f = obj(v, path);
  const entries = Object.entries(f);
  need(entries.length <= MAX_LIST, path, `must have at most ${MAX_LIST} entries`);
  for (const [k, x] of entries)
    need(
      ['number', 'boolean'].includes(typeof x) || (typeof x === 'string' && x.length <= SHORT),
      `${path}.${cut(k, 40)}`,
      'must be a string, number or boolean',
    );
}

/** Fields of each measure kind: numbers, and Stats. */
const MEASURES: Record<string, { nums: string[]; stats: string[]; nullable?: string[] }> = {
  train: {
    nums: ['batch', 'steps', 'flopsPerStep', 'firstStepMs', 'peakBytes'],
    stats: ['stepsPerSec', 'samplesPerSec', 'gflops'],
  },
  infer: { nums: ['samples', 'batch'], stats: ['samplesPerSec', 'gflops'] },
  matmul: { nums: ['m', 'k', 'n', 'iters'], stats: ['gflops'] },
  conv: { nums: ['batch', 'size', 'cin', 'cout', 'kernel', 'iters'], stats: ['gflops'] },
  dispatch: { nums: ['ops', 'size'], stats: ['usPerOp'] },
  loop: {
    nums: ['generations', 'population', 'steps', 'seed', 'totalMs', 'targetAccuracy', 'finalValAccuracy'],
    stats: ['generationsPerMin'],
    nullable: ['timeToTargetMs'],
  },
};

function measures(v: unknown, path: string): void {
  const m = obj(v, path);
  known(m, Object.keys(MEASURES), path);
  for (const [kind, spec] of Object.entries(MEASURES)) {
    const list = m[kind];
    need(Array.isArray(list) && list.length <= MAX_LIST, `${path}.${kind}`, `must be an array of at most ${MAX_LIST}`);
    const ids = new Set<string>();
    list.forEach((item: unknown, i: number) => {
      const p = `${path}.${kind}[${i}]`;
      const o = obj(item, p);
      const id = str(o, 'id', p);
      need(!ids.has(id), `${p}.id`, `duplicate id ${quote(id)}`);
      ids.add(id);
      for (const k of spec.nums) num(o, k, p, 0);
      if (o.runsPerRegion !== undefined) num(o, 'runsPerRegion', p, 1);
      for (const k of spec.stats) stat(o, k, p);
      for (const k of spec.nullable ?? []) numOrNull(o, k, p);
      if (kind === 'matmul' && o.peakShare !== undefined) num(o, 'peakShare', p, 0);
      if (kind === 'matmul' && o.models !== undefined) num(o, 'models', p, 1);
      if (kind === 'matmul') for (const k of ['product', 'kernel']) optStr(o, k, p);
      if (kind === 'loop' && o.batchPopulation !== undefined)
        need(typeof o.batchPopulation === 'boolean', `${p}.batchPopulation`, 'must be true or false');
      for (const k of ['task', 'model', 'proposer']) optStr(o, k, p);
      known(
        o,
        [
          'id',
          'task',
          'model',
          'proposer',
          'batchPopulation',
          'runsPerRegion',
          ...(kind === 'matmul' ? ['peakShare', 'models', 'product', 'kernel'] : []),
          ...spec.nums,
          ...spec.stats,
          ...(spec.nullable ?? []),
        ],
        p,
      );
    });
  }
}

function backend(v: unknown, path: string): void {
  const b = obj(v, path);
  str(b, 'backend', path, 40);
  need(
    ['ok', 'wrong', 'unavailable', 'failed'].includes(b.status as string),
    `${path}.status`,
    `unknown status ${quote(b.status)}`,
  );
  optStr(b, 'reason', path, LONG);
  optStr(b, 'scoreNote', path, LONG);
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
    need(
      Array.isArray(c.items) && c.items.length <= MAX_LIST,
      `${path}.check.items`,
      `must be an array of at most ${MAX_LIST}`,
    );
    c.items.forEach((it: unknown, i: number) => {
      const p = `${path}.check.items[${i}]`;
      const o = obj(it, p);
      str(o, 'id', p);
      need(typeof o.passed === 'boolean', `${p}.passed`, 'must be true or false');
      numOrNull(o, 'maxAbsError', p);
      num(o, 'tolerance', p, 0);
    });
    need(
      c.passed === c.items.every((it) => (it as Obj).passed === true),
      `${path}.check.passed`,
      'must be true exactly when every item passed',
    );
  }
  if (b.status === 'ok') {
    need(
      b.check !== null && (b.check as Obj).passed === true,
      `${path}.check`,
      'a backend with status ok must have passed its check',
    );
    measures(b.measures, `${path}.measures`);
  } else if (b.measures !== null) measures(b.measures, `${path}.measures`);
  numOrNull(b, 'score', path);
  need(
    Array.isArray(b.subscores) && b.subscores.length <= MAX_LIST,
    `${path}.subscores`,
    `must be an array of at most ${MAX_LIST}`,
  );
  b.subscores.forEach((s: unknown, i: number) => {
    const p = `${path}.subscores[${i}]`;
    const o = obj(s, p);
    str(o, 'id', p);
    for (const k of ['value', 'reference', 'score']) num(o, k, p, 0);
    if (o.interval !== undefined) interval(o.interval, `${p}.interval`);
  });
  if (b.scoreInterval !== undefined && b.scoreInterval !== null) interval(b.scoreInterval, `${path}.scoreInterval`);
  if (b.reliability !== undefined) reliability(b.reliability, `${path}.reliability`);
  if (b.sustained !== undefined) sustained(b.sustained, `${path}.sustained`);
  if (b.matmulPeak !== undefined) {
    const p = `${path}.matmulPeak`;
    const o = obj(b.matmulPeak, p);
    str(o, 'caseId', p);
    num(o, 'gflops', p, 0);
    known(o, ['caseId', 'gflops'], p);
  }
  // The contract reviewers rely on: a backend that disagreed with the CPU is never scored.
  if (b.status !== 'ok') need(b.score === null, `${path}.score`, `must be null for a backend with status ${b.status}`);
  known(b, BACKEND_FIELDS, path);
}

const BACKEND_FIELDS = [
  'backend',
  'status',
  'reason',
  'adapter',
  'adapterLimits',
  'softwareAdapter',
  'flags',
  'initMs',
  'check',
  'measures',
  'gpuPoolBytes',
  'score',
  'scoreInterval',
  'subscores',
  'scoreNote',
  'reliability',
  'sustained',
  'matmulPeak',
  'durationMs',
];

function sustained(v: unknown, path: string): void {
  const s = obj(v, path);
  str(s, 'caseId', path);
  num(s, 'minutes', path, 0);
  numOrNull(s, 'stability', path);
  need(Array.isArray(s.windows) && s.windows.length <= MAX_LIST * 10, `${path}.windows`, 'must be an array');
  s.windows.forEach((w: unknown, i: number) => {
    const o = obj(w, `${path}.windows[${i}]`);
    num(o, 'endMs', `${path}.windows[${i}]`, 0);
    num(o, 'samplesPerSec', `${path}.windows[${i}]`, 0);
    known(o, ['endMs', 'samplesPerSec'], `${path}.windows[${i}]`);
  });
  known(s, ['caseId', 'minutes', 'windows', 'stability'], path);
}

/** Checks an untrusted value is a benchmark result this version can read, and returns it typed, as the current version. */
export function validateBenchResult(value: unknown): BenchResult {
  need(isObj(value), '', 'not a Successor benchmark result (expected a JSON object)');
  need(value.kind === BENCH_KIND, 'kind', `must be "${BENCH_KIND}" (is this a benchmark result?)`);
  need(
    (READABLE_VERSIONS as readonly unknown[]).includes(value.schemaVersion),
    'schemaVersion',
    `is ${quote(value.schemaVersion)}; this version reads ${READABLE_VERSIONS.join(' and ')}`,
  );
  str(value, 'generator', '');
  need(
    typeof value.createdAt === 'string' && !Number.isNaN(Date.parse(value.createdAt)),
    'createdAt',
    'must be an ISO date string',
  );
  str(value, 'label', '', MAX_LABEL);
  const suite = obj(value.suite, 'suite');
  str(suite, 'name', 'suite');
  need(
    Number.isInteger(suite.version) && (suite.version as number) >= 1,
    'suite.version',
    'must be a positive integer',
  );
  need(
    typeof suite.fingerprint === 'string' && /^[0-9a-f]{8}$/.test(suite.fingerprint),
    'suite.fingerprint',
    'must be 8 hex digits',
  );
  str(suite, 'title', 'suite');
  known(suite, ['name', 'version', 'fingerprint', 'title', 'repeats', 'warmup'], 'suite');
  num(suite, 'repeats', 'suite', 1);
  num(suite, 'warmup', 'suite', 0);
  const env = obj(value.environment, 'environment');
  str(env, 'driver', 'environment');
  str(env, 'platform', 'environment');
  str(env, 'tfjsVersion', 'environment');
  need(
    typeof env.userAgent === 'string' || typeof env.nodeVersion === 'string',
    'environment',
    'must have a userAgent or a nodeVersion',
  );
  optStr(env, 'userAgent', 'environment', LONG);
  for (const k of ['nodeVersion', 'os', 'cpu']) optStr(env, k, 'environment');
  numOrNull(env, 'hardwareConcurrency', 'environment');
  known(
    env,
    ['driver', 'userAgent', 'nodeVersion', 'platform', 'os', 'cpu', 'hardwareConcurrency', 'tfjsVersion'],
    'environment',
  );
  flags(value.flags, 'flags');
  if (value.reference !== null) {
    const r = obj(value.reference, 'reference');
    for (const k of ['suite', 'backend', 'createdAt', 'label']) str(r, k, 'reference');
    str(r, 'device', 'reference', LONG);
    need(
      r.suite === suite.name && r.version === suite.version,
      'reference',
      'must be the same suite and version as the result',
    );
    known(r, ['suite', 'version', 'backend', 'createdAt', 'label', 'device'], 'reference');
  }
  need(
    Array.isArray(value.backends) && value.backends.length > 0 && value.backends.length <= MAX_BACKENDS,
    'backends',
    `must be a non-empty array of at most ${MAX_BACKENDS}`,
  );
  const names = new Set<string>();
  value.backends.forEach((b: unknown, i: number) => {
    backend(b, `backends[${i}]`);
    const name = (b as Obj).backend as string;
    need(!names.has(name), `backends[${i}].backend`, `duplicate backend ${name}`);
    names.add(name);
  });
  num(value, 'durationMs', '', 0);
  if (value.hostLoad !== undefined) hostLoad(value.hostLoad, 'hostLoad');
  known(
    value,
    [
      'schemaVersion',
      'kind',
      'generator',
      'createdAt',
      'label',
      'suite',
      'environment',
      'flags',
      'reference',
      'backends',
      'hostLoad',
      'durationMs',
    ],
    '',
  );
  // Version 1 recorded t-intervals of the mean: read it as version 2 (see upgrade.ts).
  return value.schemaVersion === BENCH_SCHEMA_VERSION
    ? (value as unknown as BenchResult)
    : upgradeBenchResult(value as unknown as BenchResultV1);
}
