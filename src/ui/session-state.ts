/**
 * The lab session's state as the page reads it, and its clock: the run's
 * time counts the loop's time, as the loop's maxSeconds does, so waits for a
 * person (paused, or on an approval) are left out. Pure: the caller passes
 * the time (performance.now()).
 */
import type { ApprovalRequest } from '../core/oversight/approval';
import type { Trip } from '../core/oversight/tripwires';
import type { Phase, RunView } from './run-view';

/** The session's state, read by the page on every change. */
export interface SessionState {
  phase: Phase;
  view: RunView | null;
  /** The library record of the run on screen. */
  runId: string | null;
  error: string;
  /** Final weights of the viewed run's champions, by candidate id. */
  weights: Map<number, Float32Array[]>;
  /** Bumped whenever `weights` gains an entry. */
  weightsVersion: number;
  /** Why the run on screen could not be saved in this browser; empty once a save succeeds. */
  saveError: string;
  /** Something about the run a person should know that is not an error. */
  notice: string;
  /** Tripwires that tripped in this run, in order. */
  trips: Trip[];
  /** An approval gate waiting for Approve or Reject. */
  pending: ApprovalRequest | null;
  /** performance.now() when the run started (budget gauges' wall time). */
  startedAt: number;
  /** Milliseconds the run has waited for a person (paused, or on an approval): not the loop's time. */
  waitedMs: number;
  /** performance.now() when the current wait began; null when not waiting. */
  waitingSince: number | null;
}

/** The state of a session that has shown nothing yet. */
export function initialState(): SessionState {
  return {
    phase: 'idle',
    view: null,
    runId: null,
    error: '',
    weights: new Map(),
    weightsVersion: 0,
    saveError: '',
    notice: '',
    trips: [],
    pending: null,
    startedAt: 0,
    waitedMs: 0,
    waitingSince: null,
  };
}

/** `state` with `patch` applied at time `now`, a wait for a person starting or ending with it. */
export function patchState(state: SessionState, patch: Partial<SessionState>, now: number): SessionState {
  const next = { ...state, ...patch };
  const waiting = next.phase === 'paused' || next.pending !== null;
  if (waiting && next.waitingSince === null) next.waitingSince = now;
  if (!waiting && next.waitingSince !== null) {
    next.waitedMs += now - next.waitingSince;
    next.waitingSince = null;
  }
  return next;
}

/** Seconds of the run at time `now`, without its waits for a person (the maxSeconds gauge). */
export function activeSeconds(s: SessionState, now: number): number {
  return (now - s.startedAt - s.waitedMs - (s.waitingSince === null ? 0 : now - s.waitingSince)) / 1000;
}
