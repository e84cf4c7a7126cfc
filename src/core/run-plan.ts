/**
 * What a run will cost, known before it starts: the steps a FLOPs budget
 * buys, the candidates it trains, the FLOPs it spends. A budget that would
 * buy more than the step cap is refused up front (a `1e300` budget used to
 * run forever), and a huge but valid run is announced before it starts.
 */
import { ETA } from './asha';
import type { RunConfig } from './config';
import { genomeCost } from './cost';
import type { Genome } from './genome';
import type { Candidate } from './runlog';
import { TASKS } from './tasks';

/** Most training steps one candidate may take, however cheap its steps (the bound on `steps` and `stepCap`). */
export const MAX_STEPS = 1_000_000;

/** Above these a run is announced with a warning before it starts. */
export const WARN_CANDIDATES = 20_000;
export const WARN_FLOPS = 1e14;

/** The seed genome of a config, for costing (no proposal policy: it costs nothing to train). */
export function seedGenomeOf(config: Pick<RunConfig, 'task' | 'seedGenome'>): Genome {
  return typeof config.seedGenome === 'string' ? TASKS[config.task].seedGenomes[config.seedGenome] : config.seedGenome;
}

/** Training FLOPs of one step of `g` on the config's task. */
export function flopsPerStepOf(config: Pick<RunConfig, 'task'>, g: Genome): number {
  const t = TASKS[config.task];
  return genomeCost(g, t.inputShape, t.numClasses).flopsPerStep;
}

/**
 * Steps a genome gets: `steps`, or under a FLOPs budget what the budget buys,
 * at most `stepCap` and never above MAX_STEPS. It may be 0: a genome whose one
 * step costs more than the budget is not trained (it fails) rather than overspend.
 */
export function stepsUnderBudget(
  config: Pick<RunConfig, 'steps' | 'flopsBudget' | 'stepCap'>,
  flopsPerStep: number,
): number {
  if (!config.flopsBudget) return config.steps;
  return Math.min(Math.floor(config.flopsBudget / flopsPerStep), config.stepCap ?? MAX_STEPS);
}

/** Why a FLOPs budget is refused (it buys the seed genome more than MAX_STEPS steps and no stepCap bounds it), or null. */
export function budgetProblem(
  config: Pick<RunConfig, 'task' | 'seedGenome' | 'flopsBudget' | 'stepCap'>,
): string | null {
  if (!config.flopsBudget || config.stepCap !== undefined) return null;
  const perStep = flopsPerStepOf(config, seedGenomeOf(config));
  const bought = config.flopsBudget / perStep;
  if (bought <= MAX_STEPS) return null;
  return (
    `buys the seed genome ${bought.toExponential(2)} steps (${perStep.toExponential(2)} ` +
    `FLOPs each), more than the cap of ${MAX_STEPS.toLocaleString('en')} steps per ` +
    `candidate: give at most ${(perStep * MAX_STEPS).toExponential(2)}, or set stepCap`
  );
}

/** What a run will do, before it starts. */
export interface RunEstimate {
  /** Candidates trained, replicates included (an upper bound). */
  candidates: number;
  /** Steps and training FLOPs of the seed genome; children differ, so totals are estimates. */
  seedSteps: number;
  seedFlopsPerStep: number;
  /** Training FLOPs in all, about. */
  flops: number;
  /** Above WARN_CANDIDATES or WARN_FLOPS. */
  large: boolean;
}

/**
 * The share of a full budget an `asha` / `hyperband` job trains, on average once the rungs have filled:
 * per configuration that starts at bracket s's bottom rung, η^−(k−s) jobs reach rung k, each training
 * from the rung below's steps up to rung k's (rung k: η^−(R−1−k) of the budget). Hyperband deals jobs
 * to its R brackets in turn, so it averages their shares. ASHA (R = 3): 7/39, about a sixth. A real run
 * trains somewhat more (up to ~15% in a few hundred jobs): a promoted configuration that newer ones push
 * out of its rung's top third lets one more go up.
 */
export function ashaJobShare(rungs: number, hyperband: boolean, eta = ETA): number {
  const share = (bracket: number) => {
    let jobs = 0;
    let steps = 0;
    for (let k = bracket; k < rungs; k++) {
      const reach = eta ** -(k - bracket);
      const below = k === bracket ? 0 : eta ** -(rungs - k);
      jobs += reach;
      steps += reach * (eta ** -(rungs - 1 - k) - below);
    }
    return steps / jobs;
  };
  const brackets = hyperband ? rungs : 1;
  let sum = 0;
  for (let s = 0; s < brackets; s++) sum += share(s);
  return sum / brackets;
}

