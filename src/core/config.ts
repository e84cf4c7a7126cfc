/**
 * The run config: everything that decides a run's result, as ONE table of
 * fields. The CLI flags, their --help and their errors, the URL hash and the
 * page's inputs are all derived from it, and every entry point validates
 * through `parseConfig`, so each gets the same errors naming the same
 * fields. Adding a setting is one entry here (see docs/architecture.md).
 */
import { errorMessage } from './errors';
import {
  bool,
  choice,
  ConfigError,
  defaultsOf,
  int,
  optionalPositive,
  parseWith,
  type ConfigField,
  type ConfigOf,
} from './config-table';
import type { Genome } from './genome';
import { GenomeError, validateGenome } from './genome';
import { GATES, parseGates, type Gate } from './oversight/approval';
import {
  formatTripwires,
  parseTripwires,
  TRIP_ACTIONS,
  TRIPWIRE_RULES,
  TripwireError,
  type Tripwire,
} from './oversight/tripwires';
import { budgetProblem } from './run-plan';
import { SEED_PRESETS, TASK_NAMES, type SeedPreset, type TaskName } from './tasks';
import { validateTransfer, type PolicyTransfer } from './transfer';

export { ConfigError };

export const PROPOSER_NAMES = [
  'random',
  'hillclimb',
  'evolution',
  'self-adaptive',
  'self-adaptive-frozen',
  'self-adaptive-shuffled',
  'learned',
  'pbt',
  'asha',
  'hyperband',
] as const;
/** Name of a proposer. */
export type ProposerName = (typeof PROPOSER_NAMES)[number];

export const BACKEND_NAMES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** A backend request; `auto` takes the first that works in this order. */
export type BackendRequest = (typeof BACKEND_NAMES)[number];

export const INIT_RULES = ['seed', 'random'] as const;
/** How generation 0 is made. */
export type InitRule = (typeof INIT_RULES)[number];

export const REMOVAL_RULES = ['oldest', 'worst'] as const;
/** Which candidate evolution's pool drops. */
export type RemovalRule = (typeof REMOVAL_RULES)[number];

/** Evolution's default pool size for λ children per generation. */
export const defaultPool = (population: number): number => 3 * population;

export const ASHA_SAMPLERS = ['random', 'evolution'] as const;
/** Where ASHA's new configurations come from. */
export type AshaSampler = (typeof ASHA_SAMPLERS)[number];

export const ACCEPT_RULES = ['best', 'noise-aware'] as const;
/** How a new champion is accepted. */
export type AcceptRule = (typeof ACCEPT_RULES)[number];

/** The generation-0 genome: a task preset or a full genome (JSON as text). */
const seedGenomeField: ConfigField<SeedPreset | Genome> = {
  flag: 'seed-genome',
  metavar: `${SEED_PRESETS.join('|')}|JSON`,
  kind: 'value',
  help: "generation 0's genome: a sensible start, a weak one, control (lr 100× too small), or a genome as JSON",
  default: 'default',
  page: { label: 'Seed model', section: 'more' },
  parse(v, name) {
    if (typeof v === 'string' && (SEED_PRESETS as readonly string[]).includes(v)) return v as SeedPreset;
    let value = v;
    if (typeof v === 'string' && v.trim().startsWith('{')) {
      try {
        value = JSON.parse(v);
      } catch {
        throw new ConfigError(name, `is neither ${SEED_PRESETS.join(', ')} nor a JSON genome`);
      }
    }
    if (typeof value !== 'object' || value === null)
      throw new ConfigError(name, `must be ${SEED_PRESETS.join(', ')} or a genome object, got ${JSON.stringify(v)}`);
    try {
      return validateGenome(value);
    } catch (e) {
      if (e instanceof GenomeError) throw new ConfigError(name, e.message);
      throw e;
    }
  },
  toText: (v) => (typeof v === 'string' ? v : JSON.stringify(v)),
};

const OFF_SWITCH = bool({ flag: '', help: '', default: false });

