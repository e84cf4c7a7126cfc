/**
 * The run library in IndexedDB (through idb). Two stores: `runs` holds each
 * run's log, saved after every generation so a closed tab loses at most the
 * generation in progress; `weights` holds the final weights of each run's
 * champions, so a saved run can still show what its champions learned;
 * `kept` holds, for a run with `inherit` on or a proposer that continues
 * training (pbt, asha, hyperband), the weights the loop keeps for later
 * generations (possible parents) and, for those proposers, their optimizer
 * states, so Continue is the same run. Records saved before states were kept
 * have none: their continuing children restart their optimizer (the page says so).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RunLog } from '../core/runlog';
import type { OptimizerState } from '../worker/lab.worker';

/** A saved run. */
export interface RunRecord {
  id: string;
  /** When the record was last written. */
  savedAt: string;
  /** `page`: run here (it can be resumed); `import`: from a file. */
  source: 'page' | 'import';
  log: RunLog;
}

/** A champion's weights. */
export interface WeightsRecord {
  runId: string;
  candidateId: number;
  weights: Float32Array[];
}

/** The weights (and optimizer states) a run's loop keeps after a generation (see `LoopHost.onKeptWeights`). */
export interface KeptWeightsRecord {
  runId: string;
  generation: number;
  weights: Map<number, Float32Array[]>;
  /** Absent in records saved before optimizer states were kept. */
  states?: Map<number, OptimizerState>;
}

interface LabDB extends DBSchema {
  runs: { key: string; value: RunRecord };
  weights: { key: [string, number]; value: WeightsRecord; indexes: { byRun: string } };
  kept: { key: string; value: KeptWeightsRecord };
}

export const DB_NAME = 'successor-lab';

/** What the library lists about a run. */
export interface RunSummary {
  id: string;
  source: RunRecord['source'];
  task: string;
  proposer: string;
  seed: number;
  status: RunLog['status'];
  generationsDone: number;
  generations: number;
  candidates: number;
  /** The last champion's validation and test accuracy. */
  bestVal: number | null;
  bestTest: number | null;
  createdAt: string;
  savedAt: string;
}

/** Summary of a record for the library list. */
export function summariseRecord(r: RunRecord): RunSummary {
  const last = r.log.generations[r.log.generations.length - 1];
  return {
    id: r.id,
    source: r.source,
    task: r.log.config.task,
    proposer: r.log.config.proposer,
    seed: r.log.config.seed,
    status: r.log.status,
    generationsDone: r.log.generations.length,
    generations: r.log.config.generations,
    candidates: r.log.candidates.length,
    bestVal: last?.championValAccuracy ?? null,
    bestTest: last?.championTestAccuracy ?? null,
    createdAt: r.log.createdAt,
    savedAt: r.savedAt,
  };
}

/** A run the page started and never finished: the tab closed or reloaded mid-run. */
export const isInterrupted = (r: RunRecord): boolean => r.source === 'page' && r.log.status === 'running';

/** A run that can be continued from its last complete generation. */
export const canContinue = (r: RunRecord): boolean =>
  (r.log.status === 'running' || r.log.status === 'stopped' || r.log.status === 'error') &&
  r.log.generations.length < r.log.config.generations;

/** The library. */
export class RunStore {
  private constructor(private readonly db: IDBPDatabase<LabDB>) {}

  static async open(name = DB_NAME): Promise<RunStore> {
    const db = await openDB<LabDB>(name, 2, {
      upgrade(d, old) {
        if (old < 1) {
          d.createObjectStore('runs', { keyPath: 'id' });
          d.createObjectStore('weights', { keyPath: ['runId', 'candidateId'] }).createIndex('byRun', 'runId');
        }
        if (old < 2) d.createObjectStore('kept', { keyPath: 'runId' });
      },
    });
    return new RunStore(db);
  }

  /** Every saved run, newest first. */
  async list(): Promise<RunRecord[]> {
    const all = await this.db.getAll('runs');
    return all.sort((a, b) => b.log.createdAt.localeCompare(a.log.createdAt) || b.savedAt.localeCompare(a.savedAt));
  }

  get(id: string): Promise<RunRecord | undefined> {
    return this.db.get('runs', id);
  }

  async put(record: RunRecord): Promise<void> {
    await this.db.put('runs', record);
  }

  /** Deletes a run and its weights in one transaction. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'weights', 'kept'], 'readwrite');
    await tx.objectStore('runs').delete(id);
    await tx.objectStore('kept').delete(id);
    const idx = tx.objectStore('weights').index('byRun');
    for (let cur = await idx.openCursor(id); cur; cur = await cur.continue()) await cur.delete();
    await tx.done;
  }

  async putWeights(runId: string, candidateId: number, weights: Float32Array[]): Promise<void> {
    await this.db.put('weights', { runId, candidateId, weights });
  }

  /** Every stored champion's weights of a run, by candidate id. */
  async weightsOf(runId: string): Promise<Map<number, Float32Array[]>> {
    const rows = await this.db.getAllFromIndex('weights', 'byRun', runId);
    return new Map(rows.map((r) => [r.candidateId, r.weights]));
  }

  /** Replaces a run's kept weights with a later generation's. */
  async putKept(record: KeptWeightsRecord): Promise<void> {
    await this.db.put('kept', record);
  }

  /** A run's last kept weights and optimizer states (empty when none were saved). */
  async keptOf(runId: string): Promise<{ weights: Map<number, Float32Array[]>; states: Map<number, OptimizerState> }> {
    const r = await this.db.get('kept', runId);
    return { weights: r?.weights ?? new Map(), states: r?.states ?? new Map() };
  }

  close(): void {
    this.db.close();
  }
}

/** A fresh id for a run record. */
export const newRunId = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
