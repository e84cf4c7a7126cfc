/**
 * The page's approval gate (ApprovalDesk, from lab-session): one request
 * waits at a time, the first answer counts — the person's, a driver's
 * approver's, or a stop's rejection — and a late answer is dropped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest, Decision } from '../core/oversight/approval';
import { ApprovalDesk } from './approval-desk';

const request = (candidateId: number): ApprovalRequest => ({
  gate: 'champion',
  generation: 1,
  candidateId,
  currentId: 0,
});
const decision = (approve: boolean, by = 'page'): Decision => ({ approve, by, at: '2026-01-01T00:00:00.000Z' });

// The desk asks `window` for a driver's approver; Node has no window, so the tests give it one.
const g = globalThis as { window?: { __successorApprove?: (req: ApprovalRequest) => Promise<Decision> } };
beforeEach(() => void (g.window = {}));
afterEach(() => void delete g.window);

function desk() {
  const shown: (number | null)[] = [];
  const errors: string[] = [];
  const d = new ApprovalDesk(
    (p) => shown.push(p?.candidateId ?? null),
    (m) => errors.push(m),
  );
  return { d, shown, errors };
}

describe('the approval desk', () => {
  it('shows the request until it is answered, and answers it once', async () => {
    const { d, shown } = desk();
    const req = request(3);
    const answered = d.ask(req);
    expect(shown).toEqual([3]);
    d.settle(decision(true));
    d.settle(decision(false));
    expect(await answered).toEqual(decision(true));
    expect(shown).toEqual([3, null]);
  });

  it("drops an answer meant for an earlier request, and one after the worker's request was forgotten", async () => {
    const { d, shown } = desk();
    const first = request(1);
    void d.ask(first);
    d.settle(decision(true));
    const second = d.ask(request(2));
    d.settle(decision(true), first);
    expect(shown).toEqual([1, null, 2]);
    d.rejectForStop();
    expect(await second).toEqual({ approve: false, by: 'page (run stopped)', at: expect.any(String) });
    const third = request(3);
    void d.ask(third);
    d.clear();
    d.settle(decision(true), third);
    d.rejectForStop();
    expect(shown).toEqual([1, null, 2, null, 3]);
  });

  it("takes a driver's approver's answer when it comes first, and the person's after it is dropped", async () => {
    const { d, shown } = desk();
    g.window!.__successorApprove = async () => decision(false, 'decisions file');
    const answered = d.ask(request(5));
    expect(await answered).toEqual(decision(false, 'decisions file'));
    d.settle(decision(true));
    expect(shown).toEqual([5, null]);
  });

  it("reports a driver's approver that fails, and still takes the person's answer", async () => {
    const { d, errors } = desk();
    g.window!.__successorApprove = async () => {
      throw new Error('pipe closed');
    };
    const answered = d.ask(request(6));
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual(['the driver could not answer the approval: pipe closed']);
    d.settle(decision(true));
    expect(await answered).toEqual(decision(true));
  });
});