/** Budgets, tripwires, approval gates: all optional, so logs and links from before oversight read unchanged. */
const OVERSIGHT_CONFIG_FIELDS = {
  /** Training FLOPs in all (candidates and replicates). */
  maxFlops: optionalPositive({
    flag: 'max-flops',
    metavar: 'F',
    help: 'stop once the run has trained this many FLOPs',
  }),
  /** Candidates trained in all, counting generation 0. */
  maxCandidates: optionalPositive({
    flag: 'max-candidates',
    metavar: 'N',
    whole: true,
    help: 'stop once this many candidates have trained',
  }),
  /** Wall time of the run, seconds (a resumed run counts from its resume). */
  maxSeconds: optionalPositive({
    flag: 'max-seconds',
    metavar: 'S',
    help: 'stop once the run has taken this many seconds',
  }),
  /** Parameters of the largest model the loop may train. */
  maxParams: optionalPositive({
    flag: 'max-params',
    metavar: 'P',
    help: 'stop the run rather than train a model with more parameters',
  }),
  /** Rules watching the run (`rule:threshold:action,…` in flags and links). */
  tripwires: {
    flag: 'tripwires',
    metavar: 'RULE:T:ACTION,…',
    kind: 'value',
    default: undefined,
    optional: true,
    help: `rules watching the run (${TRIPWIRE_RULES.join(', ')}; ${TRIP_ACTIONS.join('|')})`,
    parse(v, name) {
      try {
        const t = parseTripwires(v);
        return t.length ? t : undefined;
      } catch (e) {
        if (e instanceof TripwireError) throw new ConfigError(name, e.message);
        throw e;
      }
    },
    toText: (v) => formatTripwires(v ?? []),
  } satisfies ConfigField<Tripwire[] | undefined> & { optional: true },
  /** Changes that wait for a person's approval. */
  approve: {
    flag: 'approve',
    metavar: GATES.join('|'),
    kind: 'value',
    default: undefined,
    optional: true,
    help: 'changes that wait for a person: a new champion, or a new policy',
    parse(v, name) {
      try {
        const g = parseGates(v);
        return g.length ? g : undefined;
      } catch (e) {
        throw new ConfigError(name, errorMessage(e));
      }
    },
    toText: (v) => (v ?? []).join(','),
  } satisfies ConfigField<Gate[] | undefined> & { optional: true },
  /**
   * Opt-in, off by default: the `choose-validation-subset` operator, which
   * lets a child pick the part of the validation split it is scored on —
   * the classic way a loop games its own evaluation (a demonstration).
   */
  chooseValidationSubset: {
    flag: 'choose-validation-subset',
    metavar: '',
    kind: 'switch',
    default: undefined,
    optional: true,
    help: 'opt in to the operator that games its own evaluation (a demonstration)',
    parse: (v, name) => OFF_SWITCH.parse(v, name) || undefined,
    toText: String,
  } satisfies ConfigField<true | undefined> & { optional: true },
} as const;

/**
 * Every run setting, in the order runs and links write them. An entry's
 * doc comment is the field's doc in `RunConfig`.
 */
