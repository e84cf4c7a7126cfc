/**
 * Keeps a run in the library as it goes: its log after every generation and
 * at the end, each new champion's weights, the possible parents' weights.
 * Saves run one after another, so a later log is never overwritten by an
 * earlier one; a save that fails (storage full) is reported, never thrown.
 */
import type { RunLog } from '../core/runlog';
import type { OptimizerState } from '../worker/lab.worker';
import type { RunRecord, RunStore } from './store';

/** What a saver tells its session. */
export interface SaverEvents {
  /** A log was saved (`record` is what the library now holds). */
  saved(record: RunRecord): void;
  /** A save failed: one line for the person, suggesting the JSON export. */
  failed(message: string): void;
}

/** One line for a failed save. */
function saveFailure(e: unknown): string {
  const err = e as { name?: string; message?: string };
  const why =
    err?.name === 'QuotaExceededError'
      ? "the browser's storage for this page is full"
      : `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`;
  return `This run could not be saved in this browser (${why}). Export it as JSON to keep it.`;
}

/** Saves a run's log and weights in order into the store that `store()` returns (none: nothing is saved). */
export class RunSaver {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: () => RunStore | null,
    private readonly events: SaverEvents,
  ) {}

  /** Settles once every save queued so far has finished or failed. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Saves run `id`'s log (a whole generation's, or the final one). */
  log(id: string, log: RunLog): void {
    if (!this.store()) return;
    const record: RunRecord = { id, source: 'page', savedAt: new Date().toISOString(), log };
    this.enqueue(
      () => this.store()!.put(record),
      () => this.events.saved(record),
    );
  }

  /** Saves a champion's weights as it is crowned. */
  champion(runId: string, candidateId: number, weights: Float32Array[]): void {
    if (this.store()) this.enqueue(() => this.store()!.putWeights(runId, candidateId, weights));
  }

  /** Saves the possible parents' weights and optimizer states after a generation, for continuing the run exactly. */
  kept(
    runId: string,
    generation: number,
    weights: Map<number, Float32Array[]>,
    states: Map<number, OptimizerState>,
  ): void {
    if (this.store()) this.enqueue(() => this.store()!.putKept({ runId, generation, weights, states }));
  }

  private enqueue(save: () => Promise<unknown>, then: () => void = () => {}): void {
    this.queue = this.queue
      .then(save)
      .then(then)
      .catch((e) => {
        console.warn('could not save the run', e);
        this.events.failed(saveFailure(e));
      });
  }
}
