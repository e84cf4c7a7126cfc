/**
 * What the page shows of one run, folded from the loop's events (or read
 * from a saved log). Pure and immutable: every event returns a new view, and
 * only the parts that changed get new objects, so Lit re-renders just the
 * components whose inputs changed (a progress tick touches only `live`).
 */
import type { RunConfig } from '../core/config';
import type { Genome } from '../core/genome';
import type { Candidate, Environment, GenerationSummary, RunLog } from '../core/runlog';
import type { LoopEvent } from '../worker/lab.worker';

/** The child being trained right now. */
export interface LiveChild {
  candidateId: number;
  parentId: number | null;
  generation: number;
  /** Position in its generation, from 0, and the generation's size. */
  index: number;
  count: number;
  genome: Genome;
  changes: string[];
  steps: number;
  /** Loss read-backs so far: the step of each and its mean loss. */
  lossSteps: number[];
  losses: number[];
  /** Steps finished, from loss read-backs and (for slow children) step reports. */
  stepsDone: number;
  /** Training ms at the latest step report; null until a slow child reports one. */
  msSoFar: number | null;
}

/** One run as the page shows it. */
export interface RunView {
  config: RunConfig;
  environment: Environment | null;
  createdAt: string | null;
  status: RunLog['status'];
  /** Every finished candidate so far, in id order (children appear as they finish). */
  candidates: Candidate[];
  /** Completed generations. */
  generations: GenerationSummary[];
  live: LiveChild | null;
  /** The generation and size of the generation whose child finished last, until the next child starts. */
  lastDone?: { generation: number; count: number } | null;
  /** Generations that came from a saved log when the run was resumed. */
  resumedFrom: number;
}

/** A view with nothing run yet. */
export function emptyView(config: RunConfig): RunView {
  return {
    config,
    environment: null,
    createdAt: null,
    status: 'running',
    candidates: [],
    generations: [],
    live: null,
    resumedFrom: 0,
  };
}

/** The view of a saved (or final) log. */
export function viewFromLog(log: RunLog): RunView {
  return {
    config: log.config,
    environment: log.environment,
    createdAt: log.createdAt,
    status: log.status,
    candidates: log.candidates,
    generations: log.generations,
    live: null,
    resumedFrom: 0,
  };
}

/** The view after one loop event. */
export function applyEvent(view: RunView, e: LoopEvent): RunView {
  switch (e.type) {
    case 'run-start':
      return { ...view, config: e.config, environment: e.environment, resumedFrom: e.resumedFrom, status: 'running' };
    case 'child-start':
      return {
        ...view,
        live: {
          candidateId: e.candidateId,
          parentId: e.parentId,
          generation: e.generation,
          index: e.index,
          count: e.count,
          genome: e.genome,
          changes: e.changes,
          steps: e.steps,
          lossSteps: [],
          losses: [],
          stepsDone: 0,
          msSoFar: null,
        },
      };
    case 'child-progress': {
      const live = view.live;
      if (!live || live.candidateId !== e.candidateId) return view;
      return {
        ...view,
        live: {
          ...live,
          lossSteps: [...live.lossSteps, e.step],
          losses: [...live.losses, e.loss],
          stepsDone: Math.max(live.stepsDone, e.step),
        },
      };
    }
    case 'child-steps': {
      const live = view.live;
      if (!live || live.candidateId !== e.candidateId) return view;
      return { ...view, live: { ...live, stepsDone: Math.max(live.stepsDone, e.step), msSoFar: e.ms } };
    }
    case 'child-done':
      return {
        ...view,
        candidates: [...view.candidates.filter((c) => c.id !== e.candidate.id), e.candidate],
        live: null,
        lastDone: { generation: e.generation, count: e.count },
      };
    case 'generation-done':
      // The log is authoritative: it carries the champion's test accuracy.
      return { ...view, candidates: e.log.candidates, generations: e.log.generations, createdAt: e.log.createdAt };
    case 'run-done':
      return { ...viewFromLog(e.log), resumedFrom: view.resumedFrom };
    case 'error':
      return { ...view, status: 'error', live: null };
    default:
      return view;
  }
}

