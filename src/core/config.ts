/**
 * The run config: everything that decides a run's result. It is validated
 * in one place for every entry point — CLI flags, the URL hash, a config
 * file, the worker — so each gets the same errors naming the same fields.
 */
import type { Genome } from './genome';
import { GenomeError, validateGenome } from './genome';
import { isTaskName, SEED_PRESETS, TASK_NAMES, type SeedPreset, type TaskName } from './tasks';
import { OVERSIGHT_FIELDS, parseOversight, type OversightConfig } from './oversight/config';
import { validateTransfer, type PolicyTransfer } from './transfer';

export const PROPOSER_NAMES = ['random', 'hillclimb', 'evolution', 'self-adaptive', 'self-adaptive-frozen', 'self-adaptive-shuffled', 'learned'] as const;
/** Name of a proposer. */
export type ProposerName = (typeof PROPOSER_NAMES)[number];

export const BACKEND_NAMES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** A backend request; `auto` takes the first that works in this order. */
export type BackendRequest = (typeof BACKEND_NAMES)[number];

/** Everything that decides a run (oversight: budgets, tripwires, approval gates). */
export interface RunConfig extends OversightConfig {
  task: TaskName;
  proposer: ProposerName;
  /** Generations in all, counting generation 0 (the seed genome alone). */
  generations: number;
  /** Children per generation after generation 0. */
  population: number;
  /** Training budget per candidate, in optimizer steps. */
  steps: number;
  /** Optional budget in training FLOPs; when set, steps = floor(flops / flopsPerStep). */
  flopsBudget?: number;
  /**
   * Optional cap on steps under a FLOPs budget: steps = min(⌊flopsBudget / flopsPerStep⌋, stepCap).
   * Without it a tiny model can buy tens of thousands of cheap steps, which costs
   * far more wall time than FLOPs. The same cap for every proposer keeps budgets equal.
   */
  stepCap?: number;
  seed: number;
  backend: BackendRequest;
  /** Children whose weight shapes match their parent's start from its weights. */
  inherit: boolean;
  /** The generation-0 genome: a task preset or a full genome. */
  seedGenome: SeedPreset | Genome;
  /** Tournament size for evolution and self-adaptive parent selection. */
  tournament: number;
  /**
   * Evolution's population P: the tournament pool of recent healthy
   * candidates (Real et al.'s "population"), separate from the children per
   * generation λ (`population`). Default 3 × λ, so a candidate can survive
   * several generations (P = λ would make it a generational GA).
   */
  pool: number;
  /** Generation 0: the seed genome alone (`seed`), or λ genomes sampled at random from the space (`random`, as Real et al. start), the same for every proposer with one seed. */
  init: InitRule;
  /** Which candidate leaves evolution's pool: the `oldest` (aging, regularized evolution) or the `worst` (the paper's non-aging control). */
  removal: RemovalRule;
  /** Report training loss (and check for divergence) every this many steps. */
  progressEvery: number;
  /** Retrain each new champion this many times with other seeds, to measure its noise. */
  replicates: number;
  /**
   * `best`: the best validation accuracy so far is champion. `noise-aware`:
   * a challenger must beat the champion by more than the champion's noise
   * (the std of its replicates' validation accuracy); needs replicates ≥ 2.
   */
  accept: AcceptRule;
  /**
   * Train a generation's children that can share a computation (MLPs of one
   * depth) as one batched model, each with its own weights, data order and
   * hyperparameters. Same results up to float rounding, many times faster
   * on a GPU. Off: every child trains alone.
   */
  batchPopulation: boolean;
  /** Start from what an earlier run learned: its champion's policy, its examples for `learned` (see transfer.ts; CLI `--policy-from RUNLOG`). */
  policyFrom?: PolicyTransfer;
}

export const INIT_RULES = ['seed', 'random'] as const;
/** How generation 0 is made. */
export type InitRule = (typeof INIT_RULES)[number];

export const REMOVAL_RULES = ['oldest', 'worst'] as const;
/** Which candidate evolution's pool drops. */
export type RemovalRule = (typeof REMOVAL_RULES)[number];

/** Evolution's default pool size for λ children per generation. */
export const defaultPool = (population: number): number => 3 * population;

export const ACCEPT_RULES = ['best', 'noise-aware'] as const;
/** How a new champion is accepted. */
export type AcceptRule = (typeof ACCEPT_RULES)[number];

/** Defaults for every field but none of the task-specific ones. */
export const DEFAULT_CONFIG: RunConfig = {
  task: 'spirals',
  proposer: 'self-adaptive',
  generations: 10,
  population: 8,
  steps: 300,
  seed: 1,
  backend: 'auto',
  inherit: false,
  seedGenome: 'default',
  tournament: 3,
  pool: 24,
  init: 'seed',
  removal: 'oldest',
  progressEvery: 25,
  replicates: 0,
  accept: 'best',
  batchPopulation: true,
};

