/**
 * Pause / resume / stop for a running loop. The training loop calls
 * `checkpoint()` between steps; it returns at once unless paused, and throws
 * `StopSignal` once stop() has been called, which unwinds the loop through
 * its `finally` blocks so every tensor is still disposed.
 */

/** Thrown inside the loop when the run is stopped. */
export class StopSignal extends Error {
  constructor() {
    super('run stopped');
    this.name = 'StopSignal';
  }
}

/** Shared run state between the host (worker API, CLI) and the loop. */
export class RunControl {
  private pausedFlag = false;
  private stoppedFlag = false;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }
  get stopped(): boolean {
    return this.stoppedFlag;
  }
  pause(): void {
    this.pausedFlag = true;
  }
  resume(): void {
    this.pausedFlag = false;
    this.wake?.();
  }
  stop(): void {
    this.stoppedFlag = true;
    this.wake?.();
  }
  /** Waits while paused; throws StopSignal once stopped. */
  async checkpoint(): Promise<void> {
    while (this.pausedFlag && !this.stoppedFlag) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    if (this.stoppedFlag) throw new StopSignal();
  }
}
