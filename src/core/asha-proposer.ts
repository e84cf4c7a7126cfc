/**
 * `asha` and `hyperband` as proposers. Each generation hands out `population`
 * jobs by ASHA's rule (asha.ts) over every rung entry so far: a promotion
 * continues a candidate's training from its weights up to the next rung (a
 * child with the same genome, operator `promote`, the extra steps only); a
 * new job samples a genome from the search space (operator `sample`) and
 * trains it for its bracket's bottom rung. A candidate that never goes up
 * stopped early (`stoppedEarly`). Generation 0 (the shared start) is not in
 * any rung. With `ashaSampler: evolution` new configurations are evolved on
 * the rung they start at instead (`evolvedStart`).
 */
import { nextJobs, rungSteps, stoppedEarly as entriesStoppedEarly, type RungEntry } from './asha';
import { cloneGenome } from './genome';
import {
  evolutionPool,
  fitness,
  mutate,
  mutationsOf,
  randomSamples,
  tournament,
  type Proposal,
  type ProposerContext,
} from './proposers';
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

/**
 * Who may be champion in an `asha` / `hyperband` run: the healthy candidates
 * of the highest rung any healthy candidate has reached, a candidate outside
 * the rungs (generation 0, trained for the full budget) counting as the top.
 * Why not the best score on any rung (Hyperband's Algorithm 1 returns the
 * best intermediate loss seen anywhere): a rung-0 score is a model after a
 * ninth of the steps, and rung 0 holds most candidates, so its best
 * validation score is the one most inflated by selection among many noisy
 * ones — and it crowns a model never trained for the budget every other
 * proposer's children get. From the top rung, the champion is a model
 * trained for that budget and picked among its equals. Lower rungs crown only
 * while nothing healthy stands higher (e.g. generation 0 diverged).
 */
export function crownable(all: readonly Candidate[], rungs: number): Candidate[] {
  const healthy = all.filter((c) => fitness(c) > -Infinity);
  const level = (c: Candidate) => c.rung ?? rungs - 1;
  const top = Math.max(...healthy.map(level));
  return healthy.filter((c) => level(c) === top);
}

/** The next generation's jobs. */
export function proposeAsha(ctx: ProposerContext, count: number, rng: Rng, hyperband: boolean): Proposal[] {
  const { config } = ctx;
  const entries = rungEntries(ctx.history);
  const jobs = nextJobs(entries, count, { rungs: config.rungs, hyperband, firstJob: entries.length });
  const starts = jobs.filter((j) => j.kind === 'new');
  const fresh =
    config.ashaSampler === 'evolution'
      ? starts.map((j) => evolvedStart(ctx, j, rng))
      : randomSamples(ctx.space, starts.length, rng);
  const full = (c: Pick<Candidate, 'genome'>) => stepsUnderBudget(config, flopsPerStepOf(config, c.genome));
  return jobs.map((job) => {
    const at = { rung: job.rung, bracket: job.bracket };
    if (job.kind === 'new') {
      const p = fresh.shift()!;
      // One step over the FLOPs budget: 0 steps, so the loop refuses it untrained as it does every
      // proposer's (rungSteps' minimum of one step would train it once, over the budget).
      const steps = full(p) === 0 ? 0 : rungSteps(full(p), config.rungs, job.rung);
      const changes =
        p.parentId === null
          ? [`random sample, rung ${job.rung} (${steps} steps)`]
          : [...p.changes, `rung ${job.rung} (${steps} steps)`];
      return { ...p, changes, steps, rung: at };
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

/**
 * A new configuration under `ashaSampler: evolution`: regularized evolution
 * (Real et al. 2019) run on the rung it starts at — a mutation of the
 * tournament winner among the youngest `pool` healthy candidates that started
 * at that rung of that bracket. They were all measured after the same steps,
 * so the tournament compares equals (a score from a higher rung would win on
 * its extra training). Until the rung holds `pool` of them, a sample from the
 * space, as Real et al. start from a random population.
 */
function evolvedStart(ctx: ProposerContext, job: { rung: number; bracket: number }, rng: Rng): Proposal {
  const rung = ctx.history.filter((c) => c.rung === job.rung && (c.bracket ?? 0) === job.bracket);
  const pop = evolutionPool(rung, { ...ctx.config, removal: 'oldest' });
  if (pop.length < ctx.config.pool) return randomSamples(ctx.space, 1, rng)[0];
  const parent = tournament(pop, ctx.config.tournament, rng);
  return { ...mutate(parent.genome, ctx.space, rng, mutationsOf(ctx.config), 1), parentId: parent.id };
}
