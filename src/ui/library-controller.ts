/**
 * The run library's state and actions, as a Lit ReactiveController of the
 * lab page: opens the browser's store, lists the runs, offers to continue
 * the newest interrupted one, imports, exports and deletes. Starting,
 * opening and previewing runs stay with the page (`LibraryHost`); the
 * controller asks its host to re-render after every change.
 *
 * Another tab may change a run this tab offers (continue it, finish it,
 * delete it): the offer is then withdrawn with a message (`staleMessage`)
 * and the list re-read, never acted on.
 */
import { errorMessage } from '../core/errors';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LabSession } from './lab-session';
import { lockName } from './run-lock';
import { chainNote, exportCsv, exportJson, ImportError, readRunFile } from './run-files';
import type { LibraryAction } from './run-library';
import { isInterrupted, newRunId, RunStore, type RunRecord } from './store';

/** What the library asks of the page it lives in. */
export interface LibraryHost extends ReactiveControllerHost {
  /** Shows a saved run. */
  openRun(record: RunRecord): Promise<void>;
  /** Continues a saved run from its last complete generation. */
  continueRun(record: RunRecord): Promise<void>;
  /** A run was deleted: if it was on screen, show something else. */
  runDeleted(id: string): void;
}

/** The library: records, the interrupted run on offer, the last import's and stale offer's messages. */
export class LibraryController implements ReactiveController {
  records: RunRecord[] = [];
  /** Why runs cannot be saved here, or ''. */
  storeError = '';
  /** The newest run that stopped mid-way and is not live in any tab. */
  interrupted: RunRecord | null = null;
  /** The last import's outcome, shown by the library panel. */
  importMessage: { ok: boolean; text: string } | null = null;
  /** Why a Continue (or Keep it stopped) did nothing: the run changed in another tab. */
  staleMessage = '';
  /** Settles once the store is open (or known to be unavailable) and the interrupted run looked for. */
  opened: Promise<void> | null = null;
  private store: RunStore | null = null;

  constructor(
    private readonly host: LibraryHost,
    private readonly session: LabSession,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.opened ??= this.open();
  }

  /** Opens the store and looks for an interrupted run; the session saves into the same store. */
  private async open(): Promise<void> {
    try {
      this.store = await RunStore.open();
      this.session.store = this.store;
      this.records = await this.store.list();
      await this.findInterrupted();
    } catch (e) {
      this.storeError = `Runs cannot be saved in this browser: ${errorMessage(e)}`;
    }
    this.host.requestUpdate();
  }

  /**
   * Offers to continue the newest run that stopped mid-way. A run whose lock is
   * held is live in another tab — or is this tab's own run, still unloading
   * after a reload — so it is checked again once the lock is released.
   */
  private async findInterrupted(): Promise<void> {
    const held = new Set(((await navigator.locks?.query())?.held ?? []).map((l) => l.name));
    for (const r of this.records.filter(isInterrupted)) {
      if (!held.has(lockName(r.id))) {
        this.interrupted ??= r;
        continue;
      }
      void navigator.locks.request(lockName(r.id), async () => {
        const now = await this.store?.get(r.id);
        if (now && isInterrupted(now) && !this.session.isActive() && !this.interrupted) {
          this.interrupted = now;
          this.host.requestUpdate();
        }
      });
    }
  }

  /** A record was saved (by the session or here): it replaces its old version or goes first. */
  saved(record: RunRecord): void {
    const i = this.records.findIndex((r) => r.id === record.id);
    this.records = i >= 0 ? this.records.map((r) => (r.id === record.id ? record : r)) : [record, ...this.records];
    this.host.requestUpdate();
  }

  /** A run is starting (continuing `from`, if given): old stale messages go, and `from` is no longer on offer. */
  starting(from?: RunRecord): void {
    this.staleMessage = '';
    if (from && this.interrupted?.id === from.id) this.interrupted = null;
    this.host.requestUpdate();
  }

  /** Another tab changed a run this tab offered: say so and show the library as it is now. */
  async withdraw(message: string): Promise<void> {
    this.interrupted = null;
    this.staleMessage = message;
    this.host.requestUpdate();
    if (this.store) this.records = await this.store.list();
    this.host.requestUpdate();
  }

  /** An action from the library panel. */
  async act(action: LibraryAction, id: string): Promise<void> {
    const record = this.records.find((r) => r.id === id);
    if (!record || !this.store) return;
    if (action === 'json') exportJson(record.log);
    else if (action === 'csv') exportCsv(record.log);
    else if (action === 'open') await this.host.openRun(record);
    else if (action === 'continue') await this.host.continueRun(record);
    else if (action === 'delete') {
      await this.store.delete(id);
      this.records = this.records.filter((r) => r.id !== id);
      if (this.interrupted?.id === id) this.interrupted = null;
      this.host.runDeleted(id);
      this.host.requestUpdate();
    }
  }

  /** Imports a run log file; a bad one changes nothing and says why. */
  async import(file: File): Promise<void> {
    if (!this.store) return;
    try {
      const log = await readRunFile(file);
      const record: RunRecord = { id: newRunId(), source: 'import', savedAt: new Date().toISOString(), log };
      await this.store.put(record);
      this.records = [record, ...this.records];
      const note = chainNote(log);
      this.importMessage = {
        ok: true,
        text:
          `Imported “${file.name}”: ${log.config.task}, ${log.config.proposer}, seed ${log.config.seed}, ` +
          `${log.candidates.length} candidates.${note ? ` Unverified: ${note}.` : ''}`,
      };
    } catch (e) {
      const text = e instanceof ImportError ? e.message : `Could not import “${file.name}”: ${errorMessage(e)}`;
      this.importMessage = { ok: false, text: `${text}. The library is unchanged.` };
    }
    this.host.requestUpdate();
  }

  /** Declines the offer to continue: the run is kept, marked stopped — unless another tab changed it meanwhile. */
  async dismissInterrupted(): Promise<void> {
    const r = this.interrupted;
    this.interrupted = null;
    this.host.requestUpdate();
    if (!r || !this.store) return;
    const store = this.store;
    // Under the run's lock, and only if no other tab changed it: never overwrite a run that went on elsewhere.
    const keep = async (): Promise<boolean> => {
      const now = await store.get(r.id);
      if (!now || now.savedAt !== r.savedAt) return false;
      const kept: RunRecord = { ...r, savedAt: new Date().toISOString(), log: { ...r.log, status: 'stopped' } };
      await store.put(kept);
      this.saved(kept);
      return true;
    };
    const locks = navigator.locks;
    const done = locks
      ? await locks.request(lockName(r.id), { ifAvailable: true }, (lock) => (lock ? keep() : false))
      : await keep();
    if (!done) await this.withdraw('That run changed in another tab; it was left as it is.');
  }
}
