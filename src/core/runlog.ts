/**
 * The run log — Successor's data format (see docs/run-log.md). A run log is
 * written by the engine, saved by the page, exported, imported and merged by
 * the report tools; `validateRunLog` is the one gate every import goes through.
 */
import type { RunConfig } from './config';
import { BACKEND_NAMES, ConfigError, parseConfig } from './config';
import type { Genome } from './genome';
import { GenomeError, validateGenome } from './genome';
import { quote, unknownFieldProblem, type UnknownFieldBounds } from './json-bounds';
import type { DecisionRecord } from './oversight/approval';
import type { StopReason } from './oversight/budgets';
import type { ChainInfo } from './oversight/chain';
import type { Trip } from './oversight/tripwires';

export const SCHEMA_VERSION = 1;

/** Outcome of training one candidate. */
export type CandidateStatus = 'ok' | 'diverged' | 'failed';

/** Held-out scores of a candidate. Accuracies are fractions in [0, 1]. */
export interface Metrics {
  /** Mean training loss over the last progress interval. */
  trainLoss: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  /** Present only for candidates that were a generation's champion. */
  testAccuracy?: number;
}

/**
 * How a candidate was trained: on its own, or batched with `groupSize - 1`
 * other children of its generation into one computation (stacked weights),
 * which gives the same result up to float rounding; `kernels` says whether
 * the batched steps ran as tfjs ops or as a fused step (WGSL kernels on
 * WebGPU, typed-array code for small MLPs on wasm).
 */
export type TrainingMode = { mode: 'alone' } | { mode: 'batched'; groupSize: number; kernels?: 'tfjs' | 'fused' };

/** One trained (or failed) genome and how it came to be. */
export interface Candidate {
  id: number;
  parentId: number | null;
  generation: number;
  genome: Genome;
  /** Names of the operators applied to the parent, in order. */
  operators: string[];
  /** Human-readable description of each change. */
  changes: string[];
  status: CandidateStatus;
  /** Why a candidate diverged or failed. */
  error?: string;
  /** Whether training started from the parent's weights. */
  inherited: boolean;
  params: number;
  /** FLOPs of the whole training run (steps × per-step FLOPs). */
  flops: number;
  /** FLOPs of evaluating it (forward passes on validation, and on test if it became champion); absent in older logs. */
  evalFlops?: number;
  /** Training FLOPs already in the weights it inherited (its ancestors' training), when `inherited`. */
  inheritedFlops?: number;
  steps: number;
  trainMs: number;
  metrics: Metrics;
  /** Training loss sampled every `progressEvery` steps. */
  lossCurve: number[];
  /** `learned` proposer only: the predicted validation gain over the parent when it was proposed. */
  predictedGain?: number;
  /** How it was trained (absent in logs written before population batching). With `batched`, `trainMs` is the group's time divided by its size. */
  training?: TrainingMode;
  /** `asha` / `hyperband`: the rung it trained up to (0 = the bottom), and its bracket (Hyperband; 0 for ASHA). */
  rung?: number;
  bracket?: number;
  /** `pbt`: its slot in the population (member 0 … population − 1), the same across rounds. */
  member?: number;
  /** Link in the log's hash chain (see oversight/chain.ts). */
  hash?: string;
}

/** One challenger's paired test against the champion (core/acceptance.ts). */
export interface ChallengerTest {
  /** The challenger's candidate id. */
  id: number;
  /** Mean over replicates of challenger − champion validation accuracy. */
  meanDifference: number;
  /** Standard error of that mean. */
  se: number;
  /** The threshold in SEs, corrected for the generation's challengers. */
  z: number;
  accepted: boolean;
}