export const CONFIG_FIELDS = {
  /** The task to learn. */
  task: choice<TaskName>({
    flag: 'task',
    choices: TASK_NAMES,
    default: 'spirals',
    help: 'the task to learn',
    identity: true,
    page: { label: 'Task' },
  }),
  /** How children are proposed. */
  proposer: choice<ProposerName>({
    flag: 'proposer',
    choices: PROPOSER_NAMES,
    default: 'self-adaptive',
    help: 'how children are proposed (docs/improver.md)',
    identity: true,
    page: { label: 'Proposer' },
  }),
  /** Generations in all, counting generation 0 (the seed genome alone). */
  generations: int({
    flag: 'generations',
    min: 1,
    max: 1000,
    default: 10,
    help: 'generations in all, generation 0 being the seed genome',
    page: { label: 'Generations', hint: 'generations in all, counting generation 0 (the seed model)' },
  }),
  /** Children per generation after generation 0. */
  population: int({
    flag: 'population',
    min: 1,
    max: 1024,
    default: 8,
    help: 'children per generation',
    page: { label: 'Children per generation' },
  }),
  /** Training budget per candidate, in optimizer steps. */
  steps: int({
    flag: 'steps',
    min: 1,
    max: 1_000_000,
    default: 300,
    help: 'training steps per candidate',
    page: { label: 'Training steps per child', hint: 'every child gets the same budget' },
  }),
  /** The run's seed: every random draw of the run follows from it. */
  seed: int({
    flag: 'seed',
    min: 0,
    max: 0xffffffff,
    says: 'an integer from 0 to 4294967295',
    default: 1,
    help: 'run seed',
    identity: true,
    page: { label: 'Seed' },
  }),
  /** Which tfjs backend to ask for. */
  backend: choice<BackendRequest>({
    flag: 'backend',
    choices: BACKEND_NAMES,
    default: 'auto',
    help: 'tfjs backend; auto takes the first that works',
    execution: true,
    page: { label: 'Backend' },
  }),
  /** Children whose weight shapes match their parent's start from its weights. */
  inherit: bool({
    flag: 'inherit',
    default: false,
    help: "children start from their parent's weights when shapes match",
    page: { label: "Warm start (children begin from their parent's weights)" },
  }),
  /** The generation-0 genome: a task preset or a full genome. */
  seedGenome: seedGenomeField,
  /** Tournament size for evolution and self-adaptive parent selection. */
  tournament: int({
    flag: 'tournament',
    min: 1,
    max: 1024,
    default: 3,
    help: 'tournament size for evolution / self-adaptive',
    page: { label: 'Tournament size', section: 'more' },
  }),
  /**
   * Evolution's population P: the tournament pool of recent healthy
   * candidates (Real et al.'s "population"), separate from the children per
   * generation λ (`population`). Default 3 × λ, so a candidate can survive
   * several generations (P = λ would make it a generational GA).
   */
  pool: int({
    flag: 'pool',
    min: 1,
    max: 100_000,
    default: defaultPool(8),
    defaultFrom: (c) => defaultPool(Number(c.population)),
    defaultText: '3 × population',
    help: "evolution's pool: the P most recent healthy candidates the tournament draws from",
  }),
  /**
   * Generation 0: the seed genome alone (`seed`), or λ genomes sampled at random from the space (`random`, as
   * Real et al. start), the same for every proposer with one seed.
   */
  init: choice<InitRule>({
    flag: 'init',
    choices: INIT_RULES,
    default: 'seed',
    help: 'generation 0: the seed genome, or population random genomes (the same for every proposer)',
  }),
  /** Which candidate leaves evolution's pool: the `oldest` (aging, regularized evolution) or the `worst` (the paper's non-aging control). */
  removal: choice<RemovalRule>({
    flag: 'removal',
    choices: REMOVAL_RULES,
    default: 'oldest',
    help: 'which candidate leaves the pool: oldest (aging) or worst (the non-aging control)',
  }),
  /** `pbt`: the bottom this-many percent of the population copies the top this-many percent after each round (Jaderberg et al.'s truncation selection: 25). */
  truncation: int({
    flag: 'truncation',
    min: 1,
    max: 50,
    says: 'a percentage from 1 to 50',
    default: 25,
    help: 'pbt: after each round the bottom N% copy weights and hyperparameters of the top N%, then perturb them',
    page: {
      label: 'PBT: bottom % that copies the top',
      section: 'more',
      hint: "each round the worst models take over the best ones' weights and hyperparameters, then perturb them",
    },
  }),
  /** `asha` / `hyperband`: rungs of successive halving with η = 3; rung k trains steps / 3^(rungs−1−k) steps, the top rung the full `steps`. */
  rungs: int({
    flag: 'rungs',
    min: 2,
    max: 8,
    default: 3,
    help: 'asha/hyperband: rungs with η = 3 (3: steps/9, steps/3, steps); the best third of a rung goes up',
    page: {
      label: 'ASHA: rungs (η = 3)',
      section: 'more',
      hint: 'many models get a ninth of the steps, the best third three times more, and so on',
    },
  }),
  /**
   * `asha` / `hyperband`: where a new configuration comes from — sampled from the space, or evolved
   * (tournament + mutation) among those that started at its rung.
   */
  ashaSampler: choice<AshaSampler>({
    flag: 'asha-sampler',
    choices: ASHA_SAMPLERS,
    default: 'random',
    help: "asha/hyperband: new configurations sampled from the space, or evolved from the best of their rung's recent ones",
  }),
  /** Report training loss (and check for divergence) every this many steps. */
  progressEvery: int({
    flag: 'progress-every',
    min: 1,
    max: 1_000_000,
    default: 25,
    help: 'steps between loss read-backs',
    page: { label: 'Loss read-back every (steps)', section: 'more' },
  }),
  /** Retrain each new champion this many times with other seeds, to measure its noise. */
  replicates: int({
    flag: 'replicates',
    min: 0,
    max: 100,
    default: 0,
    help: 'retrain each new champion N times to measure its noise',
    page: { label: 'Replicates per new champion', section: 'more' },
  }),
  /**
   * `best`: the best validation accuracy so far is champion. `noise-aware`:
   * a challenger must beat the champion by more than the champion's noise
   * (the std of its replicates' validation accuracy); needs replicates ≥ 2.
   */
  accept: choice<AcceptRule>({
    flag: 'accept',
    choices: ACCEPT_RULES,
    default: 'best',
    help: 'noise-aware: a child must beat the champion by more than its noise',
    page: { label: 'Accept a new champion', section: 'more' },
    check: (c) =>
      c.accept === 'noise-aware' && Number(c.replicates) < 2
        ? 'noise-aware needs replicates of at least 2 to measure the noise'
        : undefined,
  }),
  /**
   * Train a generation's children that can share a computation (MLPs of one
   * depth) as one batched model, each with its own weights, data order and
   * hyperparameters. Same results up to float rounding, many times faster
   * on a GPU. Off: every child trains alone.
   */
  batchPopulation: bool({
    flag: 'batch-population',
    default: true,
    execution: true,
    help: 'train children of one shape as one batched model (same results up to rounding)',
  }),
  /** Optional budget in training FLOPs; when set, steps = floor(flops / flopsPerStep). */
  flopsBudget: optionalPositive({
    flag: 'flops-budget',
    metavar: 'F',
    help: 'budget in training FLOPs per candidate instead of steps',
  }),
  /**
   * Optional cap on steps under a FLOPs budget: steps = min(⌊flopsBudget / flopsPerStep⌋, stepCap).
   * Without it a tiny model can buy tens of thousands of cheap steps, which costs
   * far more wall time than FLOPs. The same cap for every proposer keeps budgets equal.
   */
  stepCap: {
    ...int({
      flag: 'step-cap',
      min: 1,
      max: 1_000_000,
      default: 1,
      help: 'with --flops-budget: at most N steps however cheap a step is',
      check: (c) =>
        c.stepCap !== undefined && c.flopsBudget === undefined
          ? 'caps steps under a FLOPs budget: set flopsBudget too (without one, steps is the budget)'
          : undefined,
    }),
    default: undefined,
    optional: true,
  },
  /**
   * Mutation strength: operators applied to each child (default 1, every
   * proposer alike). A setting the meta-search (`npm run meta`) tunes.
   */
  mutations: {
    ...int({ flag: 'mutations', min: 1, max: 4, default: 1, help: 'operators applied to each child (default 1)' }),
    default: undefined,
    optional: true,
  },
  /** `learned`: candidate mutations its predictor scores per generation (default 96). */
  learnedPool: {
    ...int({
      flag: 'learned-pool',
      min: 8,
      max: 1024,
      default: 96,
      help: 'learned: candidate mutations scored per generation (default 96)',
    }),
    default: undefined,
    optional: true,
  },
  /** `learned`: members of its predictor ensemble (default 5); Thompson sampling draws among them. */
  learnedMembers: {
    ...int({
      flag: 'learned-members',
      min: 1,
      max: 16,
      default: 5,
      help: 'learned: members of the predictor ensemble (default 5)',
    }),
    default: undefined,
    optional: true,
  },
  /** Start from what an earlier run learned: its champion's policy, its examples for `learned` (see transfer.ts; CLI `--policy-from RUNLOG`). */
  policyFrom: {
    flag: 'policy-from',
    metavar: 'RUNLOG',
    kind: 'value',
    default: undefined,
    optional: true,
    readsFile: true,
    help: "start from what an earlier run learned: its champion's policy (self-adaptive*) or its (change, gain) examples (learned)",
    parse(v, name) {
      let value = v;
      if (typeof v === 'string' && v.trim().startsWith('{')) {
        try {
          value = JSON.parse(v);
        } catch {
          throw new ConfigError(name, 'is not valid JSON');
        }
      }
      try {
        return validateTransfer(value);
      } catch (e) {
        throw new ConfigError(name, errorMessage(e));
      }
    },
    toText: (v) => JSON.stringify(v),
  } satisfies ConfigField<PolicyTransfer> & { optional: true },
  ...OVERSIGHT_CONFIG_FIELDS,
} as const satisfies Record<string, ConfigField<unknown>>;

/** Everything that decides a run: one field per entry of CONFIG_FIELDS. */
export type RunConfig = ConfigOf<typeof CONFIG_FIELDS>;

/** Defaults for every field but none of the task-specific ones. */
export const DEFAULT_CONFIG: RunConfig = defaultsOf(CONFIG_FIELDS);

/**
 * Validates a partial config (strings allowed, as from flags or a hash) and
 * fills in defaults. Unknown keys are refused so a typo cannot pass silently.
 */
export function parseConfig(input: Readonly<Record<string, unknown>>): RunConfig {
  const config = parseWith(CONFIG_FIELDS, input);
  // Refused here, for every entry point: a budget no candidate may spend (it once ran forever).
  const overBudget = budgetProblem(config);
  if (overBudget) throw new ConfigError('flopsBudget', overBudget);
  return config;
}
