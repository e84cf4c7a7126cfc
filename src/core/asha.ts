/**
 * Successive halving with asynchronous promotion (ASHA, Li et al. 2020) and
 * its Hyperband brackets (Li et al. 2018), as pure rules over a table of
 * trained configurations. The resource is training steps: rung k of R rungs
 * trains a configuration for maxSteps / η^(R−1−k) steps in all, so the top
 * rung gets the full budget every other proposer's children get.
 *
 * ASHA never waits for a rung to fill: whenever a worker is free, the best
 * configuration among the top 1/η of some rung that has not been promoted
 * yet goes one rung up (highest rung first); when there is none, a new
 * configuration starts at the bottom. Hyperband runs several such ladders
 * (brackets) side by side; bracket s starts its configurations at rung s,
 * so bracket 0 is the most aggressive and the last one is plain random
 * search at the full budget. Jobs go to brackets in turn.
 */

/** Reduction factor η: the best third of a rung goes up, with three times the steps. */
export const ETA = 3;

/** Steps a configuration has trained in all once it reached rung `k` of `rungs` (the top one gets `maxSteps`). */
export function rungSteps(maxSteps: number, rungs: number, k: number, eta = ETA): number {
  return Math.max(1, Math.round(maxSteps / eta ** (rungs - 1 - k)));
}

/** A configuration trained up to a rung, as the promotion rule sees it. */
export interface RungEntry {
  /** Candidate id (older ids win ties). */
  id: number;
  bracket: number;
  rung: number;
  /** Higher is better; -Infinity for one that diverged or failed (never promoted). */
  score: number;
  /** Already sent one rung up (possibly still training there). */
  promoted: boolean;
}

/** The next thing a free worker does. */
export type AshaJob =
  { kind: 'promote'; id: number; bracket: number; rung: number } | { kind: 'new'; bracket: number; rung: number };

/** Whether `a` ranks above `b` in its rung: higher score, then the older one. */
export function ranksAbove(a: RungEntry, b: RungEntry): boolean {
  return a.score !== b.score ? a.score > b.score : a.id < b.id;
}

/**
 * ASHA's get_job (Li et al. 2020, Algorithm 2) within one bracket: for k from
 * the rung below the top down to the bracket's bottom rung, the best
 * not-yet-promoted entry among the top ⌊n_k / η⌋ of rung k (n_k: every entry
 * of the bracket that reached rung k) is promoted to k + 1; unusable entries
 * (score −∞) never are. Without one, a new configuration starts at the bottom rung.
 */
export function nextJob(entries: readonly RungEntry[], bracket: number, rungs: number, eta = ETA): AshaJob {
  for (let k = rungs - 2; k >= bracket; k--) {
    const rung = entries.filter((e) => e.bracket === bracket && e.rung === k);
    const top = rung
      .slice()
      .sort((a, b) => (ranksAbove(a, b) ? -1 : 1))
      .slice(0, Math.floor(rung.length / eta));
    const pick = top.find((e) => !e.promoted && e.score > -Infinity);
    if (pick) return { kind: 'promote', id: pick.id, bracket, rung: k + 1 };
  }
  return { kind: 'new', bracket, rung: bracket };
}

/**
 * The bracket of the run's `jobIndex`-th job: one bracket (0, ASHA) without
 * Hyperband, else the `rungs` brackets in turn (Li et al. 2020, §3.3 runs
 * Hyperband's brackets as parallel ASHA ladders).
 */
export function bracketOf(jobIndex: number, rungs: number, hyperband: boolean): number {
  return hyperband ? jobIndex % rungs : 0;
}

/**
 * The next `count` jobs, issued one after another: a promotion marks its
 * entry promoted at once, so two free workers never promote the same one
 * (the promoted configuration's new score is not known until it has trained).
 */
export function nextJobs(
  entries: readonly RungEntry[],
  count: number,
  opts: { rungs: number; hyperband: boolean; firstJob: number; eta?: number },
): AshaJob[] {
  const table = entries.map((e) => ({ ...e }));
  const jobs: AshaJob[] = [];
  for (let j = 0; j < count; j++) {
    const job = nextJob(table, bracketOf(opts.firstJob + j, opts.rungs, opts.hyperband), opts.rungs, opts.eta);
    if (job.kind === 'promote') table.find((e) => e.id === job.id)!.promoted = true;
    jobs.push(job);
  }
  return jobs;
}

/** The entries that stopped early: below their bracket's top rung and never promoted. */
export function stoppedEarly(entries: readonly RungEntry[], rungs: number): RungEntry[] {
  return entries.filter((e) => e.rung < rungs - 1 && !e.promoted);
}