/** Summary of one generation. */
export interface GenerationSummary {
  index: number;
  /**
   * The champion after this generation: the best so far by validation accuracy (or, with noise-aware
   * acceptance, the last challenger that beat its predecessor by more than the noise).
   */
  championId: number;
  championValAccuracy: number;
  championTestAccuracy: number;
  /** Best validation accuracy among this generation's own candidates. */
  bestValAccuracy: number | null;
  candidateIds: number[];
  /** Wall time of the generation, ms. */
  ms: number;
  /** With `replicates`: validation accuracies of the champion retrained with replicate seeds 0..K−1 (a diverged one at chance, 1 / classes). */
  replicateValAccuracies?: number[];
  /** With `replicates`: indices of the champion's replicates that diverged (absent when none did). */
  replicateDiverged?: number[];
  /** With `replicates`: the champion's noise, the std of its own and its clean replicates' validation accuracies. */
  noise?: number;
  /** With noise-aware acceptance: ids of children tested against the champion and not accepted. */
  rejectedAsNoise?: number[];
  /** With noise-aware acceptance: each challenger's paired test against the champion, in the order tested. */
  challengerTests?: ChallengerTest[];
  /** `learned` proposer only: Spearman rank correlation between this generation's predicted and measured gains (null when undefined). */
  predictionRankCorrelation?: number | null;
  /** FLOPs (training and validation passes) and training ms spent on replicates this generation. */
  replicateFlops?: number;
  replicateMs?: number;
  /** Tripwires that tripped after this generation, with the action taken. */
  trips?: Trip[];
  /** Approval decisions made before this generation's champion was crowned. */
  decisions?: DecisionRecord[];
  /** `pbt`: the learning-rate schedule the champion's weights were trained with (its inherited lineage), oldest segment first. */
  championSchedule?: { step: number; learningRate: number }[];
  /** Link in the log's hash chain. */
  hash?: string;
}

/** GPU adapter facts, as WebGPU reports them. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

/** Where a run actually ran. */
export interface Environment {
  /** The backend requested in the config. */
  requestedBackend: string;
  /** The backend actually used. */
  backend: string;
  /** Why each earlier backend in the fallback order was not used. */
  fallbacks: { backend: string; reason: string }[];
  adapter: AdapterInfo | null;
  tfjsVersion: string;
  userAgent?: string;
  nodeVersion?: string;
  platform: string;
}

/** A failure the run was continued after: where it resumed, why it had stopped, on which backend. */
export interface Interruption {
  generation: number;
  reason: string;
  backend: string;
}

/** A complete (or in-progress) run. */
export interface RunLog {
  schemaVersion: typeof SCHEMA_VERSION;
  /** Name and version of the tool that wrote the log. */
  generator: string;
  /**
   * The code that computed the run: `<package version>+<hash of the engine's
   * sources>` (see code-version.ts); 'unknown' where the host could not say.
   * Absent in logs written before it was recorded.
   */
  codeVersion?: string;
  createdAt: string;
  status: 'running' | 'done' | 'stopped' | 'error';
  config: RunConfig;
  environment: Environment;
  candidates: Candidate[];
  generations: GenerationSummary[];
  /** Why the run ended with status `error` (a log with whole generations, continuable). */
  error?: string;
  /** Failures this run was continued after, oldest first. */
  interruptions?: Interruption[];
  /** Why the run ended before its last generation: a budget reached or a tripwire with action `stop`. */
  stopReason?: StopReason;
  /** The hash chain's root and head (absent in logs written before it existed). */
  chain?: ChainInfo;
}

/** Thrown for an invalid run log; `path` names where it is wrong. */
export class RunLogError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'RunLogError';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const fraction = (v: unknown) => finite(v) && v >= 0 && v <= 1;
const str = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;

/** Whether a value is a well-formed challenger test of a known candidate. */
const challengerTest =
  (ids: Set<number>) =>
  (t: unknown): boolean => {
    if (typeof t !== 'object' || t === null) return false;
    const o = t as Record<string, unknown>;
    return (
      ids.has(o.id as number) &&
      finite(o.meanDifference) &&
      finite(o.se) &&
      o.se >= 0 &&
      finite(o.z) &&
      typeof o.accepted === 'boolean'
    );
  };

function need(cond: boolean, path: string, detail: string): asserts cond {
  if (!cond) throw new RunLogError(path, detail);
}

/**
 * The fields each object of a run log may carry. Add a field here when the
 * engine starts writing it; anything else is tolerated only within
 * `UNKNOWN_FIELD_BOUNDS` (a newer version's extras), never at any size.
 */