/** Candidates a run trains in all (replicates aside): generation 0 (the seed, or `population` random genomes), then `population` per generation. */
export const plannedCandidates = (c: RunConfig): number =>
  (c.init === 'random' ? c.population : 1) + Math.max(0, c.generations - 1) * c.population;

/** The current champion: the latest generation's. */
export function championOf(view: RunView): Candidate | undefined {
  const last = view.generations[view.generations.length - 1];
  return last ? view.candidates.find((c) => c.id === last.championId) : undefined;
}

/** What the page is doing with a run, as the buttons see it. */
export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'stopped' | 'error' | 'viewing';

/** The plain-language line under the buttons, e.g. "Generation 4 of 9: training child 3 of 8". */
export function describeActivity(phase: Phase, view: RunView | null): string {
  if (!view) return 'Ready.';
  const lastGen = view.config.generations - 1;
  const live = view.live;
  const where = live
    ? live.generation === 0
      ? view.config.init === 'random'
        ? `Generation 0: training random model ${live.index + 1} of ${live.count}`
        : 'Generation 0: training the seed model'
      : `Generation ${live.generation} of ${lastGen}: training child ${live.index + 1} of ${live.count}`
    : '';
  const pace = live ? paceOf(live) : '';
  switch (phase) {
    case 'idle':
      return (
        `Ready: press Start to train ` +
        `${view.config.init === 'random' ? `${view.config.population} random models` : 'the seed model'}` +
        `, then ${lastGen} generation${lastGen === 1 ? '' : 's'} of ${view.config.population}` +
        ` children.`
      );
    case 'starting':
      return 'Starting the worker and the backend…';
    case 'running':
      return where ? where + pace : between(view);
    case 'paused':
      return `Paused${where ? ` — ${where.charAt(0).toLowerCase()}${where.slice(1)}` : ''}. Press Resume to go on.`;
    case 'stopping':
      return 'Stopping after the current step…';
    case 'done':
      return `Done: ${view.generations.length} generations, ${view.candidates.length} candidates.`;
    case 'stopped':
      return `Stopped after ${view.generations.length} complete generation${view.generations.length === 1 ? '' : 's'}; press Continue to go on from there.`;
    case 'error':
      return 'The run failed.';
    case 'viewing': {
      // A saved run still marked running was cut off (the tab closed or reloaded): say so, not "running".
      const status = view.status === 'running' ? 'interrupted' : view.status;
      return `Viewing a saved run: ${view.generations.length} generations, ${view.candidates.length} candidates (${status}).`;
    }
  }
}

/**
 * Between two children: the last child's generation may have finished
 * training but not yet been scored (its generation-done comes after its
 * last child-done), or still have children to train, so the line follows
 * the candidates, not only the completed generations.
 */
function between(view: RunView): string {
  const lastChild = view.candidates[view.candidates.length - 1];
  const done = view.generations.length;
  if (!lastChild) return done ? `Generation ${done - 1} done; proposing the next…` : 'Loading the task…';
  if (lastChild.generation >= done) {
    // Between two children of one generation (the next is being set up), not yet at its scoring.
    const g = lastChild.generation;
    const size = view.lastDone?.generation === g ? view.lastDone.count : 0;
    const trained = view.candidates.filter((c) => c.generation === g).length;
    if (trained < size)
      return g === 0
        ? `Generation 0: ${trained} of ${size} random models trained; starting the next…`
        : `Generation ${g} of ${view.config.generations - 1}: ${trained} of ${size} children trained; starting the next…`;
    return `Generation ${g}: scoring the champion on held-out data…`;
  }
  return `Generation ${done - 1} done; proposing the next…`;
}

/**
 * A slow child's progress, e.g. " (step 12 of 50, about 3 min left)": only
 * once it has reported its steps (fast children finish before it matters).
 * The estimate assumes the remaining steps take as long as the ones so far.
 */
export function paceOf(live: LiveChild): string {
  if (live.msSoFar === null || live.stepsDone === 0) return '';
  const left = (live.msSoFar / live.stepsDone) * (live.steps - live.stepsDone);
  const when =
    left < 60_000
      ? `about ${Math.max(1, Math.round(left / 1000))} s left`
      : `about ${Math.round(left / 60_000)} min left`;
  return ` (step ${live.stepsDone} of ${live.steps}, ${when})`;
}
