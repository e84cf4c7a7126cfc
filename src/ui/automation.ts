/**
 * The pages' automation hooks, in one place: the CLI's chromium drivers
 * (benchmarks/drivers/loop-chromium.ts, bench-chromium.ts) and the browser
 * tests read them, so their names are a contract (add, never rename).
 *
 * Lab page: `window.__successorEvent` (a function the driver exposes) gets
 * every loop event; the final log is left on `window.__successorLog`;
 * `document.body.dataset.runState` is running / done / stopped / error
 * ("done" once the log is saved); `dataset.savedGenerations` counts the
 * generations saved. Oversight, for a driver with a person (or a decisions
 * file) on its side: `window.__successorApprove` (exposed by the driver)
 * answers approval gates, `window.__successorUnattended = true` (set before
 * load) says no one can resume a pause, so a `pause` trip stops the run, and
 * `window.__successorControl('resume' | 'stop')` (set by the page) answers a
 * pause. A race (several runs side by side) sets `dataset.raceState` to
 * running / done ("done" once every run has ended and been saved) and leaves
 * the runs' final logs on `window.__successorRaceLogs`; its runs leave the
 * single-run hooks alone. Benchmark page: `window.__successorBenchEvent` gets
 * every bench event, the result is left on `window.__successorBenchResult`,
 * `dataset.benchState` is running / done / stopped / error.
 */
import type { BenchEvent } from '../core/bench/events';
import type { BenchResult } from '../core/bench/result';
import type { ApprovalRequest, Decision } from '../core/oversight/approval';
import type { RunLog } from '../core/runlog';
import type { LoopEvent } from '../worker/lab.worker';

declare global {
  interface Window {
    __successorEvent?: (e: LoopEvent) => void;
    __successorLog?: RunLog;
    __successorApprove?: (req: ApprovalRequest) => Promise<Decision>;
    __successorUnattended?: boolean;
    __successorControl?: (command: 'resume' | 'stop') => void;
    __successorRaceLogs?: RunLog[];
    __successorBenchEvent?: (e: BenchEvent) => void;
    __successorBenchResult?: BenchResult;
  }
}

/** What `dataset.runState` says about the lab's run. */
export type RunState = 'running' | 'done' | 'stopped' | 'error';
/** What `dataset.benchState` says about the benchmark. */
export type BenchState = 'running' | 'done' | 'stopped' | 'error';

/** Passes a loop event to a driver listening on the page. */
export function reportLoopEvent(e: LoopEvent): void {
  window.__successorEvent?.(e);
}

/** The driver's approver, if one is listening (it answers instead of the page's buttons, or races them). */
export const remoteApprover = (): ((req: ApprovalRequest) => Promise<Decision>) | undefined =>
  typeof window.__successorApprove === 'function' ? window.__successorApprove : undefined;

/** Whether a driver said no one can resume a pause. */
export const unattendedRun = (): boolean => window.__successorUnattended === true;

/** Lets a driver resume or stop a paused run. */
export function exposeRunControl(run: (command: 'resume' | 'stop') => void): void {
  window.__successorControl = run;
}

/** Leaves the finished run's log where a driver reads it. */
export function reportFinalLog(log: RunLog): void {
  window.__successorLog = log;
}

export function setRunState(state: RunState | undefined): void {
  if (state === undefined) delete document.body.dataset.runState;
  else document.body.dataset.runState = state;
}

/** What `dataset.runState` says now (undefined before the first run). */
export function runState(): RunState | undefined {
  return document.body.dataset.runState as RunState | undefined;
}

/** Counts the generations saved in the library so far. */
export function setSavedGenerations(n: number): void {
  document.body.dataset.savedGenerations = String(n);
}

/**
 * What a LabSession tells drivers about its run. The page's own session uses
 * PAGE_HOOKS; the runs of a race use NO_HOOKS, since two runs writing one
 * `runState` would make it say whichever ended last.
 */
export interface RunHooks {
  event(e: LoopEvent): void;
  finalLog(log: RunLog): void;
  setState(state: RunState | undefined): void;
  state(): RunState | undefined;
  savedGenerations(n: number): void;
}

export const PAGE_HOOKS: RunHooks = {
  event: reportLoopEvent,
  finalLog: reportFinalLog,
  setState: setRunState,
  state: runState,
  savedGenerations: setSavedGenerations,
};

export const NO_HOOKS: RunHooks = {
  event: () => {},
  finalLog: () => {},
  setState: () => {},
  state: () => undefined,
  savedGenerations: () => {},
};

/** What `dataset.raceState` says about a race. */
export type RaceState = 'running' | 'done';

export function setRaceState(state: RaceState): void {
  document.body.dataset.raceState = state;
}

/** Leaves a finished race's logs (one per run, in the race's order; null for a run that left none) where a driver reads them. */
export function reportRaceLogs(logs: (RunLog | null)[]): void {
  window.__successorRaceLogs = logs.filter((l): l is RunLog => l !== null);
}

/** Passes a bench event to a driver listening on the page. */
export function reportBenchEvent(e: BenchEvent): void {
  window.__successorBenchEvent?.(e);
}

/** Leaves the benchmark's result where a driver reads it. */
export function reportBenchResult(result: BenchResult): void {
  window.__successorBenchResult = result;
}

export function setBenchState(state: BenchState): void {
  document.body.dataset.benchState = state;
}

/** Whether the CLI's chromium driver is running this benchmark page (it listens for events). */
export const drivenByCli = (): boolean => typeof window.__successorBenchEvent === 'function';
