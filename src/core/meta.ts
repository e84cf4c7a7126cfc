/**
 * The meta-search's outer genome: a proposer configuration (which proposer,
 * tournament size, mutation strength, the self-adaptive proposers' starting
 * policy, the learned proposer's pool and ensemble). `npm run meta` samples
 * and mutates these and scores each by a small sweep (meta-search.ts); this
 * module says what one is, how it varies, what it is called and which run
 * config it stands for.
 */
import type { ProposalPolicy } from './genome';
import { carriesPolicy, defaultPolicy, mutatePolicy } from './proposers';
import { OPERATOR_NAMES } from './operator-names';
import type { Rng } from './rng';

/** The proposers an outer candidate may use. */
export const META_PROPOSERS = [
  'evolution',
  'self-adaptive',
  'self-adaptive-frozen',
  'self-adaptive-shuffled',
  'learned',
] as const;
/** One of META_PROPOSERS. */
export type MetaProposer = (typeof META_PROPOSERS)[number];

/** One outer candidate: everything that decides how a run proposes children. */
export interface ImproverConfig {
  proposer: MetaProposer;
  /** Tournament size for parent selection. */
  tournament: number;
  /** Operators per child (mutation strength). */
  mutations: number;
  /** Self-adaptive proposers: the policy generation 0 starts from (frozen: the policy used throughout). */
  policy?: ProposalPolicy;
  /** learned: candidate mutations scored per generation. */
  learnedPool?: number;
  /** learned: predictor ensemble members. */
  learnedMembers?: number;
}

/** The ranges each setting is searched in. */
export const META_RANGES = {
  tournament: { min: 1, max: 8 },
  mutations: { min: 1, max: 3 },
  learnedPool: { min: 16, max: 384 },
  learnedMembers: { min: 2, max: 8 },
} as const;

/** The reference every result is measured against: plain evolution as the project runs it. */
export const BASELINE: ImproverConfig = { proposer: 'evolution', tournament: 3, mutations: 1 };

const clampInt = (x: number, r: { min: number; max: number }) => Math.max(r.min, Math.min(r.max, Math.round(x)));

/** Keeps only the settings the proposer uses, with defaults filled, so equal behaviour has one form (and one key). */
export function canonical(c: ImproverConfig): ImproverConfig {
  const out: ImproverConfig = {
    proposer: c.proposer,
    tournament: clampInt(c.tournament, META_RANGES.tournament),
    mutations: clampInt(c.mutations, META_RANGES.mutations),
  };
  if (carriesPolicy(c.proposer) && c.policy) out.policy = c.policy;
  if (c.proposer === 'learned') {
    out.learnedPool = clampInt(c.learnedPool ?? 96, META_RANGES.learnedPool);
    out.learnedMembers = clampInt(c.learnedMembers ?? 5, META_RANGES.learnedMembers);
  }
  return out;
}

/** A random policy: log-normal operator weights around uniform, a step scale in [0.5, 2]. */
function samplePolicy(rng: Rng): ProposalPolicy {
  const p = defaultPolicy();
  for (const o of OPERATOR_NAMES) p.operatorWeights[o] = Math.exp(rng.normal());
  p.stepScale = Math.exp(rng.uniform(Math.log(0.5), Math.log(2)));
  // mutatePolicy normalises and rounds, so a sampled policy has the same form as an evolved one.
  return mutatePolicy(p, rng);
}

/** A random outer candidate. */
export function sampleImprover(rng: Rng): ImproverConfig {
  const proposer = rng.pick(META_PROPOSERS);
  const r = META_RANGES;
  return canonical({
    proposer,
    tournament: r.tournament.min + rng.int(r.tournament.max - r.tournament.min + 1),
    mutations: r.mutations.min + rng.int(r.mutations.max - r.mutations.min + 1),
    policy: carriesPolicy(proposer) ? samplePolicy(rng) : undefined,
    learnedPool: Math.round(Math.exp(rng.uniform(Math.log(r.learnedPool.min), Math.log(r.learnedPool.max)))),
    learnedMembers: r.learnedMembers.min + rng.int(r.learnedMembers.max - r.learnedMembers.min + 1),
  });
}

