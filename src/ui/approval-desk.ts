/**
 * The page's side of an approval gate: the loop's request waits here until
 * the person (Approve / Reject), a driver's approver (the first answer
 * counts) or a stop answers it. It decides nothing; its host shows the
 * request while one waits.
 */
import { errorMessage } from '../core/errors';
import type { ApprovalRequest, Decision } from '../core/oversight/approval';
import { remoteApprover } from './automation';

/** One pending approval at a time, answered once. */
export class ApprovalDesk {
  private answer: ((d: Decision) => void) | null = null;
  private pending: ApprovalRequest | null = null;

  constructor(
    /** Shows the waiting request, or null once none waits. */
    private readonly show: (pending: ApprovalRequest | null) => void,
    /** Reports that a driver's approver could not answer. */
    private readonly failed: (message: string) => void,
  ) {}

  /** Waits for an answer to `req`: the person's, or a driver's approver's, whichever comes first. */
  ask(req: ApprovalRequest): Promise<Decision> {
    return new Promise((resolve) => {
      this.answer = resolve;
      this.pending = req;
      this.show(req);
      const remote = remoteApprover();
      if (remote)
        void remote(req).then(
          (d) => this.settle(d, req),
          (e: unknown) => this.failed(`the driver could not answer the approval: ${errorMessage(e)}`),
        );
    });
  }

  /** Answers the pending request (only `req`, when given: a late answer to an earlier one is dropped). */
  settle(d: Decision, req?: ApprovalRequest): void {
    const answer = this.answer;
    if (!answer || !this.pending || (req && this.pending !== req)) return;
    this.answer = null;
    this.pending = null;
    this.show(null);
    answer(d);
  }

  /** Rejects the pending request of a run being stopped: a loop waiting on it could not reach its stop. */
  rejectForStop(): void {
    this.settle({ approve: false, by: 'page (run stopped)', at: new Date().toISOString() });
  }

  /** Forgets a request whose worker is gone (a new run starts). */
  clear(): void {
    this.answer = null;
    this.pending = null;
  }
}
