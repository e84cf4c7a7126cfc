/**
 * Events the loop emits, in order: run-start, then per generation
 * generation-start, child-start / child-progress… (child-steps… when slow) / child-done per child,
 * generation-done; finally run-done (or error). All plain cloneable data,
 * so they cross the worker boundary unchanged.
 */
import type { RunConfig } from '../core/config';
import type { Candidate, Environment, GenerationSummary, RunLog } from '../core/runlog';
import type { Genome } from '../core/genome';
import type { ApprovalRequest, DecisionRecord } from '../core/oversight/approval';
import type { Trip } from '../core/oversight/tripwires';

/**
 * The loop has chosen its backend and loaded the task. `missingWeights`: on a
 * resume with `inherit` on or a proposer that continues training, how many
 * kept weights were not handed back — their children start fresh;
 * `missingStates`: how many kept candidates came back with weights but no
 * optimizer state — their continuing children restart their optimizer. Either
 * way the run is not the uninterrupted one.
 */
export interface RunStartEvent {
  type: 'run-start';
  config: RunConfig;
  environment: Environment;
  resumedFrom: number;
  missingWeights?: number;
  missingStates?: number;
}
/** A generation's children have been proposed. */
export interface GenerationStartEvent {
  type: 'generation-start';
  generation: number;
  generations: number;
  count: number;
}
/** One child begins training. */
export interface ChildStartEvent {
  type: 'child-start';
  generation: number;
  index: number;
  count: number;
  candidateId: number;
  parentId: number | null;
  genome: Genome;
  operators: string[];
  changes: string[];
  steps: number;
}
/** Mean training loss of the last `progressEvery` steps. */
export interface ChildProgressEvent {
  type: 'child-progress';
  generation: number;
  index: number;
  count: number;
  candidateId: number;
  step: number;
  steps: number;
  loss: number;
}
/** Steps a slow child has finished between loss read-backs, and the ms its training has taken so far. */
export interface ChildStepsEvent {
  type: 'child-steps';
  generation: number;
  index: number;
  count: number;
  candidateId: number;
  step: number;
  steps: number;
  ms: number;
}
/** One child is trained and scored. */
export interface ChildDoneEvent {
  type: 'child-done';
  generation: number;
  index: number;
  count: number;
  candidate: Candidate;
}
/** A generation is complete; `log` is the whole run so far (safe to save). */
export interface GenerationDoneEvent {
  type: 'generation-done';
  summary: GenerationSummary;
  log: RunLog;
}
/** The run finished (or was stopped); `log` is final. */
export interface RunDoneEvent {
  type: 'run-done';
  log: RunLog;
}
/** A tripwire tripped after a generation (`message` says what and what the loop does). */
export interface TripwireEvent {
  type: 'tripwire';
  trip: Trip;
  message: string;
}
/** The loop waits for a person to approve or reject a change. */
export interface ApprovalRequestEvent {
  type: 'approval-request';
  request: ApprovalRequest;
}
/** A person (or a decisions file) decided. */
export interface DecisionEvent {
  type: 'decision';
  decision: DecisionRecord;
}
/** The run could not go on. */
export interface RunErrorEvent {
  type: 'error';
  message: string;
}

/** Anything the loop reports. */
export type LoopEvent =
  | RunStartEvent
  | GenerationStartEvent
  | ChildStartEvent
  | ChildProgressEvent
  | ChildStepsEvent
  | ChildDoneEvent
  | GenerationDoneEvent
  | RunDoneEvent
  | RunErrorEvent
  | TripwireEvent
  | ApprovalRequestEvent
  | DecisionEvent;
