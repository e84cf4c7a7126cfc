/**
 * Time to target with censoring. A run that never reaches the target is not
 * dropped (that would flatter a proposer that fails often): it is censored
 * at its last generation. Kaplan–Meier gives the survival curve and median;
 * the restricted mean (the mean of min(T, horizon)) is what the paired tests use.
 */

/** One run's time to target: the generation it reached it, or its last generation if `reached` is false. */
export interface TimeToEvent {
  time: number;
  reached: boolean;
}

/** One step of a Kaplan–Meier curve: after `time`, P(not yet reached) = `survival`. */
export interface KmStep {
  time: number;
  atRisk: number;
  events: number;
  survival: number;
}

/** The Kaplan–Meier estimate: one step per distinct event time (censored runs leave the risk set after their time). */
export function kaplanMeier(data: readonly TimeToEvent[]): KmStep[] {
  if (data.length === 0) throw new RangeError('kaplanMeier: no runs');
  const times = [...new Set(data.filter((d) => d.reached).map((d) => d.time))].sort((a, b) => a - b);
  const steps: KmStep[] = [];
  let s = 1;
  for (const t of times) {
    const atRisk = data.filter((d) => d.time >= t).length;
    const events = data.filter((d) => d.reached && d.time === t).length;
    s *= 1 - events / atRisk;
    steps.push({ time: t, atRisk, events, survival: s });
  }
  return steps;
}

/** Kaplan–Meier median time to target: the first time the curve falls to 0.5 or below; null if it never does (fewer than half reached it). */
export function kmMedian(data: readonly TimeToEvent[]): number | null {
  return kaplanMeier(data).find((st) => st.survival <= 0.5 + 1e-12)?.time ?? null;
}

/**
 * One run's restricted time: min(T, horizon), with a run that never reached
 * the target counted as `horizon`. With every run observed up to the same
 * horizon (the run's generations), this is fully observed, so it can be
 * averaged and compared by seed like any other measure.
 */
export function restrictedTime(d: TimeToEvent, horizon: number): number {
  return d.reached ? Math.min(d.time, horizon) : horizon;
}
