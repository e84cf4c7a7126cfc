/**
 * A race, as a Lit ReactiveController of the lab page: two or more runs
 * started together — same task, seed and budget, one proposer each — each in
 * its own LabSession (so its own worker, Web Lock and saves into the
 * library). The race is done when every run has ended and been saved; until
 * it is closed its sessions stay, so the page can show how it ended.
 *
 * Its runs leave the single-run automation hooks alone (NO_HOOKS): the race
 * reports `dataset.raceState` and its final logs instead.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RunConfig } from '../core/config';
import { NO_HOOKS, reportRaceLogs, setRaceState } from './automation';
import { LabSession } from './lab-session';
import type { RaceEntry } from './race-view';
import type { RunRecord, RunStore } from './store';

export class RaceController implements ReactiveController {
  /** One session per run, in the race's order; empty when no race is on screen. */
  private sessions: LabSession[] = [];

  /** `onSaved` hears of every record a run saves, for the library. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onSaved: (record: RunRecord) => void,
  ) {
    host.addController(this);
  }

  /** The page left the document: the race's workers go with it. */
  hostDisconnected(): void {
    this.close();
  }

  /** Whether a race is on screen (running or ended, until closed). */
  get shown(): boolean {
    return this.sessions.length > 0;
  }

  /** Whether any of its runs is still going. */
  isActive(): boolean {
    return this.sessions.some((s) => s.isActive());
  }

  /** Where each run stands, for the race view. */
  entries(): RaceEntry[] {
    return this.sessions.map((s) => ({
      runId: s.state.runId,
      phase: s.state.phase,
      view: s.state.view,
      error: s.state.error,
    }));
  }

  /** Starts one run per config, all at once; settles when every run has ended and been saved. */
  async start(configs: readonly RunConfig[], store: RunStore | null): Promise<void> {
    if (this.isActive()) return;
    this.close();
    const sessions = configs.map(() => {
      const s = new LabSession(this.host, this.onSaved, NO_HOOKS);
      s.store = store;
      return s;
    });
    this.sessions = sessions;
    setRaceState('running');
    this.host.requestUpdate();
    await Promise.all(sessions.map((s, i) => s.start(configs[i])));
    // Closed (or the page left) meanwhile: nothing more to report.
    if (this.sessions !== sessions) return;
    reportRaceLogs(sessions.map((s) => s.latestLog()));
    setRaceState('done');
    this.host.requestUpdate();
  }

  /** Stops every run; each keeps its whole generations and can be continued from the library. */
  stop(): void {
    for (const s of this.sessions) s.stop();
  }

  /** Takes the race off the screen, ending its workers. */
  close(): void {
    for (const s of this.sessions) {
      s.dispose();
      this.host.removeController(s);
    }
    this.sessions = [];
    this.host.requestUpdate();
  }
}
