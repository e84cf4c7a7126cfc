/**
 * Proposers: `(history, rng) → genomes`. Each reads everything tried so far
 * (validation metrics only — never test) and proposes the next generation.
 *
 * - random: samples the search space; ignores history. The baseline.
 * - hillclimb: mutates the best candidate so far.
 * - evolution: regularized evolution (Real et al. 2019). Parents come from a
 *   tournament over the pool: the `pool` youngest healthy candidates, so old
 *   candidates age out even if they were good — which resists lucky noise.
 *   With `removal: worst` the pool is the `pool` best so far instead (the
 *   paper's non-aging control).
 * - self-adaptive: evolution whose genomes also carry their proposal policy
 *   (operator weights, step scale). The child's policy is mutated first and
 *   then used to mutate the child, so policies that make good children are
 *   inherited with them — meant to make the loop improve how it improves.
 *   Its ablations `self-adaptive-frozen` and `self-adaptive-shuffled` test
 *   whether that inheritance is what matters (see PolicyInheritance).
 */
import type { ProposerName, RunConfig } from './config';
import type { Genome, ProposalPolicy } from './genome';
import { cloneGenome } from './genome';
import { creditContext, creditPolicy } from './credit';
import { applicableOperators, OPERATOR_NAMES, type OperatorName } from './operators';
import type { Rng } from './rng';
import type { Candidate } from './runlog';
import type { SearchSpace } from './space';
import { clamp, sampleGenome } from './space';
import { TASKS } from './tasks';

/** One proposed child. */
export interface Proposal {
  genome: Genome;
  parentId: number | null;
  operators: string[];
  changes: string[];
  /** The `learned` proposer's predicted validation gain over the parent (ensemble mean). */
  predictedGain?: number;
  /** Training steps for this child, when not the run's budget (an ASHA rung, a PBT round). */
  steps?: number;
  /** Continues its parent's training: starts from the parent's weights (and optimizer state) whatever `inherit` says. */
  continues?: boolean;
  /** ASHA / Hyperband: the rung it trains up to and its bracket. */
  rung?: { rung: number; bracket: number };
  /** PBT: the population slot it occupies (stable across rounds). */
  member?: number;
}

/** What a proposer may look at. */
export interface ProposerContext {
  config: RunConfig;
  space: SearchSpace;
  /** Every candidate so far, in id order. */
  history: readonly Candidate[];
  /** The current champion (it differs from the best so far under noise-aware acceptance). */
  championId?: number;
}

/** Proposes the children of the next generation. */
export interface Proposer {
  name: ProposerName;
  propose(ctx: ProposerContext, count: number, rng: Rng): Proposal[];
}

/** Selection fitness: validation accuracy; unusable candidates never win. */
export function fitness(c: Candidate): number {
  return c.status === 'ok' && c.metrics.valAccuracy !== null ? c.metrics.valAccuracy : -Infinity;
}

/**
 * Whether `a` beats `b`: higher validation accuracy, then lower validation
 * loss, then fewer parameters, then the older candidate (stable ties).
 */
export function beats(a: Candidate, b: Candidate): boolean {
  const fa = fitness(a);
  const fb = fitness(b);
  if (fa !== fb) return fa > fb;
  const la = a.metrics.valLoss ?? Infinity;
  const lb = b.metrics.valLoss ?? Infinity;
  if (la !== lb) return la < lb;
  if (a.params !== b.params) return a.params < b.params;
  return a.id < b.id;
}

/** Best candidate of a list, or undefined when none is healthy. */
export function best(cands: readonly Candidate[]): Candidate | undefined {
  let top: Candidate | undefined;
  for (const c of cands) if (fitness(c) > -Infinity && (!top || beats(c, top))) top = c;
  return top;
}

/** Default policy: every operator equally likely, unit step. */
export function defaultPolicy(): ProposalPolicy {
  return { operatorWeights: Object.fromEntries(OPERATOR_NAMES.map((n) => [n, 1])), stepScale: 1 };
}

/**
 * Applies `count` operators in sequence, each drawn (by `weights`, default
 * uniform) among those that apply to the genome at that point.
 */
