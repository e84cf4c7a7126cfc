/**
 * Choosing and scoring the champion after each generation.
 *
 * `best`: the champion is the best candidate so far by validation accuracy.
 * `noise-aware`: a challenger replaces the champion only when its validation
 * accuracy exceeds the champion's by more than the champion's noise — the
 * spread of validation accuracy when the champion's genome is retrained with
 * other seeds (`replicates`). With few validation examples and short
 * budgets, that noise can be larger than the differences selection chases.
 *
 * The champion's test accuracy is measured once, when it first becomes
 * champion, from its stored weights; selection never reads it.
 */
import type { RunConfig } from '../core/config';
import { evalFlops, genomeCost } from '../core/cost';
import { beats, best, fitness } from '../core/proposers';
import { deriveSeed } from '../core/rng';
import type { ApprovalRequest, Decision, DecisionRecord, Gate } from '../core/oversight/approval';
import { gateFor } from '../core/oversight/approval';
import type { Candidate, GenerationSummary } from '../core/runlog';
import { std } from '../core/stats';
import type { RunControl } from './control';
import type { TaskTensors } from './data';
import { evaluateWeights, trainCandidate } from './train';

/** Inputs to one generation's summary. */
export interface SummaryInput {
  config: RunConfig;
  generation: number;
  ids: number[];
  all: Candidate[];
  previous: GenerationSummary | undefined;
  data: TaskTensors;
  weights: Map<number, Float32Array[]>;
  control: RunControl;
  ms: number;
  steps: (c: Candidate) => number;
  /** Approval gates in force, and who answers them. */
  gates?: readonly Gate[];
  approve?: (req: ApprovalRequest) => Promise<Decision>;
  /** Candidates a person rejected in earlier generations: never champion. */
  rejected?: Set<number>;
}

/** Retrains a genome `k` times with replicate seeds; returns validation accuracies and cost. */
async function replicate(
  inp: SummaryInput,
  champion: Candidate,
): Promise<{ accs: number[]; flops: number; ms: number }> {
  const accs: number[] = [];
  let flops = 0;
  let ms = 0;
  const cost = genomeCost(champion.genome, inp.data.info.inputShape, inp.data.info.numClasses);
  for (let r = 0; r < inp.config.replicates; r++) {
    const res = await trainCandidate(inp.data, {
      genome: champion.genome,
      steps: inp.steps(champion),
      seed: deriveSeed(inp.config.seed, 'replicate', champion.id, r),
      progressEvery: inp.config.progressEvery,
      init: null,
      control: inp.control,
    });
    // A diverged replicate is real noise too: count it as chance-free zero.
    accs.push(res.valAccuracy ?? 0);
    // Training plus the validation pass that scores the replicate.
    flops +=
      cost.flopsPerStep * res.stepsDone + (res.valAccuracy === null ? 0 : evalFlops(cost, inp.data.validation.n));
    ms += res.trainMs;
  }
  return { accs, flops, ms };
}

/**
 * Picks this generation's champion, replicates and test-scores it if new.
 * Behind an approval gate, each would-be new champion waits for a decision;
 * a rejected one is set aside for good and the choice is made again.
 */
export async function summariseGeneration(inp: SummaryInput): Promise<GenerationSummary> {
  const refused = inp.rejected ?? new Set<number>();
  const decisions: DecisionRecord[] = [];
  const prevChampion = inp.previous ? inp.all.find((c) => c.id === inp.previous!.championId) : undefined;
  for (;;) {
    const summary = await chooseChampion(
      inp,
      inp.all.filter((c) => !refused.has(c.id)),
    );
    const next = inp.all.find((c) => c.id === summary.championId);
    // Generation 0's seed genome is the starting point, not a change: only replacing a champion is gated.
    const gate =
      next && prevChampion && next !== prevChampion && inp.gates?.length && fitness(next) > -Infinity
        ? gateFor(inp.gates, prevChampion.genome, next.genome)
        : null;
    if (!gate || !inp.approve) return finish(inp, summary, decisions);
    const req: ApprovalRequest = {
      gate,
      generation: inp.generation,
      candidateId: next!.id,
      currentId: prevChampion!.id,
    };
    const d = await inp.approve(req);
    decisions.push({ ...req, ...d });
    if (d.approve) return finish(inp, summary, decisions);
    refused.add(next!.id);
  }
}

