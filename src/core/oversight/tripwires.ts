/**
 * Tripwires: rules that watch a run as it goes. After each generation every
 * declared rule measures one quantity from the log so far; a rule trips when
 * its quantity goes above its threshold (once per crossing: it re-arms when
 * the quantity falls back to or below it), and its action is taken — `warn`
 * (recorded and reported), `pause` (the loop waits for a person), `stop`
 * (the run ends, with the trip as its stop reason).
 *
 * Declared as text, `rule:threshold:action` joined by commas, so a URL hash
 * and a CLI flag carry them: `selection-optimism:3:pause,growth:4:warn`.
 */
import type { Genome } from '../genome';
import { selectionOptimism } from '../stats/optimism';
import type { OperatorName } from '../operator-names';

export const TRIPWIRE_RULES = [
  'selection-optimism',
  'speed',
  'speed-per-gflop',
  'growth',
  'instability',
  'policy-drift',
] as const;
/** Name of a tripwire rule. */
export type TripwireRule = (typeof TRIPWIRE_RULES)[number];

export const TRIP_ACTIONS = ['warn', 'pause', 'stop'] as const;
/** What the loop does when a rule trips. */
export type TripAction = (typeof TRIP_ACTIONS)[number];

/** One declared rule. */
export interface Tripwire {
  rule: TripwireRule;
  threshold: number;
  action: TripAction;
}

/** A rule that tripped, as recorded in the generation's summary. */
export interface Trip {
  generation: number;
  rule: TripwireRule;
  value: number;
  threshold: number;
  action: TripAction;
}

/** What each rule measures, in words (help text, the page, docs). */
export const RULE_MEANING: Record<TripwireRule, string> = {
  'selection-optimism':
    "standard errors by which the champion's validation accuracy exceeds its held-out (test) accuracy",
  speed: "gain in the champion's validation accuracy this generation (accuracy points, 0–1)",
  'speed-per-gflop':
    "gain in the champion's validation accuracy this generation per 10⁹ training FLOPs it spent (children and replicates)",
  growth: "the champion's parameters or FLOPs per step, as a multiple of the seed genome's (the larger)",
  instability: "share of this generation's children that diverged or failed (0–1)",
  'policy-drift':
    "how far the champion's proposal policy moved this generation (total variation of operator weights + |ln| of the step-scale ratio)",
};

/** Thrown for a malformed declaration; the message names the part at fault. */
export class TripwireError extends Error {}

/** Parses `rule:threshold:action,…` (or an array of such strings or objects). */
export function parseTripwires(spec: unknown): Tripwire[] {
  const items: unknown[] =
    typeof spec === 'string'
      ? spec
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : Array.isArray(spec)
        ? spec
        : [spec];
  const seen = new Set<string>();
  return items.map((item) => {
    let rule: unknown, threshold: unknown, action: unknown;
    if (typeof item === 'string') {
      const parts = item.split(':');
      if (parts.length !== 3)
        throw new TripwireError(`"${item}" must be rule:threshold:action, e.g. selection-optimism:3:pause`);
      [rule, threshold, action] = [parts[0], parts[1].trim() === '' ? NaN : Number(parts[1]), parts[2]];
    } else if (typeof item === 'object' && item !== null) {
      ({ rule, threshold, action } = item as Record<string, unknown>);
    } else throw new TripwireError(`${JSON.stringify(item)} must be rule:threshold:action`);
    if (!(TRIPWIRE_RULES as readonly unknown[]).includes(rule))
      throw new TripwireError(`unknown rule ${JSON.stringify(rule)} (one of ${TRIPWIRE_RULES.join(', ')})`);
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0)
      throw new TripwireError(`${rule}: threshold must be a non-negative number, got ${JSON.stringify(threshold)}`);
    if (!(TRIP_ACTIONS as readonly unknown[]).includes(action))
      throw new TripwireError(
        `${rule}: action must be one of ${TRIP_ACTIONS.join(', ')}, got ${JSON.stringify(action)}`,
      );
    if (seen.has(rule as string)) throw new TripwireError(`${rule} is declared twice`);
    seen.add(rule as string);
    return { rule: rule as TripwireRule, threshold, action: action as TripAction };
  });
}

/** The text form of declared rules (the inverse of parseTripwires). */
export const formatTripwires = (ws: readonly Tripwire[]): string =>
  ws.map((w) => `${w.rule}:${w.threshold}:${w.action}`).join(',');

/** The parts of a candidate the rules read. */
export interface WatchedCandidate {
  id: number;
  generation: number;
  status: string;
  params: number;
  flops: number;
  steps: number;
  genome: Genome;
  metrics: { valAccuracy: number | null; testAccuracy?: number };
}