export function mutate(
  parent: Genome,
  space: SearchSpace,
  rng: Rng,
  count: number,
  scale: number,
  weights?: ProposalPolicy['operatorWeights'],
): Omit<Proposal, 'parentId'> {
  let genome = cloneGenome(parent);
  const operators: string[] = [];
  const changes: string[] = [];
  for (let i = 0; i < count; i++) {
    const ops = applicableOperators(genome, space);
    if (ops.length === 0) break;
    const w = ops.map((o) => (weights ? (weights[o.name] ?? 0) : 1));
    const chosen = ops[w.some((x) => x > 0) ? rng.weighted(w) : rng.int(ops.length)];
    const r = chosen.apply(genome, space, rng, scale);
    genome = r.genome;
    operators.push(chosen.name);
    changes.push(r.change);
  }
  return { genome, operators, changes };
}

/**
 * Evolution's pool P: the youngest `pool` healthy candidates (aging), or the
 * best `pool` (non-aging, `removal: worst`), in id order.
 */
export function evolutionPool(history: readonly Candidate[], config: Pick<RunConfig, 'pool' | 'removal'>): Candidate[] {
  const healthy = history.filter((c) => fitness(c) > -Infinity);
  if (config.removal === 'oldest') return healthy.slice(-config.pool);
  const kept = new Set(
    healthy
      .slice()
      .sort((a, b) => (beats(a, b) ? -1 : 1))
      .slice(0, config.pool),
  );
  return healthy.filter((c) => kept.has(c));
}

/** Best of `size` draws (with replacement) from the population. */
export function tournament(pop: readonly Candidate[], size: number, rng: Rng): Candidate {
  let winner: Candidate | undefined;
  for (let i = 0; i < size; i++) {
    const c = rng.pick(pop);
    if (!winner || beats(c, winner)) winner = c;
  }
  return winner as Candidate;
}

/** Falls back to the newest candidate when nothing is healthy yet. */
export function anyParent(history: readonly Candidate[]): Candidate {
  if (history.length === 0) throw new Error('a proposer needs at least the generation-0 candidate');
  return best(history) ?? history[history.length - 1];
}

/** `count` genomes sampled from the space: the random proposer, and generation 0 under `init: random`. */
export function randomSamples(space: SearchSpace, count: number, rng: Rng): Proposal[] {
  return Array.from({ length: count }, () => ({
    genome: sampleGenome(space, rng),
    parentId: null,
    operators: ['sample'],
    changes: ['random sample'],
  }));
}

/** Operators per child: the config's mutation strength, 1 unless set. */
export const mutationsOf = (config: Pick<RunConfig, 'mutations'>): number => config.mutations ?? 1;

const random: Proposer = {
  name: 'random',
  propose: (ctx, count, rng) => randomSamples(ctx.space, count, rng),
};

const hillclimb: Proposer = {
  name: 'hillclimb',
  propose(ctx, count, rng) {
    const champion = ctx.history.find((c) => c.id === ctx.championId);
    const parent = champion && fitness(champion) > -Infinity ? champion : anyParent(ctx.history);
    return Array.from({ length: count }, () => ({
      ...mutate(parent.genome, ctx.space, rng, mutationsOf(ctx.config), 1),
      parentId: parent.id,
    }));
  },
};

const evolution: Proposer = {
  name: 'evolution',
  propose(ctx, count, rng) {
    const pop = evolutionPool(ctx.history, ctx.config);
    return Array.from({ length: count }, () => {
      const parent = pop.length ? tournament(pop, ctx.config.tournament, rng) : anyParent(ctx.history);
      return { ...mutate(parent.genome, ctx.space, rng, mutationsOf(ctx.config), 1), parentId: parent.id };
    });
  },
};

/** Log-normal self-adaptation rate, as in evolution strategies (τ ≈ 1/√n). */
const TAU = 0.35;