export const RUN_LOG_FIELDS = {
  log: [
    'schemaVersion',
    'generator',
    'codeVersion',
    'createdAt',
    'status',
    'config',
    'environment',
    'candidates',
    'generations',
    'error',
    'interruptions',
    'stopReason',
    'chain',
  ],
  environment: [
    'requestedBackend',
    'backend',
    'fallbacks',
    'adapter',
    'tfjsVersion',
    'userAgent',
    'nodeVersion',
    'platform',
  ],
  candidate: [
    'id',
    'parentId',
    'generation',
    'genome',
    'operators',
    'changes',
    'status',
    'error',
    'inherited',
    'params',
    'flops',
    'evalFlops',
    'inheritedFlops',
    'steps',
    'trainMs',
    'metrics',
    'lossCurve',
    'training',
    'rung',
    'bracket',
    'member',
    'hash',
  ],
  metrics: ['trainLoss', 'valLoss', 'valAccuracy', 'testAccuracy'],
  generation: [
    'index',
    'championId',
    'championValAccuracy',
    'championTestAccuracy',
    'bestValAccuracy',
    'candidateIds',
    'ms',
    'replicateValAccuracies',
    'replicateDiverged',
    'noise',
    'rejectedAsNoise',
    'challengerTests',
    'replicateFlops',
    'replicateMs',
    'trips',
    'decisions',
    'championSchedule',
    'hash',
  ],
} as const;

/** How many unknown fields an object may have, and how big each may be. */
export const UNKNOWN_FIELD_BOUNDS: UnknownFieldBounds = { count: 16, chars: 65_536, depth: 16 };

/** Short strings (names, versions, dates) and long ones (error messages, user agents). */
const SHORT = 200;
const LONG = 10_000;

function boundUnknown(obj: Record<string, unknown>, known: readonly string[], path: string): void {
  const bad = unknownFieldProblem(obj, known, UNKNOWN_FIELD_BOUNDS);
  if (bad) throw new RunLogError(path ? `${path}.${bad.field}` : bad.field, bad.detail);
}

function validateConfig(raw: Record<string, unknown>): void {
  let parsed: RunConfig;
  try {
    parsed = parseConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) throw new RunLogError('config.' + e.field, e.message.slice(e.field.length + 2));
    throw e;
  }
  // parseConfig accepts strings (flags, URL hash); a log holds typed values, so a
  // string where a number belongs (`"seed": "2"`) would be averaged as text later.
  for (const [k, v] of Object.entries(raw)) {
    const want = typeof (parsed as unknown as Record<string, unknown>)[k];
    need(typeof v === want, `config.${k}`, `must be a ${want}, got ${quote(v)}`);
  }
}

function validateEnvironment(env: unknown): void {
  need(isObj(env), 'environment', 'must be an object');
  need(
    BACKEND_NAMES.includes(env.requestedBackend as never),
    'environment.requestedBackend',
    `must be one of ${BACKEND_NAMES.join(', ')}, got ${quote(env.requestedBackend)}`,
  );
  const used = BACKEND_NAMES.filter((b) => b !== 'auto');
  need(
    used.includes(env.backend as never),
    'environment.backend',
    `must be one of ${used.join(', ')}, got ${quote(env.backend)}`,
  );
  need(
    Array.isArray(env.fallbacks) && env.fallbacks.length <= BACKEND_NAMES.length,
    'environment.fallbacks',
    `must be an array of at most ${BACKEND_NAMES.length}`,
  );
  env.fallbacks.forEach((f: unknown, i: number) =>
    need(
      isObj(f) && str(f.backend, SHORT) && str(f.reason, LONG),
      `environment.fallbacks[${i}]`,
      'must be {backend, reason} strings',
    ),
  );
  const a = env.adapter;
  need(a === null || isObj(a), 'environment.adapter', 'must be an object or null');
  if (a) {
    for (const k of ['vendor', 'architecture', 'device', 'description'] as const)
      need(str(a[k], SHORT), `environment.adapter.${k}`, `must be a string of at most ${SHORT} characters`);
    need(typeof a.isFallbackAdapter === 'boolean', 'environment.adapter.isFallbackAdapter', 'must be true or false');
  }
  for (const k of ['tfjsVersion', 'platform'] as const)
    need(str(env[k], SHORT), `environment.${k}`, `must be a string of at most ${SHORT} characters`);
  need(
    env.userAgent === undefined || str(env.userAgent, LONG),
    'environment.userAgent',
    `must be a string of at most ${LONG} characters`,
  );
  need(
    env.nodeVersion === undefined || str(env.nodeVersion, SHORT),
    'environment.nodeVersion',
    `must be a string of at most ${SHORT} characters`,
  );
  boundUnknown(env, RUN_LOG_FIELDS.environment, 'environment');
}

const strings = (v: unknown, max: number) => Array.isArray(v) && v.every((o) => str(o, max));