/** A neighbour: one setting changed (a proposer switch starts that proposer's own settings from defaults). */
export function mutateImprover(c: ImproverConfig, rng: Rng): ImproverConfig {
  const genes: string[] = ['proposer', 'tournament', 'mutations'];
  if (carriesPolicy(c.proposer)) genes.push('policy', 'policy');
  if (c.proposer === 'learned') genes.push('learnedPool', 'learnedMembers');
  const next: ImproverConfig = { ...c };
  const step = () => (rng.next() < 0.5 ? -1 : 1) * (1 + rng.int(2));
  switch (rng.pick(genes)) {
    case 'proposer':
      next.proposer = rng.pick(META_PROPOSERS.filter((p) => p !== c.proposer));
      break;
    case 'tournament':
      next.tournament = c.tournament + step();
      break;
    case 'mutations':
      next.mutations =
        c.mutations >= META_RANGES.mutations.max
          ? c.mutations - 1
          : c.mutations <= META_RANGES.mutations.min || rng.next() < 0.5
            ? c.mutations + 1
            : c.mutations - 1;
      break;
    case 'policy':
      next.policy = mutatePolicy(c.policy ?? defaultPolicy(), rng);
      break;
    case 'learnedPool':
      next.learnedPool = (c.learnedPool ?? 96) * (rng.next() < 0.5 ? 0.5 : 2);
      break;
    default:
      next.learnedMembers = (c.learnedMembers ?? 5) + step();
  }
  return canonical(next);
}

/** 32-bit FNV-1a, hex: a short, stable name for a configuration's content. */
function fnvHex(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A file-safe name that says what the configuration is and differs whenever its content does. */
export function improverKey(c: ImproverConfig): string {
  const k = canonical(c);
  return `${k.proposer}-t${k.tournament}-m${k.mutations}-${fnvHex(JSON.stringify(k))}`;
}

/** One line for people: the settings that differ from the defaults. */
export function describeImprover(c: ImproverConfig): string {
  const k = canonical(c);
  const parts = [k.proposer, `tournament ${k.tournament}`, `${k.mutations} operator${k.mutations > 1 ? 's' : ''}`];
  if (k.policy) {
    const w = k.policy.operatorWeights;
    const top = [...OPERATOR_NAMES].sort((a, b) => (w[b] ?? 0) - (w[a] ?? 0)).slice(0, 2);
    parts.push(`policy favours ${top.join(', ')}; step ×${k.policy.stepScale.toPrecision(2)}`);
  } else if (carriesPolicy(k.proposer)) parts.push('default policy');
  if (k.learnedPool !== undefined) parts.push(`pool ${k.learnedPool}, ${k.learnedMembers} members`);
  return parts.join(', ');
}

/**
 * The run-config fields an outer candidate sets (over a base config shared by
 * every candidate). A starting policy travels as a transfer without examples,
 * which is how a run is told to start from a given policy (transfer.ts).
 */
export function improverFields(c: ImproverConfig, key = improverKey(c)): Record<string, unknown> {
  const k = canonical(c);
  const out: Record<string, unknown> = { proposer: k.proposer, tournament: k.tournament };
  // One operator is every run's default: left unset, the baseline's runs are plain evolution's, field for field.
  if (k.mutations !== 1) out.mutations = k.mutations;
  if (k.policy) out.policyFrom = { from: `meta:${key}`, policy: k.policy, examples: [] };
  if (k.learnedPool !== undefined) out.learnedPool = k.learnedPool;
  if (k.learnedMembers !== undefined) out.learnedMembers = k.learnedMembers;
  return out;
}
