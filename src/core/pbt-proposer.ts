/**
 * `pbt` as a proposer: each generation is one PBT round. Its children are
 * the population's members, each training `steps` more steps from where a
 * member of the previous round stopped (weights and optimizer state carried
 * over), all on the same clock — so a round's members train as one batched
 * computation. A member that continues has itself as parent (operator
 * `continue`); one of the bottom quarter has the top member it copied as
 * parent (operators `exploit`, `explore`), so the lineage draws exploit edges.
 *
 * Round 1 starts the population from generation 0's best (the seed genome,
 * or the best random sample under `init: random`): member 0 keeps its
 * hyperparameters, the others resample theirs from the space (the optimizer
 * kept, so its state carries over). The architecture never changes.
 */
import type { Genome } from './genome';
import { cloneGenome } from './genome';
import { exploitExplore, exploreHyper, RESAMPLE_PROBABILITY } from './pbt';
import { best, fitness, type Proposal, type ProposerContext } from './proposers';
import type { Rng } from './rng';
import type { Candidate } from './runlog';
import { sampleGenome } from './space';

/** The previous round's members, by slot, or null when there is no full population yet (round 1). */
function lastRound(history: readonly Candidate[], count: number): Candidate[] | null {
  const g = history[history.length - 1]?.generation;
  const members = history.filter((c) => c.generation === g && c.member !== undefined);
  if (members.length !== count) return null;
  return members.slice().sort((a, b) => a.member! - b.member!);
}

/** The next round's `count` members. */
export function proposePbt(ctx: ProposerContext, count: number, rng: Rng): Proposal[] {
  const members = lastRound(ctx.history, count);
  if (!members) {
    const start = best(ctx.history) ?? ctx.history[ctx.history.length - 1];
    return Array.from({ length: count }, (_, member) => {
      const genome: Genome = cloneGenome(start.genome);
      if (member === 0)
        return {
          genome,
          parentId: start.id,
          operators: ['continue'],
          changes: [`continues #${start.id}`],
          continues: true,
          member,
        };
      const h = { ...sampleGenome(ctx.space, rng).hyper, optimizer: genome.hyper.optimizer };
      genome.hyper = h;
      return {
        genome,
        parentId: start.id,
        operators: ['explore'],
        changes: [`member ${member}: hyperparameters resampled`],
        continues: true,
        member,
      };
    });
  }
  const steps = exploitExplore(
    members.map((c) => ({ id: c.id, score: fitness(c), hyper: c.genome.hyper })),
    rng,
    exploreHyper(ctx.space, RESAMPLE_PROBABILITY),
    ctx.config.truncation / 100,
  );
  return steps.map((s, i) => {
    const source = members.find((c) => c.id === s.sourceId)!;
    const genome = cloneGenome(source.genome);
    genome.hyper = { ...s.hyper };
    return s.exploited
      ? {
          genome,
          parentId: source.id,
          operators: ['exploit', 'explore'],
          changes: [`copies #${source.id} over #${s.memberId}`, ...s.changes],
          continues: true,
          member: i,
        }
      : {
          genome,
          parentId: source.id,
          operators: ['continue'],
          changes: [`continues #${source.id}`],
          continues: true,
          member: i,
        };
  });
}

/** One segment of a learning-rate schedule: from `step` (cumulative training steps) on, `learningRate`. */
export interface ScheduleSegment {
  step: number;
  learningRate: number;
}

/**
 * The learning-rate schedule a candidate's weights were trained with: its
 * chain of ancestors whose weights it carries (`inherited`), oldest first,
 * each segment starting where the previous one's steps ended. For a PBT
 * member it is the schedule PBT discovered.
 */
export function learningRateSchedule(history: readonly Candidate[], id: number): ScheduleSegment[] {
  const byId = new Map(history.map((c) => [c.id, c]));
  const chain: Candidate[] = [];
  for (let c = byId.get(id); c; c = c.inherited && c.parentId !== null ? byId.get(c.parentId) : undefined)
    chain.unshift(c);
  const out: ScheduleSegment[] = [];
  let step = 0;
  for (const c of chain) {
    if (out[out.length - 1]?.learningRate !== c.genome.hyper.learningRate)
      out.push({ step, learningRate: c.genome.hyper.learningRate });
    step += c.steps;
  }
  return out;
}
