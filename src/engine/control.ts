/**
 * Pause / resume / stop for a running loop. The training loop calls
 * `checkpoint()` between steps; it returns at once unless paused, and throws
 * `StopSignal` once stop() has been called, which unwinds the loop through
 * its `finally` blocks so every tensor is still disposed. `fail(reason)`
 * ends the run the same way, for a cause outside the loop (the WebGPU device
 * was lost): the loop then keeps its whole generations with status `error`.
 */

/** Thrown inside the loop when the run is stopped (or has failed: see `RunControl.failure`). */
export class StopSignal extends Error {
  constructor(message = 'run stopped') {
    super(message);
    this.name = 'StopSignal';
  }
}

/** Shared run state between the host (worker API, CLI) and the loop. */
export class RunControl {
  private pausedFlag = false;
  private stoppedFlag = false;
  private failureReason: string | null = null;
  private wake: (() => void) | null = null;
  private deadline: { at: number; signal: () => StopSignal } | null = null;
  private waitedMs = 0;

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
  /** Why the run cannot go on, once `fail` has been called. */
  get failure(): string | null {
    return this.failureReason;
  }
  /** Ends the run at the next checkpoint because of `reason` (the first reason wins). */
  fail(reason: string): void {
    this.failureReason ??= reason;
    this.stop();
  }
  /** Milliseconds since an arbitrary origin, not counting time spent waiting for a person. */
  activeNow(): number {
    return performance.now() - this.waitedMs;
  }
  /** Waits for `answer` (a person's decision) without counting the wait as the loop's time. */
  async waitForPerson<T>(answer: Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await answer;
    } finally {
      this.waitedMs += performance.now() - t0;
    }
  }
  /** From active time `at` (`activeNow()` ms) on, checkpoints throw `signal()` (a wall-time budget); null clears it. */
  setDeadline(at: number | null, signal?: () => StopSignal): void {
    this.deadline = at === null || !signal ? null : { at, signal };
  }
  /** Waits while paused; throws StopSignal once stopped (or past the deadline). */
  async checkpoint(): Promise<void> {
    if (this.deadline && this.activeNow() >= this.deadline.at) throw this.deadline.signal();
    while (this.pausedFlag && !this.stoppedFlag) {
      await this.waitForPerson(new Promise<void>((resolve) => (this.wake = resolve)));
      this.wake = null;
    }
    if (this.stoppedFlag) throw new StopSignal(this.failureReason ?? undefined);
  }
}

/** Yields to the event loop, so messages (pause, stop, worker calls, events) reach a busy loop. */
export const yieldToHost = (): Promise<void> => new Promise<void>((r) => setTimeout(r, 0));