async function finish(
  inp: SummaryInput,
  summary: GenerationSummary,
  decisions: DecisionRecord[],
): Promise<GenerationSummary> {
  if (decisions.length) summary.decisions = decisions;
  const champion = inp.all.find((c) => c.id === summary.championId);
  if (champion && fitness(champion) > -Infinity && champion.metrics.testAccuracy === undefined) {
    const w = inp.weights.get(champion.id);
    if (!w) throw new Error(`weights of champion ${champion.id} are missing`);
    champion.metrics.testAccuracy = (await evaluateWeights(champion.genome, w, inp.data, inp.data.test)).accuracy;
    champion.evalFlops =
      (champion.evalFlops ?? 0) +
      evalFlops(genomeCost(champion.genome, inp.data.info.inputShape, inp.data.info.numClasses), inp.data.test.n);
  }
  if (champion?.metrics.testAccuracy !== undefined) summary.championTestAccuracy = champion.metrics.testAccuracy;
  if (inp.config.replicates > 0 && champion && fitness(champion) > -Infinity)
    await addReplicates(inp, summary, champion);
  return summary;
}

/** The champion among `all` (rejected candidates already left out), before test scoring. */
async function chooseChampion(inp: SummaryInput, all: Candidate[]): Promise<GenerationSummary> {
  const { generation: g, ids, previous, config } = inp;
  const own = all.filter((c) => c.generation === g);
  const ownBest = best(inp.all.filter((c) => c.generation === g));
  const base = { index: g, bestValAccuracy: ownBest?.metrics.valAccuracy ?? null, candidateIds: ids, ms: inp.ms };
  const prevChampion = previous ? all.find((c) => c.id === previous.championId) : undefined;
  let champion: Candidate | undefined;
  const rejected: number[] = [];
  if (config.accept === 'noise-aware' && prevChampion && fitness(prevChampion) > -Infinity) {
    champion = prevChampion;
    const margin = previous?.noise ?? 0;
    for (const c of own.filter((x) => fitness(x) > -Infinity).sort((a, b) => (beats(a, b) ? -1 : 1))) {
      if (fitness(c) > fitness(champion) + margin) {
        champion = c;
        break;
      }
      if (beats(c, champion)) rejected.push(c.id);
    }
  } else {
    champion = best(all);
  }
  if (!champion) {
    // Nothing has trained successfully yet: report zeros rather than invent a champion.
    return { ...base, championId: inp.all[0].id, championValAccuracy: 0, championTestAccuracy: 0 };
  }
  const summary: GenerationSummary = {
    ...base,
    championId: champion.id,
    championValAccuracy: champion.metrics.valAccuracy ?? 0,
    championTestAccuracy: champion.metrics.testAccuracy ?? 0,
  };
  if (config.accept === 'noise-aware') summary.rejectedAsNoise = rejected;
  return summary;
}

/** The champion's noise: from the previous generation when it is the same champion, else retrained. */
async function addReplicates(inp: SummaryInput, summary: GenerationSummary, champion: Candidate): Promise<void> {
  const { previous } = inp;
  if (previous && previous.championId === champion.id && previous.replicateValAccuracies) {
    // Same champion: its noise is already known.
    summary.replicateValAccuracies = previous.replicateValAccuracies;
    summary.noise = previous.noise;
    summary.replicateFlops = 0;
    summary.replicateMs = 0;
  } else {
    const r = await replicate(inp, champion);
    summary.replicateValAccuracies = r.accs;
    summary.noise = std([champion.metrics.valAccuracy ?? 0, ...r.accs]);
    summary.replicateFlops = r.flops;
    summary.replicateMs = r.ms;
  }
}
