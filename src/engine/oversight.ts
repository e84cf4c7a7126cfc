/**
 * The loop's side of oversight: what has been spent against the budgets,
 * the stop signal a wall-time budget raises mid-training, tripwire checks
 * after each generation.
 */
import type { RunConfig } from '../core/config';
import type { StopReason, Spent } from '../core/oversight/budgets';
import { checkTripwires, type Trip } from '../core/oversight/tripwires';
import type { RunLog } from '../core/runlog';
import { TASKS } from '../core/tasks';
import { StopSignal, type RunControl } from './control';

/** Raised at a training checkpoint once the wall-time budget is spent: the children done so far are kept. */
export class BudgetStop extends StopSignal {
  constructor(readonly reason: StopReason) {
    super();
    this.message = 'wall-time budget reached';
  }
}

/**
 * FLOPs, candidates and seconds spent so far (replicates count as FLOPs;
 * seconds are the loop's own, from `startedMs` in `control.activeNow()` time, or
 * performance.now() time without a control).
 */
export function spentSoFar(log: RunLog, startedMs: number, control?: RunControl): Spent {
  const flops =
    log.candidates.reduce((s, c) => s + c.flops, 0) + log.generations.reduce((s, g) => s + (g.replicateFlops ?? 0), 0);
  return {
    flops,
    candidates: log.candidates.length,
    seconds: ((control?.activeNow() ?? performance.now()) - startedMs) / 1000,
  };
}

/** Tripwires that trip after generation `g`, recorded on its summary. */
export function tripsAfter(config: RunConfig, log: RunLog, g: number): Trip[] {
  if (!config.tripwires?.length) return [];
  const trips = checkTripwires(
    config.tripwires,
    { candidates: log.candidates, generations: log.generations, splits: TASKS[config.task].splits },
    g,
  );
  if (trips.length) log.generations[g].trips = trips;
  return trips;
}

/**
 * A tripwire with action `stop` as the run's stop reason — or, in an
 * unattended run (no one to resume it), one with action `pause`.
 */
export function tripStop(trips: readonly Trip[], unattended: boolean): StopReason | null {
  const t =
    trips.find((x) => x.action === 'stop') ?? (unattended ? trips.find((x) => x.action === 'pause') : undefined);
  return t
    ? {
        kind: 'tripwire',
        rule: t.rule,
        threshold: t.threshold,
        value: t.value,
        generation: t.generation,
        ...(t.action === 'pause' ? { action: 'pause' as const } : {}),
      }
    : null;
}
