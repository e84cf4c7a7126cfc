/**
 * The `learned` proposer's own learning curve, pure half. The online rank
 * correlation a run logs (generation g's predictor ranking generation g's
 * children) mixes how good the predictor is with how hard that generation's
 * children are to rank: as parents improve, gains shrink toward the split's
 * noise. The learning curve holds the children fixed instead: the predictor
 * each generation trained (its *snapshot*, rebuilt offline from the run's
 * own examples and seeded stream) ranks one fixed set of examples that no
 * snapshot trained on. Training the snapshots is the engine's part
 * (src/engine/learning-curve.ts); this module says what each one is trained
 * on, which examples it is scored on, and the statistics over runs.
 */
import { chanceFor, candidatePool, MIN_EXAMPLES, POOL_SIZE, spearman, trainingExamples } from './learned';
import type { LearnedExample } from './learned';
import type { Proposal } from './proposers';
import { rngFor, type Rng } from './rng';
import type { RunLog } from './runlog';
import { holm, pairedPermutationTest, tInterval, type Estimate } from './stats';
import { TASKS } from './tasks';
import { lateMinusEarly, runQuality, type GenerationWindow, type LearnedRunQuality } from './improver-summary';

/** What the run's predictor at one generation was trained on and scored, drawn as the run drew it. */
export interface SnapshotInputs {
  generation: number;
  examples: LearnedExample[];
  /** The candidate pool the run scored: drawn first from the generation's stream. */
  pool: { proposals: Proposal[]; features: number[][] };
  /** The generation's stream, advanced past the pool: the predictor's bootstrap and initial weights come next. */
  rng: Rng;
  /** Ensemble members (the run's `learnedMembers`, else the default). */
  members: number | undefined;
  /** The generation's logged children with a prediction, each with its place in the rebuilt pool (-1: not in it). */
  logged: { id: number; poolIndex: number; predictedGain: number }[];
}

/** The inputs of run `log`'s predictor at generation `g`; null where the run trained none (too few examples). */
export function snapshotInputs(log: RunLog, g: number): SnapshotInputs | null {
  const { config } = log;
  if (config.proposer !== 'learned') throw new RangeError(`snapshotInputs: a ${config.proposer} run has no predictor`);
  if (!(g >= 1 && g < log.generations.length))
    throw new RangeError(`snapshotInputs: generation ${g} is not in the run`);
  // The loop proposes generation g from every candidate of the generations before it, in id order.
  const history = log.candidates.filter((c) => c.generation < g);
  const ctx = { config, space: TASKS[config.task].space, history, championId: log.generations[g - 1].championId };
  const rng = rngFor(config.seed, 'propose', g);
  // As proposeLearned: the pool is drawn first, whether or not a predictor follows.
  const pool = candidatePool(ctx, Math.max(config.learnedPool ?? POOL_SIZE, config.population), rng);
  const examples = [...(config.policyFrom?.examples ?? []), ...trainingExamples(history, chanceFor(ctx))];
  if (examples.length < MIN_EXAMPLES) return null;
  const key = (parentId: number | null, genome: unknown) => JSON.stringify([parentId, genome]);
  const index = new Map<string, number>();
  pool.proposals.forEach((p, i) => {
    const k = key(p.parentId, p.genome);
    if (!index.has(k)) index.set(k, i);
  });
  const logged = log.candidates
    .filter((c) => c.generation === g && c.predictedGain !== undefined)
    .map((c) => ({
      id: c.id,
      poolIndex: index.get(key(c.parentId, c.genome)) ?? -1,
      predictedGain: c.predictedGain as number,
    }));
  return { generation: g, examples, pool, rng, members: config.learnedMembers, logged };
}

/** A run's identity for leaving it out of its own evaluation set. */
export const taskSeedKey = (log: RunLog): string => `${log.config.task} seed ${log.config.seed}`;

/** Every example (child with a healthy parent: features and measured gain) of a run. */
export function runExamples(log: RunLog): LearnedExample[] {
  return trainingExamples(log.candidates, chanceFor(log));
}

/** The examples of a run's last generation: children that no snapshot before it trained on. */
export function lastGenerationExamples(log: RunLog): LearnedExample[] {
  const last = log.generations.length - 1;
  // Candidates are in id order, generation by generation: the last generation's examples are the tail.
  const before = trainingExamples(
    log.candidates.filter((c) => c.generation < last),
    chanceFor(log),
  ).length;
  return runExamples(log).slice(before);
}