export function estimateRun(config: RunConfig): RunEstimate {
  const first = config.init === 'seed' ? 1 : config.population;
  // Replicates: best acceptance retrains each new champion (at most one a generation); noise-aware retrains
  // the first champion, then every child it tests (at most λ a generation), whose replicates a winner keeps.
  const replicated =
    config.accept === 'noise-aware' ? 1 + (config.generations - 1) * config.population : config.generations;
  const children = (config.generations - 1) * config.population;
  const candidates = first + children + replicated * config.replicates;
  const seedFlopsPerStep = flopsPerStepOf(config, seedGenomeOf(config));
  const seedSteps = stepsUnderBudget(config, seedFlopsPerStep);
  const perCandidate = config.flopsBudget
    ? Math.min(config.flopsBudget, seedSteps * seedFlopsPerStep)
    : seedSteps * seedFlopsPerStep;
  // ASHA's children mostly train a rung's share of the budget, not all of it (generation 0 trains all).
  const ladder = config.proposer === 'asha' || config.proposer === 'hyperband';
  const trained = ladder
    ? candidates - children + children * ashaJobShare(config.rungs, config.proposer === 'hyperband')
    : candidates;
  const flops = trained * perCandidate;
  return { candidates, seedSteps, seedFlopsPerStep, flops, large: candidates > WARN_CANDIDATES || flops > WARN_FLOPS };
}

/** One line for people: "~N candidates, S steps each (seed genome), ~F training FLOPs". */
export function describeEstimate(e: RunEstimate): string {
  return (
    `~${e.candidates.toLocaleString('en')} candidates, ` +
    `${e.seedSteps.toLocaleString('en')} steps for the seed genome, ~` +
    `${e.flops.toExponential(1)} training FLOPs in all`
  );
}

/**
 * Seconds the rest of a run will take on this device, from the rate at which
 * the work done so far trained (`doneFlops` in `doneMs`): a rough guide, since
 * children differ in size and batching speeds them up. Null without a rate.
 */
export function secondsLeft(e: RunEstimate, doneFlops: number, doneMs: number): number | null {
  if (!(doneFlops > 0) || !(doneMs > 0)) return null;
  return Math.max(0, e.flops - doneFlops) / (doneFlops / (doneMs / 1000));
}

/** A duration for people: "40 s", "12 min", "3.5 h". */
export function describeSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A training pace measured on this device, and where (for people: "of this run so far"). */
export interface MeasuredRate {
  /** Milliseconds of training time per optimizer step. */
  msPerStep: number;
  source: string;
}

/**
 * Training time per step over the candidates that trained (failed ones skipped); null until one has.
 * Per step, not per FLOP: a small model's step costs mostly fixed overhead, so FLOPs measured on
 * children larger than the seed (the Quick demo's linear seed grows hidden layers) made a FLOPs
 * rate foretell a fraction of the time the run took (7 s before a 66 s run, seen on today's page).
 */
export function rateOf(candidates: readonly Pick<Candidate, 'steps' | 'trainMs' | 'status'>[]): number | null {
  let steps = 0;
  let ms = 0;
  for (const c of candidates) {
    if (c.status === 'failed' || !(c.steps > 0) || !(c.trainMs > 0)) continue;
    steps += c.steps;
    ms += c.trainMs;
  }
  return steps > 0 && ms > 0 ? ms / steps : null;
}

/**
 * The run's training time on this device, for people. Without a measured pace
 * it says so ("estimate after the first child") rather than guess a speed; with
 * one it scales the steps of the candidates still to train (`done` of them
 * trained already; each the seed's steps) by it. Training only, and children differ in size: a rough guide.
 */
export function describeTimeOnDevice(e: RunEstimate, rate: MeasuredRate | null, done = 0): string {
  if (!rate || !(rate.msPerStep > 0) || !(e.seedFlopsPerStep > 0)) return 'estimate after the first child';
  // Steps in all: the FLOPs estimate counts each trained candidate (ASHA's at their share) at the seed's steps.
  const steps = e.flops / e.seedFlopsPerStep;
  const s = (steps * Math.max(0, e.candidates - done)) / e.candidates / (1000 / rate.msPerStep);
  return `about ${describeSeconds(s)} of training${done > 0 ? ' left' : ''}, at the rate ${rate.source} (a rough guide: children differ in size)`;
}

/**
 * What each child trains for: `steps`, unless a FLOPs budget decides (then
 * `steps` is not used). Shared by the loop's header and the lab's settings line.
 */
export function describeChildSteps(c: Pick<RunConfig, 'steps' | 'flopsBudget' | 'stepCap'>): string {
  return !c.flopsBudget
    ? `${c.steps} steps`
    : `steps bought by ${c.flopsBudget.toExponential(2)} FLOPs a child (at most ${(c.stepCap ?? MAX_STEPS).toLocaleString('en')})`;
}

/** The lab's one-line summary of a run's settings, shown folded while it runs. */
export function settingsLine(c: RunConfig): string {
  return (
    `${c.task} · ${c.proposer} · ${c.generations} generations × ${c.population} children · ` +
    `${describeChildSteps(c)} · seed ${c.seed} · ${c.backend}`
  );
}