/** Mutates a policy: every weight and the step scale by a log-normal factor. */
export function mutatePolicy(p: ProposalPolicy, rng: Rng): ProposalPolicy {
  const weights: Record<OperatorName, number> = {} as Record<OperatorName, number>;
  let total = 0;
  for (const name of OPERATOR_NAMES) {
    const w = clamp((p.operatorWeights[name] ?? 1) * Math.exp(TAU * rng.normal()), 1e-3, 1e3);
    weights[name] = w;
    total += w;
  }
  // Normalise to mean 1 so weights stay comparable across generations.
  for (const name of OPERATOR_NAMES)
    weights[name] = Number((weights[name] * (OPERATOR_NAMES.length / total)).toPrecision(6));
  return {
    operatorWeights: weights,
    stepScale: Number(clamp(p.stepScale * Math.exp(TAU * rng.normal()), 0.05, 4).toPrecision(6)),
  };
}

/**
 * How a child gets its policy. `mutate`: its parent's, credited with the
 * parent's own outcome, then mutated (self-adaptive). `frozen`: its parent's,
 * unchanged — the ablation without adaptation (from the default policy it is
 * evolution). `shuffled`: a random member's of the aged population, credited
 * with that member's outcome and mutated — policies still learn and vary, but
 * no longer travel with the lineage whose children they made.
 */
export type PolicyInheritance = 'mutate' | 'frozen' | 'shuffled';

/**
 * Evolution whose genomes carry a proposal policy. Every child gets exactly one
 * operator, as in `evolution`, so the proposers differ only in which operator
 * and how large a step — not in how many changes a child carries.
 */
function policyProposer(name: ProposerName, inheritance: PolicyInheritance): Proposer {
  return {
    name,
    propose(ctx, count, rng) {
      const pop = evolutionPool(ctx.history, ctx.config);
      const n = TASKS[ctx.config.task].splits.validation;
      // Once per generation: every child's advantage over its siblings and the run's spread (credit.ts).
      const credit = inheritance === 'frozen' ? undefined : creditContext(ctx.history);
      return Array.from({ length: count }, () => {
        const parent = pop.length ? tournament(pop, ctx.config.tournament, rng) : anyParent(ctx.history);
        const donor = inheritance === 'shuffled' && pop.length ? rng.pick(pop) : parent;
        const inherited = donor.genome.policy ?? defaultPolicy();
        const policy =
          credit === undefined
            ? { operatorWeights: { ...inherited.operatorWeights }, stepScale: inherited.stepScale }
            : mutatePolicy(creditPolicy(inherited, donor, ctx.history, n, credit), rng);
        const child = mutate(
          parent.genome,
          ctx.space,
          rng,
          mutationsOf(ctx.config),
          policy.stepScale,
          policy.operatorWeights,
        );
        child.genome.policy = policy;
        return { ...child, parentId: parent.id };
      });
    },
  };
}

/**
 * Proposers that schedule training rather than only genomes: their children
 * continue earlier candidates' training (PBT's rounds, ASHA's promotions), so
 * they live in their own modules (pbt-proposer.ts, asha-proposer.ts) and
 * need weights carried over: `simulateRun` cannot run them.
 */
export const TRAINING_SCHEDULERS = ['pbt', 'asha', 'hyperband'] as const;
/** A proposer that schedules training. */
export type TrainingScheduler = (typeof TRAINING_SCHEDULERS)[number];
/** Whether a proposer schedules training (PBT, ASHA, Hyperband). */
export const schedulesTraining = (p: ProposerName): p is TrainingScheduler =>
  (TRAINING_SCHEDULERS as readonly string[]).includes(p);

/** Proposers whose genomes carry a proposal policy (generation 0 gets the default one). */
export const POLICY_PROPOSERS: readonly ProposerName[] = [
  'self-adaptive',
  'self-adaptive-frozen',
  'self-adaptive-shuffled',
];

/** Whether a proposer's genomes carry a proposal policy. */
export const carriesPolicy = (p: ProposerName): boolean => POLICY_PROPOSERS.includes(p);

/**
 * The proposers that are pure functions of the history, by name. `learned`
 * trains a network, so it lives in the engine (src/engine/learned.ts).
 */
export const PROPOSERS: Record<Exclude<ProposerName, 'learned' | TrainingScheduler>, Proposer> = {
  random,
  hillclimb,
  evolution,
  'self-adaptive': policyProposer('self-adaptive', 'mutate'),
  'self-adaptive-frozen': policyProposer('self-adaptive-frozen', 'frozen'),
  'self-adaptive-shuffled': policyProposer('self-adaptive-shuffled', 'shuffled'),
};