/** Thrown for an invalid config; `field` names the offending setting. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'ConfigError';
  }
}

function positiveInt(v: unknown, field: string, max: number): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new ConfigError(field, `must be a positive integer, got ${JSON.stringify(v)}`);
  if (n > max) throw new ConfigError(field, `must be at most ${max}, got ${n}`);
  return n;
}

function nonNegativeInt(v: unknown, field: string, max: number): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ConfigError(field, `must be a non-negative integer, got ${JSON.stringify(v)}`);
  if (n > max) throw new ConfigError(field, `must be at most ${max}, got ${n}`);
  return n;
}

function bool(v: unknown, field: string): boolean {
  if (v === true || v === 'true' || v === '1' || v === 1) return true;
  if (v === false || v === 'false' || v === '0' || v === 0) return false;
  throw new ConfigError(field, `must be true or false, got ${JSON.stringify(v)}`);
}

function choice<T extends string>(v: unknown, field: string, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    throw new ConfigError(field, `must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/**
 * Validates a partial config (strings allowed, as from flags or a hash) and
 * fills in defaults. Unknown keys are refused so a typo cannot pass silently.
 */
export function parseConfig(input: Record<string, unknown>): RunConfig {
  const known = new Set<string>(Object.keys(DEFAULT_CONFIG).concat('flopsBudget', 'stepCap', 'policyFrom', ...OVERSIGHT_FIELDS));
  for (const k of Object.keys(input)) if (!known.has(k)) throw new ConfigError(k, 'is not a config setting');
  const v = { ...DEFAULT_CONFIG, ...input } as Record<string, unknown>;
  // The pool's default follows λ, not the default λ.
  if (input.pool === undefined) v.pool = defaultPool(positiveInt(v.population, 'population', 1024));
  if (typeof v.task !== 'string' || !isTaskName(v.task)) throw new ConfigError('task', `must be one of ${TASK_NAMES.join(', ')}, got ${JSON.stringify(v.task)}`);
  const seedNum = typeof v.seed === 'string' && v.seed.trim() !== '' ? Number(v.seed) : v.seed;
  if (typeof seedNum !== 'number' || !Number.isInteger(seedNum) || seedNum < 0 || seedNum > 0xffffffff) {
    throw new ConfigError('seed', `must be an integer from 0 to 4294967295, got ${JSON.stringify(v.seed)}`);
  }
  let seedGenome: RunConfig['seedGenome'];
  if (typeof v.seedGenome === 'string' && (SEED_PRESETS as readonly string[]).includes(v.seedGenome)) seedGenome = v.seedGenome as SeedPreset;
  else if (typeof v.seedGenome === 'object') {
    try {
      seedGenome = validateGenome(v.seedGenome);
    } catch (e) {
      if (e instanceof GenomeError) throw new ConfigError('seedGenome', e.message);
      throw e;
    }
  } else throw new ConfigError('seedGenome', `must be ${SEED_PRESETS.join(', ')} or a genome object, got ${JSON.stringify(v.seedGenome)}`);
  const config: RunConfig = {
    task: v.task,
    proposer: choice(v.proposer, 'proposer', PROPOSER_NAMES),
    generations: positiveInt(v.generations, 'generations', 1000),
    population: positiveInt(v.population, 'population', 1024),
    steps: positiveInt(v.steps, 'steps', 1_000_000),
    seed: seedNum,
    backend: choice(v.backend, 'backend', BACKEND_NAMES),
    inherit: bool(v.inherit, 'inherit'),
    seedGenome,
    tournament: positiveInt(v.tournament, 'tournament', 1024),
    pool: positiveInt(v.pool, 'pool', 100_000),
    init: choice(v.init, 'init', INIT_RULES),
    removal: choice(v.removal, 'removal', REMOVAL_RULES),
    progressEvery: positiveInt(v.progressEvery, 'progressEvery', 1_000_000),
    replicates: nonNegativeInt(v.replicates, 'replicates', 100),
    accept: choice(v.accept, 'accept', ACCEPT_RULES),
    batchPopulation: bool(v.batchPopulation, 'batchPopulation'),
  };
  if (config.accept === 'noise-aware' && config.replicates < 2) {
    throw new ConfigError('accept', 'noise-aware needs replicates of at least 2 to measure the noise');
  }
  if (v.flopsBudget !== undefined) {
    const f = typeof v.flopsBudget === 'string' ? Number(v.flopsBudget) : v.flopsBudget;
    if (typeof f !== 'number' || !Number.isFinite(f) || f <= 0) throw new ConfigError('flopsBudget', `must be a positive number, got ${JSON.stringify(v.flopsBudget)}`);
    config.flopsBudget = f;
  }
  if (v.stepCap !== undefined) {
    if (config.flopsBudget === undefined) throw new ConfigError('stepCap', 'caps steps under a FLOPs budget: set flopsBudget too (without one, steps is the budget)');
    config.stepCap = positiveInt(v.stepCap, 'stepCap', 1_000_000);
  }
  if (v.policyFrom !== undefined) {
    try {
      config.policyFrom = validateTransfer(v.policyFrom);
    } catch (e) {
      throw new ConfigError('policyFrom', (e as Error).message);
    }
  }
  return Object.assign(config, parseOversight(v, (field, detail) => new ConfigError(field, detail)));
}
