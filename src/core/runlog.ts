/**
 * The run log — Successor's data format (see docs/run-log.md). A run log is
 * written by the engine, saved by the page, exported, imported and merged by
 * the report tools; `validateRunLog` is the one gate every import goes through.
 */
import type { RunConfig } from './config';
import { ConfigError, parseConfig } from './config';
import type { Genome } from './genome';
import { GenomeError, validateGenome } from './genome';

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
 * the batched steps ran as tfjs ops or as the fused WGSL kernels (WebGPU).
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
  steps: number;
  trainMs: number;
  metrics: Metrics;
  /** Training loss sampled every `progressEvery` steps. */
  lossCurve: number[];
  /** How it was trained (absent in logs written before population batching). With `batched`, `trainMs` is the group's time divided by its size. */
  training?: TrainingMode;
}

/** Summary of one generation. */
export interface GenerationSummary {
  index: number;
  /** The champion after this generation: the best so far by validation accuracy (or, with noise-aware acceptance, the last challenger that beat its predecessor by more than the noise). */
  championId: number;
  championValAccuracy: number;
  championTestAccuracy: number;
  /** Best validation accuracy among this generation's own candidates. */
  bestValAccuracy: number | null;
  candidateIds: number[];
  /** Wall time of the generation, ms. */
  ms: number;
  /** With `replicates`: validation accuracies of the champion retrained with other seeds. */
  replicateValAccuracies?: number[];
  /** With `replicates`: the champion's noise, the std of its own and its replicates' validation accuracies. */
  noise?: number;
  /** With noise-aware acceptance: ids of candidates that beat the champion, but not by more than the noise. */
  rejectedAsNoise?: number[];
  /** Training FLOPs and ms spent on replicates this generation. */
  replicateFlops?: number;
  replicateMs?: number;
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

/** A complete (or in-progress) run. */
export interface RunLog {
  schemaVersion: typeof SCHEMA_VERSION;
  /** Name and version of the tool that wrote the log. */
  generator: string;
  createdAt: string;
  status: 'running' | 'done' | 'stopped' | 'error';
  config: RunConfig;
  environment: Environment;
  candidates: Candidate[];
  generations: GenerationSummary[];
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
const numOrNull = (v: unknown) => v === null || (typeof v === 'number' && !Number.isNaN(v));
const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

function need(cond: boolean, path: string, detail: string): asserts cond {
  if (!cond) throw new RunLogError(path, detail);
}

/**
 * Checks an untrusted value is a run log this version can read, and returns
 * it typed. Refuses foreign JSON, other schema versions, broken references.
 */
export function validateRunLog(value: unknown): RunLog {
  need(isObj(value), '', 'not a Successor run log (expected a JSON object)');
  need('schemaVersion' in value, 'schemaVersion', 'missing: this is not a Successor run log');
  need(value.schemaVersion === SCHEMA_VERSION, 'schemaVersion', `is ${JSON.stringify(value.schemaVersion)}; this version reads ${SCHEMA_VERSION}`);
  need(['running', 'done', 'stopped', 'error'].includes(value.status as string), 'status', `unknown status ${JSON.stringify(value.status)}`);
  need(typeof value.createdAt === 'string', 'createdAt', 'must be a string');
  need(isObj(value.config), 'config', 'must be an object');
  try {
    parseConfig(value.config);
  } catch (e) {
    if (e instanceof ConfigError) throw new RunLogError('config.' + e.field, e.message.slice(e.field.length + 2));
    throw e;
  }
  const env = value.environment;
  need(isObj(env), 'environment', 'must be an object');
  need(typeof env.backend === 'string', 'environment.backend', 'must be a string');
  need(Array.isArray(env.fallbacks), 'environment.fallbacks', 'must be an array');
  need(env.adapter === null || isObj(env.adapter), 'environment.adapter', 'must be an object or null');
  need(Array.isArray(value.candidates), 'candidates', 'must be an array');
  const ids = new Set<number>();
  value.candidates.forEach((c: unknown, i: number) => {
    const p = `candidates[${i}]`;
    need(isObj(c), p, 'must be an object');
    need(int(c.id) && !ids.has(c.id as number), `${p}.id`, 'must be a unique integer');
    need(c.parentId === null || (int(c.parentId) && ids.has(c.parentId as number)), `${p}.parentId`, 'must be null or the id of an earlier candidate');
    ids.add(c.id as number);
    need(int(c.generation) && (c.generation as number) >= 0, `${p}.generation`, 'must be a non-negative integer');
    try {
      validateGenome(c.genome);
    } catch (e) {
      if (e instanceof GenomeError) throw new RunLogError(p, e.message);
      throw e;
    }
    need(Array.isArray(c.operators) && c.operators.every((o) => typeof o === 'string'), `${p}.operators`, 'must be an array of strings');
    need(['ok', 'diverged', 'failed'].includes(c.status as string), `${p}.status`, `unknown status ${JSON.stringify(c.status)}`);
    for (const k of ['params', 'flops', 'steps', 'trainMs'] as const) need(typeof c[k] === 'number' && (c[k] as number) >= 0, `${p}.${k}`, 'must be a non-negative number');
    const m = c.metrics;
    need(isObj(m), `${p}.metrics`, 'must be an object');
    for (const k of ['trainLoss', 'valLoss', 'valAccuracy'] as const) need(numOrNull(m[k]), `${p}.metrics.${k}`, 'must be a number or null');
    need(Array.isArray(c.lossCurve), `${p}.lossCurve`, 'must be an array');
    if (c.training !== undefined) {
      const t = c.training;
      const batched = isObj(t) && t.mode === 'batched' && int(t.groupSize) && (t.groupSize as number) >= 1 && (t.kernels === undefined || t.kernels === 'tfjs' || t.kernels === 'fused');
      need(isObj(t) && (t.mode === 'alone' || batched), `${p}.training`, 'must be {"mode":"alone"} or {"mode":"batched","groupSize":K[,"kernels":"tfjs"|"fused"]}');
    }
  });
  need(Array.isArray(value.generations), 'generations', 'must be an array');
  value.generations.forEach((g: unknown, i: number) => {
    const p = `generations[${i}]`;
    need(isObj(g), p, 'must be an object');
    need(g.index === i, `${p}.index`, `must be ${i}`);
    need(int(g.championId) && ids.has(g.championId as number), `${p}.championId`, 'must be the id of a candidate');
    need(typeof g.championValAccuracy === 'number', `${p}.championValAccuracy`, 'must be a number');
    need(typeof g.championTestAccuracy === 'number', `${p}.championTestAccuracy`, 'must be a number');
  });
  return value as unknown as RunLog;
}

const CSV_COLUMNS = [
  'id', 'parentId', 'generation', 'status', 'family', 'architecture', 'optimizer', 'learningRate', 'batchSize',
  'weightDecay', 'dropout', 'operators', 'inherited', 'params', 'flops', 'steps', 'trainMs',
  'trainLoss', 'valLoss', 'valAccuracy', 'testAccuracy', 'training',
] as const;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per candidate, header first; genomes flattened to their main fields. */
export function runLogToCsv(log: RunLog): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const c of log.candidates) {
    const a = c.genome.arch;
    const layers = a.family === 'mlp' ? a.layers.map((l) => `${l.units}:${l.activation}`).join(' ') : `${a.blocks.map((b) => `c${b.filters}k${b.kernel}${b.pool ? 'p' : ''}`).join(' ')} | ${a.head.map((l) => l.units).join(' ')}`;
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      id: c.id, parentId: c.parentId, generation: c.generation, status: c.status, family: a.family, architecture: layers,
      optimizer: c.genome.hyper.optimizer, learningRate: c.genome.hyper.learningRate, batchSize: c.genome.hyper.batchSize,
      weightDecay: c.genome.hyper.weightDecay, dropout: c.genome.hyper.dropout, operators: c.operators.join(' '),
      inherited: c.inherited, params: c.params, flops: c.flops, steps: c.steps, trainMs: Math.round(c.trainMs),
      trainLoss: c.metrics.trainLoss, valLoss: c.metrics.valLoss, valAccuracy: c.metrics.valAccuracy, testAccuracy: c.metrics.testAccuracy,
      training: c.training && (c.training.mode === 'batched' ? `batched:${c.training.groupSize}${c.training.kernels === 'fused' ? ':fused' : ''}` : 'alone'),
    };
    rows.push(CSV_COLUMNS.map((k) => csvCell(row[k])).join(','));
  }
  return rows.join('\n') + '\n';
}