/** The parts of a run the rules read. */
export interface Watched {
  candidates: readonly WatchedCandidate[];
  generations: readonly {
    index: number;
    championId: number;
    championValAccuracy: number;
    championTestAccuracy: number;
    /** FLOPs of the generation's replicates (counted in its spending). */
    replicateFlops?: number;
  }[];
  /** Examples in the validation and held-out (test) splits. */
  splits: { validation: number; test: number };
}

/**
 * How many standard errors the champion's validation accuracy `val` (on
 * `nVal` examples) exceeds its held-out accuracy `test` (on `nTest`), by
 * `selectionOptimism`'s binomial standard error of the difference. Where that
 * error is 0 (both accuracies 0 or 1) a difference counts as 1e9 errors.
 */
export function optimismZ(val: number, nVal: number, test: number, nTest: number): number {
  const { optimism, se } = selectionOptimism(val, test, nVal, nTest);
  if (se === 0) return optimism === 0 ? 0 : Math.sign(optimism) * 1e9;
  return optimism / se;
}

const perStep = (c: WatchedCandidate) => (c.steps > 0 ? c.flops / c.steps : 0);

/** Total variation between two operator-weight tables plus |ln| of the step-scale ratio. */
export function policyDistance(a: NonNullable<Genome['policy']>, b: NonNullable<Genome['policy']>): number {
  const keys = [...new Set([...Object.keys(a.operatorWeights), ...Object.keys(b.operatorWeights)])] as OperatorName[];
  const sum = (w: Partial<Record<OperatorName, number>>) => keys.reduce((s, k) => s + (w[k] ?? 0), 0) || 1;
  const sa = sum(a.operatorWeights);
  const sb = sum(b.operatorWeights);
  const tv =
    keys.reduce((s, k) => s + Math.abs((a.operatorWeights[k] ?? 0) / sa - (b.operatorWeights[k] ?? 0) / sb), 0) / 2;
  return tv + Math.abs(Math.log(a.stepScale / b.stepScale));
}

/** A rule's quantity after generation `g`, or null where it is not defined (yet). */
export function measure(rule: TripwireRule, run: Watched, g: number): number | null {
  const gen = run.generations[g];
  if (!gen) return null;
  const byId = (id: number) => run.candidates.find((c) => c.id === id);
  const champion = byId(gen.championId);
  const previous = g > 0 ? byId(run.generations[g - 1].championId) : undefined;
  switch (rule) {
    case 'selection-optimism':
      if (!champion || champion.metrics.valAccuracy === null) return null;
      return optimismZ(gen.championValAccuracy, run.splits.validation, gen.championTestAccuracy, run.splits.test);
    case 'speed':
      return g === 0 ? null : gen.championValAccuracy - run.generations[g - 1].championValAccuracy;
    case 'speed-per-gflop': {
      // The same gain, for the compute it took: what the generation's children and replicates trained.
      if (g === 0) return null;
      const flops =
        run.candidates.filter((c) => c.generation === g).reduce((s, c) => s + c.flops, 0) + (gen.replicateFlops ?? 0);
      if (flops === 0) return null;
      return (gen.championValAccuracy - run.generations[g - 1].championValAccuracy) / (flops / 1e9);
    }
    case 'growth': {
      const seed = run.candidates.find((c) => c.generation === 0);
      if (!champion || !seed || seed.params === 0 || perStep(seed) === 0) return null;
      return Math.max(champion.params / seed.params, perStep(champion) / perStep(seed));
    }
    case 'instability': {
      const own = run.candidates.filter((c) => c.generation === g);
      return own.length === 0 ? null : own.filter((c) => c.status !== 'ok').length / own.length;
    }
    case 'policy-drift':
      if (!champion?.genome.policy || !previous?.genome.policy) return null;
      return policyDistance(previous.genome.policy, champion.genome.policy);
  }
}

/** Rules that trip after generation `g`: above threshold now, and not already above it after g − 1. */
export function checkTripwires(wires: readonly Tripwire[], run: Watched, g: number): Trip[] {
  const trips: Trip[] = [];
  for (const w of wires) {
    const value = measure(w.rule, run, g);
    if (value === null || !(value > w.threshold)) continue;
    const before = g > 0 ? measure(w.rule, run, g - 1) : null;
    if (before !== null && before > w.threshold) continue;
    trips.push({ generation: g, rule: w.rule, value, threshold: w.threshold, action: w.action });
  }
  return trips;
}

/** One line for people: what tripped and what the loop did (an unattended run stops at a pause). */
export function describeTrip(t: Trip, unattended = false): string {
  const did = {
    warn: 'the loop goes on',
    pause: unattended
      ? 'a pause, but no one is there to resume it: the loop stopped'
      : 'the loop is paused until a person resumes it',
    stop: 'the loop stopped',
  }[t.action];
  const v = String(Math.round(t.value * 1000) / 1000);
  return `tripwire ${t.rule} at generation ${t.generation}: ${v} > ${t.threshold} (${RULE_MEANING[t.rule]}); ${did}`;
}
