/**
 * What a saved run takes back from the library when it is opened or
 * continued — its champions' weights, and what its loop kept for later
 * generations — and what the page says when the loop could not be handed
 * all of that (the continued run then differs from one that never stopped).
 */
import { schedulesTraining } from '../core/proposers';
import type { LoopEvent, OptimizerState } from '../worker/lab.worker';
import type { RunRecord, RunStore } from './store';

/** A saved run's champions' weights, by candidate id; none when this browser has no library or cannot read it. */
export function championWeights(store: RunStore | null, runId: string): Promise<Map<number, Float32Array[]>> {
  return store
    ? store.weightsOf(runId).catch(() => new Map<number, Float32Array[]>())
    : Promise.resolve(new Map<number, Float32Array[]>());
}

/**
 * What the loop kept after a saved run's last generation: weights under `inherit`, weights and optimizer
 * states under pbt/asha/hyperband; undefined when it keeps none or they cannot be read.
 */
export async function keptFor(
  store: RunStore | null,
  from: RunRecord,
): Promise<{ weights: Map<number, Float32Array[]>; states: Map<number, OptimizerState> } | undefined> {
  if (!store || !(from.log.config.inherit || schedulesTraining(from.log.config.proposer))) return undefined;
  return store.keptOf(from.id).catch(() => undefined);
}

/** The notice for a continued run whose loop was not handed everything it kept; '' when it was. */
export function resumeNotice(e: Extract<LoopEvent, { type: 'run-start' }>): string {
  if (e.missingWeights)
    return (
      `The weights of ${e.missingWeights} possible parents were not saved with this run, ` +
      `so their children start fresh: the continued run differs from one that never ` +
      `stopped.`
    );
  if (e.missingStates)
    return (
      `The optimizer states of ${e.missingStates} possible parents were not saved with ` +
      `this run (it was saved by an older version), so their continuing children restart ` +
      `their optimizer: the continued run differs from one that never stopped.`
    );
  return '';
}