function validateCandidate(c: unknown, p: string, ids: Set<number>): void {
  need(isObj(c), p, 'must be an object');
  need(int(c.id) && !ids.has(c.id), `${p}.id`, 'must be a unique integer');
  need(
    c.parentId === null || (int(c.parentId) && ids.has(c.parentId)),
    `${p}.parentId`,
    'must be null or the id of an earlier candidate',
  );
  ids.add(c.id);
  need(int(c.generation) && c.generation >= 0, `${p}.generation`, 'must be a non-negative integer');
  try {
    validateGenome(c.genome);
  } catch (e) {
    if (e instanceof GenomeError) throw new RunLogError(p, e.message);
    throw e;
  }
  need(strings(c.operators, SHORT), `${p}.operators`, 'must be an array of strings');
  need(strings(c.changes, LONG), `${p}.changes`, 'must be an array of strings');
  need(['ok', 'diverged', 'failed'].includes(c.status as string), `${p}.status`, `unknown status ${quote(c.status)}`);
  need(c.error === undefined || str(c.error, LONG), `${p}.error`, `must be a string of at most ${LONG} characters`);
  need(typeof c.inherited === 'boolean', `${p}.inherited`, 'must be true or false');
  for (const k of ['params', 'flops', 'steps', 'trainMs'] as const)
    need(finite(c[k]) && c[k] >= 0, `${p}.${k}`, `must be a finite non-negative number, got ${quote(c[k])}`);
  for (const k of ['evalFlops', 'inheritedFlops'] as const)
    need(
      c[k] === undefined || (finite(c[k]) && c[k] >= 0),
      `${p}.${k}`,
      `must be a finite non-negative number, got ${quote(c[k])}`,
    );
  const m = c.metrics;
  need(isObj(m), `${p}.metrics`, 'must be an object');
  for (const k of ['trainLoss', 'valLoss'] as const)
    need(m[k] === null || finite(m[k]), `${p}.metrics.${k}`, `must be a finite number or null, got ${quote(m[k])}`);
  need(
    m.valAccuracy === null || fraction(m.valAccuracy),
    `${p}.metrics.valAccuracy`,
    `must be a fraction in [0, 1] or null, got ${quote(m.valAccuracy)}`,
  );
  need(
    m.testAccuracy === undefined || fraction(m.testAccuracy),
    `${p}.metrics.testAccuracy`,
    `must be a fraction in [0, 1], got ${quote(m.testAccuracy)}`,
  );
  boundUnknown(m, RUN_LOG_FIELDS.metrics, `${p}.metrics`);
  need(
    Array.isArray(c.lossCurve) && c.lossCurve.every((x) => x === null || finite(x)),
    `${p}.lossCurve`,
    'must be an array of finite numbers (or nulls)',
  );
  if (c.training !== undefined) {
    const t = c.training;
    const batched =
      isObj(t) &&
      t.mode === 'batched' &&
      int(t.groupSize) &&
      t.groupSize >= 1 &&
      (t.kernels === undefined || t.kernels === 'tfjs' || t.kernels === 'fused');
    need(
      isObj(t) && (t.mode === 'alone' || batched),
      `${p}.training`,
      'must be {"mode":"alone"} or {"mode":"batched","groupSize":K[,"kernels":"tfjs"|"fused"]}',
    );
  }
  for (const k of ['rung', 'bracket', 'member'] as const)
    need(c[k] === undefined || (int(c[k]) && c[k] >= 0), `${p}.${k}`, 'must be a non-negative integer');
  boundUnknown(c, RUN_LOG_FIELDS.candidate, p);
}

/** Trips in one generation (one per rule) and decisions (one per gated candidate) a log may hold. */
const MAX_TRIPS = 64;
const MAX_DECISIONS = 10_000;
const STOP_REASON_FIELDS = ['kind', 'budget', 'rule', 'limit', 'threshold', 'value', 'generation', 'action'];
const TRIP_FIELDS = ['generation', 'rule', 'value', 'threshold', 'action'];
const DECISION_FIELDS = ['gate', 'generation', 'candidateId', 'currentId', 'approve', 'by', 'at', 'note', 'predictor'];

const hex64 = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

