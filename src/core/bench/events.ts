/**
 * What a running suite reports, in order: bench-start; per backend
 * backend-start, check, then a measure event per case, backend-done;
 * finally bench-done. Plain cloneable data, so it crosses the worker
 * boundary unchanged.
 */
import type { AdapterInfo } from '../runlog';
import type { BackendResult, BenchResult, CheckResult, Measures } from './result';

/** The suite is starting on these backends. */
export interface BenchStartEvent {
  type: 'bench-start';
  suite: { name: string; version: number };
  backends: string[];
}
/** A backend started (or could not: see backend-done). */
export interface BackendStartEvent {
  type: 'backend-start';
  backend: string;
  adapter: AdapterInfo | null;
  softwareAdapter: boolean;
}
/** A backend's outputs were compared with the CPU's. */
export interface CheckEvent {
  type: 'check';
  backend: string;
  check: CheckResult;
}
/** Work is starting on one case (for progress displays). */
export interface ProgressEvent {
  type: 'progress';
  backend: string;
  kind: keyof Measures;
  id: string;
  index: number;
  count: number;
}
/** One case is measured: `measures` holds only that case. */
export interface MeasureEvent {
  type: 'measure';
  backend: string;
  measures: Measures;
}
/** A backend is finished (or unavailable, or failed). */
export interface BackendDoneEvent {
  type: 'backend-done';
  result: BackendResult;
}
/** The whole suite is finished; scores are applied by the host. */
export interface BenchDoneEvent {
  type: 'bench-done';
  result: BenchResult;
}

/** Anything a running suite reports. */
export type BenchEvent =
  BenchStartEvent | BackendStartEvent | CheckEvent | ProgressEvent | MeasureEvent | BackendDoneEvent | BenchDoneEvent;