/** The rank correlation of predictions with measured gains (null when undefined: too few, or no variation). */
export function curveRho(predictions: readonly number[], set: readonly LearnedExample[]): number | null {
  return spearman(
    predictions,
    set.map((e) => e.y),
  );
}

/** One snapshot's scores. */
export interface SnapshotScore {
  generation: number;
  /** Examples it trained on. */
  examples: number;
  /** ρ on the fixed evaluation set. */
  rho: number | null;
  /** ρ on the run's own last generation (null for the last generation's own snapshot, which chose those children). */
  rhoOwnLast: number | null;
}

/** A run's learning curve and how faithfully its snapshots were rebuilt. */
export interface RunCurve {
  seed: number;
  codeVersion: string | undefined;
  /** Examples in its fixed evaluation set. */
  evalSize: number;
  snapshots: SnapshotScore[];
  /** Logged children compared with their rebuilt prediction; those not found in the rebuilt pool; the largest |difference|. */
  faithfulness: { compared: number; unmatched: number; maxAbsDiff: number };
}

/** The pre-registered windows (docs/results.md): snapshots trained on 8–16 children against those trained on 40–56. */
export const CURVE_EARLY: GenerationWindow = [2, 3];
export const CURVE_LATE: GenerationWindow = [6, 8];
/** On the run's own last generation (8) its own snapshot is left out. */
export const OWN_LATE: GenerationWindow = [6, 7];
/** Largest |rebuilt − logged| prediction for a faithful rebuild (gain as a fraction: 0.1 point). */
export const FAITHFUL_TOLERANCE = 1e-3;

const asQuality = (c: RunCurve, key: 'rho' | 'rhoOwnLast'): LearnedRunQuality =>
  runQuality(
    c.codeVersion,
    c.snapshots.filter((s) => s[key] !== null).map((s) => [s.generation, s[key] as number] as const),
  );

/** A test over runs: per-run values, their mean with a 95% t interval, sign-flip p (and Holm where adjusted). */
export interface CurveTest {
  name: string;
  values: number[];
  estimate: Estimate | null;
  p: number | null;
  pHolm?: number | null;
}

function test(name: string, values: number[], stream: string): CurveTest {
  return values.length >= 2
    ? { name, values, estimate: tInterval(values), p: pairedPermutationTest(values, rngFor(0, 'curve', stream)) }
    : { name, values, estimate: null, p: null };
}

/**
 * The pre-registered tests over faithful runs: the primary late − early of
 * the curve (not adjusted), and three secondaries Holm-adjusted together —
 * the slope, the level (mean ρ), and late − early on the run's own last
 * generation. Also the per-snapshot means.
 */
export function curveTests(curves: readonly RunCurve[]): {
  primary: CurveTest;
  secondary: CurveTest[];
  perSnapshot: { generation: number; examples: number; rho: Estimate }[];
} {
  const q = curves.map((c) => asQuality(c, 'rho'));
  const own = curves.map((c) => asQuality(c, 'rhoOwnLast'));
  const defined = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
  const primary = test('late − early', defined(q.map((r) => lateMinusEarly(r, CURVE_EARLY, CURVE_LATE))), 'late-early');
  const secondary = [
    test('slope per generation', defined(q.map((r) => r.slope)), 'slope'),
    test('level (mean ρ)', defined(q.map((r) => r.mean)), 'level'),
    test('own last generation, late − early', defined(own.map((r) => lateMinusEarly(r, CURVE_EARLY, OWN_LATE))), 'own'),
  ];
  const tested = secondary.filter((t) => t.p !== null);
  const adjusted = holm(tested.map((t) => t.p as number));
  tested.forEach((t, i) => (t.pHolm = adjusted[i]));
  const byGen = new Map<number, { rhos: number[]; examples: number[] }>();
  for (const c of curves)
    for (const s of c.snapshots) {
      if (s.rho === null) continue;
      const e = byGen.get(s.generation) ?? { rhos: [], examples: [] };
      e.rhos.push(s.rho);
      e.examples.push(s.examples);
      byGen.set(s.generation, e);
    }
  const perSnapshot = [...byGen]
    .filter(([, e]) => e.rhos.length >= 2)
    .sort((a, b) => a[0] - b[0])
    .map(([generation, e]) => ({
      generation,
      examples: Math.round(e.examples.reduce((s, x) => s + x, 0) / e.examples.length),
      rho: tInterval(e.rhos),
    }));
  return { primary, secondary, perSnapshot };
}
