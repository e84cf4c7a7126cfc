/**
 * The page's one run at a time: starts the engine worker, relays commands,
 * folds the worker's events into a RunView, and keeps the run in the
 * library as it goes — the log after every generation, each new champion's
 * weights as it is crowned. It decides nothing about training.
 *
 * While a run goes, the tab holds a Web Lock named after it, so another tab
 * (or this one after a reload) can tell a live run from an interrupted one.
 * Continue takes that lock first and re-reads the record: a tab whose view
 * of the run went stale (it finished or went on elsewhere) starts nothing.
 *
 * Nothing is lost silently: a worker that dies ends the run as `error`
 * (keeping its whole generations, lock released); a save that fails (storage
 * full) is reported in `saveError` so the page can offer the JSON instead.
 *
 * It is a Lit ReactiveController: every change re-renders its host, and its
 * workers end when the host leaves the document.
 */
import { errorMessage } from '../core/errors';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RunConfig } from '../core/config';
import type { ApprovalRequest } from '../core/oversight/approval';
import type { RunLog } from '../core/runlog';
import type { Inspection, LoopEvent, OptimizerState } from '../worker/lab.worker';
import { ApprovalDesk } from './approval-desk';
import { PAGE_HOOKS, unattendedRun, type RunHooks } from './automation';
import { Comlink, createLab, type LabClient } from './lab-client';
import { PredictionsWorker } from './predictions-worker';
import { lockName, takeLock } from './run-lock';
import { championWeights, keptFor, resumeNotice } from './run-resume';
import { RunSaver } from './run-saver';
import { applyEvent, emptyView, viewFromLog } from './run-view';
import { activeSeconds, initialState, patchState, type SessionState } from './session-state';
import { canContinue, newRunId, type RunRecord, type RunStore } from './store';

/** Runs and views runs: a ReactiveController that re-renders its host after every change. */
export class LabSession implements ReactiveController {
  state: SessionState = initialState();
  /** The approval gate's request, while one waits for an answer. */
  private readonly approvals = new ApprovalDesk(
    (pending) => this.set({ pending }),
    (error) => this.set({ error }),
  );
  private lab: LabClient | null = null;
  private readonly predictions = new PredictionsWorker();
  /** The latest whole-generation log of the current run. */
  private lastLog: RunLog | null = null;
  private readonly saver = new RunSaver(() => this.store, {
    saved: (record) => {
      this.hooks.savedGenerations(record.log.generations.length);
      if (this.state.saveError) this.set({ saveError: '' });
      this.onSaved(record);
    },
    failed: (message) => this.set({ saveError: message }),
  });
  /** Called once the current run's last event (run-done) has been handled. */
  private lastEventSeen: (() => void) | null = null;

  /** Where runs are kept; null when this browser cannot store them (runs still work). */
  store: RunStore | null = null;