/** The shapes of the oversight fields (what they mean is checked by verifyChain and the tripwires). */
function validateOversight(value: Record<string, unknown>): void {
  const r = value.stopReason;
  if (r !== undefined) {
    need(
      isObj(r) &&
        (r.kind === 'budget' || r.kind === 'tripwire') &&
        int(r.generation) &&
        finite(r.value) &&
        (r.kind === 'budget' ? str(r.budget, SHORT) : str(r.rule, SHORT)) &&
        (r.action === undefined || str(r.action, SHORT)),
      'stopReason',
      `must be {kind: "budget"|"tripwire", generation, value, budget or rule, …} with names of at most ${SHORT} characters`,
    );
    boundUnknown(r, STOP_REASON_FIELDS, 'stopReason');
  }
  const c = value.chain;
  if (c !== undefined) {
    need(
      isObj(c) && c.algorithm === 'sha256' && hex64(c.root) && (c.head === undefined || hex64(c.head)),
      'chain',
      'must be {algorithm: "sha256", root, head?} with hex SHA-256 hashes',
    );
  }
  (value.candidates as Record<string, unknown>[]).forEach((x, i) =>
    need(x.hash === undefined || hex64(x.hash), `candidates[${i}].hash`, 'must be a hex SHA-256 hash'),
  );
  (value.generations as Record<string, unknown>[]).forEach((g, i) => {
    const p = `generations[${i}]`;
    need(g.hash === undefined || hex64(g.hash), `${p}.hash`, 'must be a hex SHA-256 hash');
    need(
      g.trips === undefined ||
        (Array.isArray(g.trips) &&
          g.trips.length <= MAX_TRIPS &&
          g.trips.every(
            (t) =>
              isObj(t) &&
              str(t.rule, SHORT) &&
              finite(t.value) &&
              finite(t.threshold) &&
              str(t.action, SHORT) &&
              (t.generation === undefined || int(t.generation)),
          )),
      `${p}.trips`,
      `must be an array of at most ${MAX_TRIPS} {rule, value, threshold, action} with names of at most ${SHORT} characters`,
    );
    need(
      g.decisions === undefined ||
        (Array.isArray(g.decisions) &&
          g.decisions.length <= MAX_DECISIONS &&
          g.decisions.every(
            (d) =>
              isObj(d) &&
              int(d.candidateId) &&
              (d.currentId === undefined || int(d.currentId)) &&
              (d.generation === undefined || int(d.generation)) &&
              typeof d.approve === 'boolean' &&
              (d.gate === undefined || str(d.gate, SHORT)) &&
              str(d.by, SHORT) &&
              str(d.at, SHORT) &&
              (d.note === undefined || str(d.note, LONG)) &&
              (d.predictor === undefined || (isObj(d.predictor) && int(d.predictor.examples))),
          )),
      `${p}.decisions`,
      `must be an array of at most ${MAX_DECISIONS} {candidateId, approve, by, at, note?}: by and at at most ${SHORT} characters, note at most ${LONG}`,
    );
    (g.trips as Record<string, unknown>[] | undefined)?.forEach((t, j) =>
      boundUnknown(t, TRIP_FIELDS, `${p}.trips[${j}]`),
    );
    (g.decisions as Record<string, unknown>[] | undefined)?.forEach((d, j) => {
      boundUnknown(d, DECISION_FIELDS, `${p}.decisions[${j}]`);
      if (isObj(d.predictor)) boundUnknown(d.predictor, ['examples'], `${p}.decisions[${j}].predictor`);
    });
  });
}

function validateGeneration(g: unknown, p: string, i: number, ids: Set<number>): void {
  need(isObj(g), p, 'must be an object');
  need(g.index === i, `${p}.index`, `must be ${i}`);
  need(int(g.championId) && ids.has(g.championId), `${p}.championId`, 'must be the id of a candidate');
  for (const k of ['championValAccuracy', 'championTestAccuracy'] as const)
    need(fraction(g[k]), `${p}.${k}`, `must be a fraction in [0, 1], got ${quote(g[k])}`);
  need(
    g.bestValAccuracy === undefined || g.bestValAccuracy === null || fraction(g.bestValAccuracy),
    `${p}.bestValAccuracy`,
    `must be a fraction in [0, 1] or null, got ${quote(g.bestValAccuracy)}`,
  );
  need(
    g.candidateIds === undefined ||
      (Array.isArray(g.candidateIds) && g.candidateIds.every((id) => ids.has(id as number))),
    `${p}.candidateIds`,
    'must be an array of candidate ids',
  );
  need(
    g.rejectedAsNoise === undefined ||
      (Array.isArray(g.rejectedAsNoise) && g.rejectedAsNoise.every((id) => ids.has(id as number))),
    `${p}.rejectedAsNoise`,
    'must be an array of candidate ids',
  );
  need(
    g.replicateValAccuracies === undefined ||
      (Array.isArray(g.replicateValAccuracies) && g.replicateValAccuracies.every(fraction)),
    `${p}.replicateValAccuracies`,
    'must be an array of fractions in [0, 1]',
  );
  need(
    g.replicateDiverged === undefined ||
      (Array.isArray(g.replicateDiverged) &&
        g.replicateDiverged.every((r) => Number.isInteger(r) && (r as number) >= 0 && (r as number) < 100_000)),
    `${p}.replicateDiverged`,
    'must be an array of replicate indices',
  );
  need(
    g.challengerTests === undefined ||
      (Array.isArray(g.challengerTests) &&
        g.challengerTests.length <= 100_000 &&
        g.challengerTests.every(challengerTest(ids))),
    `${p}.challengerTests`,
    'must be an array of {id, meanDifference, se, z, accepted}',
  );
  for (const k of ['ms', 'noise', 'replicateFlops', 'replicateMs'] as const)
    need(
      g[k] === undefined || (finite(g[k]) && g[k] >= 0),
      `${p}.${k}`,
      `must be a finite non-negative number, got ${quote(g[k])}`,
    );
  need(
    g.championSchedule === undefined ||
      (Array.isArray(g.championSchedule) &&
        g.championSchedule.every(
          (x) => isObj(x) && finite(x.step) && x.step >= 0 && finite(x.learningRate) && x.learningRate > 0,
        )),
    `${p}.championSchedule`,
    'must be an array of {step, learningRate} with non-negative steps and positive rates',
  );
  boundUnknown(g, RUN_LOG_FIELDS.generation, p);
}

