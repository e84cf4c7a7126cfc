/**
 * `asha` and `hyperband` as proposers. Each generation hands out `population`
 * jobs by ASHA's rule (asha.ts) over every rung entry so far: a promotion
 * continues a candidate's training from its weights up to the next rung (a
 * child with the same genome, operator `promote`, the extra steps only); a
 * new job samples a genome from the search space (operator `sample`) and
 * trains it for its bracket's bottom rung. A candidate that never goes up
 * stopped early (`stoppedEarly`). Generation 0 (the shared start) is not in
 * any rung.
 */
import { nextJobs, rungSteps, stoppedEarly as entriesStoppedEarly, type RungEntry } from './asha';
import { cloneGenome } from './genome';
import { fitness, randomSamples, type Proposal, type ProposerContext } from './proposers';
import type { Rng } from './rng';
import type { Candidate } from './runlog';
import { flopsPerStepOf, stepsUnderBudget } from './run-plan';

/** The rung table: every candidate that trained up to a rung, marked promoted when a later one continues it. */
export function rungEntries(history: readonly Candidate[]): RungEntry[] {
  const promoted = new Set(history.filter((c) => c.operators[0] === 'promote').map((c) => c.parentId));
  return history
    .filter((c) => c.rung !== undefined)
    .map((c) => ({
      id: c.id,
      rung: c.rung!,
      bracket: c.bracket ?? 0,
      score: fitness(c),
      promoted: promoted.has(c.id),
    }));
}

/** Ids of the candidates that stopped early: below the top rung and never promoted (so far). */
export function stoppedEarlyIds(history: readonly Candidate[], rungs: number): Set<number> {
  return new Set(entriesStoppedEarly(rungEntries(history), rungs).map((e) => e.id));
}

/** The next generation's jobs. */
export function proposeAsha(ctx: ProposerContext, count: number, rng: Rng, hyperband: boolean): Proposal[] {
  const { config } = ctx;
  const entries = rungEntries(ctx.history);
  const jobs = nextJobs(entries, count, { rungs: config.rungs, hyperband, firstJob: entries.length });
  const fresh = randomSamples(ctx.space, jobs.filter((j) => j.kind === 'new').length, rng);
  const full = (c: Pick<Candidate, 'genome'>) => stepsUnderBudget(config, flopsPerStepOf(config, c.genome));
  return jobs.map((job) => {
    const at = { rung: job.rung, bracket: job.bracket };
    if (job.kind === 'new') {
      const p = fresh.shift()!;
      const steps = rungSteps(full(p), config.rungs, job.rung);
      return { ...p, changes: [`random sample, rung ${job.rung} (${steps} steps)`], steps, rung: at };
    }
    const from = ctx.history.find((c) => c.id === job.id)!;
    const before = rungSteps(full(from), config.rungs, job.rung - 1);
    const after = rungSteps(full(from), config.rungs, job.rung);
    return {
      genome: cloneGenome(from.genome),
      parentId: from.id,
      operators: ['promote'],
      changes: [`promoted to rung ${job.rung}: ${before}→${after} steps`],
      steps: after - before,
      continues: true,
      rung: at,
    };
  });
}