  /** `onSaved` hears of every record saved, for the library; `hooks` tell drivers about the run (none for a race's runs). */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onSaved: (record: RunRecord) => void = () => {},
    private readonly hooks: RunHooks = PAGE_HOOKS,
  ) {
    host.addController(this);
  }

  /** The page left the document: its workers go with it. */
  hostDisconnected(): void {
    this.dispose();
  }

  private set(patch: Partial<SessionState>): void {
    this.state = patchState(this.state, patch, performance.now());
    this.host.requestUpdate();
  }

  /** Seconds of the run so far, without its waits for a person (the maxSeconds gauge). */
  activeSeconds(): number {
    return activeSeconds(this.state, performance.now());
  }

  /** Shows a config before it runs. */
  preview(config: RunConfig): void {
    if (this.isActive()) return;
    this.set({
      phase: 'idle',
      view: emptyView(config),
      runId: null,
      error: '',
      weights: new Map(),
      saveError: '',
      notice: '',
    });
  }

  isActive(): boolean {
    return ['starting', 'running', 'paused', 'stopping'].includes(this.state.phase);
  }

  /** The newest log of the run on screen (final, or its last whole generation): what Export JSON saves when the library could not. */
  latestLog(): RunLog | null {
    return this.lastLog;
  }

  /**
   * Starts a run, or continues a saved one from its last complete generation.
   * Returns why nothing started when `from` went stale: its run is live in
   * another tab, or the record changed since this tab read it.
   */
  async start(config: RunConfig, from?: RunRecord): Promise<string | null> {
    if (this.isActive()) return null;
    // Say "running" before the first await: a driver that polls for the end of
    // this run must not read the previous run's "done" in the meantime.
    const previous = this.hooks.state();
    this.hooks.setState('running');
    const runId = from?.id ?? newRunId();
    const release = await takeLock(lockName(runId), Boolean(from));
    if (!release) {
      this.hooks.setState(previous);
      return 'That run is being continued in another tab; nothing was started here.';
    }
    try {
      if (from && this.store) {
        const now = await this.store.get(from.id);
        if (!now || now.savedAt !== from.savedAt || !canContinue(now)) {
          this.hooks.setState(previous);
          return now
            ? `That run changed in another tab (now ${now.log.status}, ` +
                `${now.log.generations.length} of ${now.log.config.generations} generations); ` +
                `nothing was started here.`
            : 'That run was deleted in another tab.';
        }
      }
      await this.run(config, runId, from);
    } finally {
      release();
    }
    return null;
  }

  /** Runs with the run's lock held; settles once the run has ended and its last save is done. */
  private async run(config: RunConfig, runId: string, from?: RunRecord): Promise<void> {
    this.lab?.terminate();
    const lab = createLab();
    this.lab = lab;
    this.lastLog = from?.log ?? null;
    const weights = from ? await championWeights(this.store, from.id) : new Map<number, Float32Array[]>();
    const kept = from ? await keptFor(this.store, from) : undefined;
    this.approvals.clear();
    this.set({
      phase: 'starting',
      view: from ? { ...viewFromLog(from.log), status: 'running' } : emptyView(config),
      runId,
      error: '',
      weights,
      saveError: '',
      notice: '',
      trips: from?.log.generations.flatMap((g) => g.trips ?? []) ?? [],
      pending: null,
      startedAt: performance.now(),
      waitedMs: 0,
      waitingSince: null,
    });
    this.hooks.setState('running');
    const onEvent = Comlink.proxy((e: LoopEvent) => this.onEvent(e, runId, lab));
    const onChampion = Comlink.proxy((id: number, w: Float32Array[]) => this.onChampion(runId, id, w));
    const onKept = Comlink.proxy((g: number, w: Map<number, Float32Array[]>, st: Map<number, OptimizerState>) =>
      this.onKept(runId, g, w, st),
    );
    const run = lab.api.start(
      { ...config },
      onEvent,
      {
        assetBase: document.baseURI,
        resumeFrom: from?.log,
        resumeWeights: kept?.weights,
        resumeStates: kept?.states,
        unattended: unattendedRun(),
      },
      onChampion,
      onKept,
      Comlink.proxy((req: ApprovalRequest) => this.approvals.ask(req)),
    );
    // A dead worker answers nothing: without this the run would wait forever, holding the lock.
    const died = new Promise<never>((_, reject) => void lab.died.then((reason) => reject(new Error(reason))));
    const seen = new Promise<void>((resolve) => (this.lastEventSeen = resolve));
    try {
      await Promise.race([run, died]);
      // Events come on their own port, so the answer to start can arrive before the run-done event:
      // wait for it, so that this settles only once the final log has been handled and saved.
      await Promise.race([seen, died]);
    } catch (e) {
      if (this.lab !== lab) return;
      // Events the worker sent before it was ended may still arrive on their own port: dropped, so a late
      // `generation-done` cannot save a `running` log over the failed one.
      this.lab = null;
      lab.terminate();
      const message = errorMessage(e);
      // Keep what was done: the last whole-generation log, marked as failed (it can still be continued),
      // left for a driver too, so a CLI run keeps its generations as well.
      const failed: RunLog | null = this.lastLog ? { ...this.lastLog, status: 'error', error: message } : null;
      if (failed) this.hooks.finalLog(failed);
      this.hooks.event({ type: 'error', message });
      this.set({
        phase: 'error',
        error: message,
        view: this.state.view ? { ...this.state.view, status: 'error', live: null } : null,
      });
      if (failed) this.saver.log(runId, failed);
      await this.saver.settled();
      this.hooks.setState('error');
    }
    await this.saver.settled();
  }

  private onEvent(e: LoopEvent, runId: string, lab: LabClient): void {
    if (this.lab !== lab) return;
    this.hooks.event(e);
    const view = this.state.view ? applyEvent(this.state.view, e) : null;
    switch (e.type) {
      case 'run-start':
        this.set({ view, phase: this.state.phase === 'paused' ? 'paused' : 'running', notice: resumeNotice(e) });
        return;
      case 'generation-done':
        this.lastLog = e.log;
        this.set({ view });
        this.saver.log(runId, e.log);
        return;
      case 'run-done': {
        this.hooks.finalLog(e.log);
        this.lastLog = e.log;
        // A lost GPU device ends the run as `error`, with the reason: never shown as done.
        const phase = e.log.status === 'stopped' ? 'stopped' : e.log.status === 'error' ? 'error' : 'done';
        this.set({ view, phase, error: phase === 'error' ? (e.log.error ?? 'the run failed') : this.state.error });
        this.saver.log(runId, e.log);
        // Set only once the log is saved, so "done" means it is in the library too.
        void this.saver.settled().then(() => this.hooks.setState(phase));
        this.lastEventSeen?.();
        return;
      }
      case 'error':
        this.set({ view, error: e.message });
        return;
      case 'tripwire':
        // A `pause` trip has paused the engine itself; Resume releases it.
        this.set({
          view,
          trips: [...this.state.trips, e.trip],
          phase:
            e.trip.action === 'pause' && !unattendedRun() && this.state.phase === 'running'
              ? 'paused'
              : this.state.phase,
        });
        return;
      default:
        this.set({ view });
    }
  }

  private onChampion(runId: string, id: number, w: Float32Array[]): void {
    if (this.state.runId !== runId) return;
    const weights = new Map(this.state.weights).set(id, w);
    this.set({ weights, weightsVersion: this.state.weightsVersion + 1 });
    this.saver.champion(runId, id, w);
  }

  private onKept(
    runId: string,
    generation: number,
    weights: Map<number, Float32Array[]>,
    states: Map<number, OptimizerState>,
  ): void {
    if (this.state.runId === runId) this.saver.kept(runId, generation, weights, states);
  }

  /** The person's answer to the pending approval. */
  decide(approve: boolean): void {
    this.approvals.settle({ approve, by: 'page', at: new Date().toISOString() });
  }

  pause(): void {
    if (this.state.phase !== 'running') return;
    void this.lab?.api.pause();
    this.set({ phase: 'paused' });
  }

  resume(): void {
    if (this.state.phase !== 'paused') return;
    void this.lab?.api.resume();
    this.set({ phase: 'running' });
  }

  stop(): void {
    if (this.state.phase !== 'running' && this.state.phase !== 'paused') return;
    this.approvals.rejectForStop();
    void this.lab?.api.stop();
    this.set({ phase: 'stopping' });
  }

  /** Shows a saved run (and its champions' weights, if this browser has them). */
  async open(record: RunRecord): Promise<void> {
    if (this.isActive()) return;
    const weights = await championWeights(this.store, record.id);
    this.set({
      phase: 'viewing',
      view: viewFromLog(record.log),
      runId: record.id,
      error: '',
      weights,
      weightsVersion: this.state.weightsVersion + 1,
      saveError: '',
      notice: '',
    });
  }

  /** Starts the predictions worker ahead of need, while the page is idle (see `PredictionsWorker.warm`). */
  warmInspector(): void {
    this.predictions.warm();
  }

  /** A candidate's predictions on its task, if its weights are known. */
  async inspect(candidateId: number): Promise<Inspection | null> {
    const view = this.state.view;
    const weights = this.state.weights.get(candidateId);
    const c = view?.candidates.find((x) => x.id === candidateId);
    if (!view || !weights || !c) return null;
    return this.predictions.inspect({ task: view.config.task, seed: view.config.seed, genome: c.genome, weights });
  }

  dispose(): void {
    this.lab?.terminate();
    this.lab = null;
    this.predictions.dispose();
  }
}
