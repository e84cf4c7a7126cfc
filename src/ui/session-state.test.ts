/**
 * The session's clock: the run's seconds leave out its waits for a person
 * (paused, or an approval pending), whether the wait is over or still going.
 */
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../core/oversight/approval';
import { activeSeconds, initialState, patchState } from './session-state';

describe('the session clock', () => {
  const started = patchState(initialState(), { phase: 'running', startedAt: 1000 }, 1000);

  it('counts a run that never waited from its start', () => {
    expect(started.waitingSince).toBeNull();
    expect(activeSeconds(started, 4000)).toBe(3);
  });

  it('leaves out a pause, finished or still going', () => {
    const paused = patchState(started, { phase: 'paused' }, 2000);
    expect(paused.waitingSince).toBe(2000);
    expect(activeSeconds(paused, 9000)).toBe(1);
    const resumed = patchState(paused, { phase: 'running' }, 5000);
    expect(resumed.waitedMs).toBe(3000);
    expect(resumed.waitingSince).toBeNull();
    expect(activeSeconds(resumed, 7000)).toBe(3);
  });

  it('leaves out the wait on an approval, and a pause during it starts no second wait', () => {
    const asked = patchState(started, { pending: {} as ApprovalRequest }, 2000);
    const pausedToo = patchState(asked, { phase: 'paused' }, 3000);
    expect(pausedToo.waitingSince).toBe(2000);
    const answered = patchState(pausedToo, { phase: 'running', pending: null }, 6000);
    expect(answered.waitedMs).toBe(4000);
    expect(activeSeconds(answered, 8000)).toBe(3);
  });
});