/**
 * Checks an untrusted value is a run log this version can read, and returns
 * it typed. Refuses foreign JSON, other schema versions, broken references,
 * values no run can produce (accuracies outside [0, 1], non-finite numbers,
 * strings where the config has numbers, a `done` run missing generations),
 * and unknown fields beyond `UNKNOWN_FIELD_BOUNDS`.
 */
export function validateRunLog(value: unknown): RunLog {
  need(isObj(value), '', 'not a Successor run log (expected a JSON object)');
  need('schemaVersion' in value, 'schemaVersion', 'missing: this is not a Successor run log');
  need(
    value.schemaVersion === SCHEMA_VERSION,
    'schemaVersion',
    `is ${quote(value.schemaVersion)}; this version reads ${SCHEMA_VERSION}`,
  );
  need(
    ['running', 'done', 'stopped', 'error'].includes(value.status as string),
    'status',
    `unknown status ${quote(value.status)}`,
  );
  need(str(value.generator, SHORT), 'generator', `must be a string of at most ${SHORT} characters`);
  need(str(value.createdAt, SHORT), 'createdAt', 'must be a string');
  need(
    value.codeVersion === undefined || str(value.codeVersion, SHORT),
    'codeVersion',
    `must be a string of at most ${SHORT} characters`,
  );
  need(isObj(value.config), 'config', 'must be an object');
  validateConfig(value.config);
  validateEnvironment(value.environment);
  need(Array.isArray(value.candidates), 'candidates', 'must be an array');
  const ids = new Set<number>();
  value.candidates.forEach((c: unknown, i: number) => validateCandidate(c, `candidates[${i}]`, ids));
  need(Array.isArray(value.generations), 'generations', 'must be an array');
  value.generations.forEach((g: unknown, i: number) => validateGeneration(g, `generations[${i}]`, i, ids));
  need(value.error === undefined || str(value.error, LONG), 'error', `must be a string of at most ${LONG} characters`);
  need(value.interruptions === undefined || Array.isArray(value.interruptions), 'interruptions', 'must be an array');
  (value.interruptions ?? []).forEach((x: unknown, i: number) =>
    need(
      isObj(x) && int(x.generation) && x.generation >= 0 && str(x.reason, LONG) && str(x.backend, SHORT),
      `interruptions[${i}]`,
      'must be {generation, reason, backend}',
    ),
  );
  const planned = parseConfig(value.config).generations;
  need(
    value.generations.length <= planned,
    'generations',
    `holds ${value.generations.length} generations; the config plans ${planned}`,
  );
  validateOversight(value);
  // A run a budget or a stopping tripwire ended is done with fewer generations.
  need(
    value.status !== 'done' || value.generations.length === planned || value.stopReason !== undefined,
    'generations',
    `a done run has all ${planned} generations of its config, this one ${value.generations.length}`,
  );
  boundUnknown(value, RUN_LOG_FIELDS.log, '');
  return value as unknown as RunLog;
}

export { runLogToCsv } from './runlog-csv';
