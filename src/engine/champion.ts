/**
 * Choosing and scoring the champion after each generation.
 *
 * `best`: the champion is the best candidate so far by validation accuracy.
 * `noise-aware`: a challenger replaces the champion only when, retrained with
 * the champion's replicate seeds, it beats it by more than z · SE of the
 * paired difference (core/acceptance.ts). With few validation examples and
 * short budgets, retraining noise can be larger than the differences
 * selection chases.
 *
 * The champion's test accuracy is measured once, when it first becomes
 * champion, from its stored weights; selection never reads it.
 */
import { pairedAcceptance, replicateNoise, replicateScore } from '../core/acceptance';
import type { RunConfig } from '../core/config';
import { crownable } from '../core/asha-proposer';
import { evalFlops, genomeCost } from '../core/cost';
import { beats, best, fitness } from '../core/proposers';
import { deriveSeed } from '../core/rng';
import type { ApprovalRequest, Decision, DecisionRecord, Gate } from '../core/oversight/approval';
import { gateFor } from '../core/oversight/approval';
import type { Candidate, ChallengerTest, GenerationSummary } from '../core/runlog';
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

/** A genome's replicates: validation accuracy per replicate seed (null = diverged), and their cost. */
interface Replicates {
  accs: (number | null)[];
  flops: number;
  ms: number;
}

/** Replicates trained this generation, by candidate id (challengers tested, a new champion). */
type ReplicateCache = Map<number, Replicates>;

/**
 * Retrains a genome `replicates` times. Replicate r uses the same seed for
 * every genome of the run, so two genomes' replicates pair up by r.
 */
async function replicate(inp: SummaryInput, cand: Candidate): Promise<Replicates> {
  const accs: (number | null)[] = [];
  let flops = 0;
  let ms = 0;
  const cost = genomeCost(cand.genome, inp.data.info.inputShape, inp.data.info.numClasses);
  for (let r = 0; r < inp.config.replicates; r++) {
    const res = await trainCandidate(inp.data, {
      genome: cand.genome,
      steps: inp.steps(cand),
      seed: deriveSeed(inp.config.seed, 'replicate', r),
      progressEvery: inp.config.progressEvery,
      init: null,
      control: inp.control,
    });
    accs.push(res.valAccuracy);
    // Training plus the validation pass that scores the replicate.
    flops +=
      cost.flopsPerStep * res.stepsDone + (res.valAccuracy === null ? 0 : evalFlops(cost, inp.data.validation.n));
    ms += res.trainMs;
  }
  return { accs, flops, ms };
}

/** A candidate's replicates, trained once per generation at most. */
async function replicatesOf(inp: SummaryInput, cache: ReplicateCache, cand: Candidate): Promise<Replicates> {
  let r = cache.get(cand.id);
  if (!r) {
    r = await replicate(inp, cand);
    cache.set(cand.id, r);
  }
  return r;
}

/** The previous champion's replicates as logged: diverged ones are listed by index. */
function loggedReplicates(g: GenerationSummary | undefined): (number | null)[] | undefined {
  if (!g?.replicateValAccuracies) return undefined;
  const diverged = new Set(g.replicateDiverged ?? []);
  return g.replicateValAccuracies.map((v, r) => (diverged.has(r) ? null : v));
}

/**
 * Picks this generation's champion, replicates and test-scores it if new.
 * Behind an approval gate, each would-be new champion waits for a decision;
 * a rejected one is set aside for good and the choice is made again.
 */
export async function summariseGeneration(inp: SummaryInput): Promise<GenerationSummary> {
  const refused = inp.rejected ?? new Set<number>();
  const decisions: DecisionRecord[] = [];
  const cache: ReplicateCache = new Map();
  const prevChampion = inp.previous ? inp.all.find((c) => c.id === inp.previous!.championId) : undefined;
  for (;;) {
    const summary = await chooseChampion(
      inp,
      inp.all.filter((c) => !refused.has(c.id)),
      cache,
    );
    const next = inp.all.find((c) => c.id === summary.championId);
    // Generation 0's seed genome is the starting point, not a change: only replacing a champion is gated.
    const gate =
      next && prevChampion && next !== prevChampion && inp.gates?.length && fitness(next) > -Infinity
        ? gateFor(inp.gates, prevChampion.genome, next.genome)
        : null;
    if (!gate || !inp.approve) return finish(inp, summary, decisions, cache);
    const req: ApprovalRequest = {
      gate,
      generation: inp.generation,
      candidateId: next!.id,
      currentId: prevChampion!.id,
    };
    const d = await inp.approve(req);
    decisions.push({ ...req, ...d });
    if (d.approve) return finish(inp, summary, decisions, cache);
    refused.add(next!.id);
  }
}

async function finish(
  inp: SummaryInput,
  summary: GenerationSummary,
  decisions: DecisionRecord[],
  cache: ReplicateCache,
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
    await addReplicates(inp, summary, champion, cache);
  return summary;
}

/**
 * The noise-aware choice: this generation's children that score above the
 * champion's replicate mean are tested best first, each on replicates paired
 * with the champion's; the first that passes is the new champion.
 */
async function challenge(
  inp: SummaryInput,
  own: Candidate[],
  champion: Candidate,
  cache: ReplicateCache,
): Promise<{ champion: Candidate; tests: ChallengerTest[]; rejected: number[] }> {
  const numClasses = inp.data.info.numClasses;
  const champReps = inp.previous?.championId === champion.id ? loggedReplicates(inp.previous) : undefined;
  const base = champReps ?? (await replicatesOf(inp, cache, champion)).accs;
  const bar = base.reduce<number>((s, v) => s + replicateScore(v, numClasses), 0) / base.length;
  const scale = { numClasses, validationSize: inp.data.validation.n, challengers: inp.config.population };
  const tests: ChallengerTest[] = [];
  const rejected: number[] = [];
  const contenders = own.filter((c) => fitness(c) > bar).sort((a, b) => (beats(a, b) ? -1 : 1));
  for (const c of contenders) {
    const reps = await replicatesOf(inp, cache, c);
    const t = pairedAcceptance(base, reps.accs, scale);
    tests.push({ id: c.id, meanDifference: t.meanDifference, se: t.se, z: t.z, accepted: t.accepted });
    if (t.accepted) return { champion: c, tests, rejected };
    rejected.push(c.id);
  }
  return { champion, tests, rejected };
}

/** The champion among `all` (rejected candidates already left out), before test scoring. */
async function chooseChampion(inp: SummaryInput, all: Candidate[], cache: ReplicateCache): Promise<GenerationSummary> {
  const { generation: g, ids, previous, config } = inp;
  const pool = config.proposer === 'asha' || config.proposer === 'hyperband' ? crownable(all, config.rungs) : all;
  const own = pool.filter((c) => c.generation === g && fitness(c) > -Infinity);
  const ownBest = best(inp.all.filter((c) => c.generation === g));
  const base = { index: g, bestValAccuracy: ownBest?.metrics.valAccuracy ?? null, candidateIds: ids, ms: inp.ms };
  // A previous champion that left the pool (a higher rung was reached) is replaced, not challenged.
  const prevChampion = previous ? pool.find((c) => c.id === previous.championId) : undefined;
  let champion: Candidate | undefined;
  let noiseAware: { tests: ChallengerTest[]; rejected: number[] } | undefined;
  if (config.accept === 'noise-aware' && prevChampion && fitness(prevChampion) > -Infinity) {
    const r = await challenge(inp, own, prevChampion, cache);
    champion = r.champion;
    noiseAware = r;
  } else {
    champion = best(pool);
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
  if (config.accept === 'noise-aware') {
    summary.rejectedAsNoise = noiseAware?.rejected ?? [];
    summary.challengerTests = noiseAware?.tests ?? [];
  }
  return summary;
}

/**
 * The champion's replicates and noise: carried over while it stays champion,
 * else those trained this generation (a tested challenger's), else trained
 * now. Every replicate trained this generation counts in its FLOPs.
 */
async function addReplicates(
  inp: SummaryInput,
  summary: GenerationSummary,
  champion: Candidate,
  cache: ReplicateCache,
): Promise<void> {
  const { previous } = inp;
  const carried = previous?.championId === champion.id ? loggedReplicates(previous) : undefined;
  const accs = carried ?? (await replicatesOf(inp, cache, champion)).accs;
  const numClasses = inp.data.info.numClasses;
  summary.replicateValAccuracies = accs.map((v) => replicateScore(v, numClasses));
  const diverged = accs.flatMap((v, r) => (v === null ? [r] : []));
  if (diverged.length) summary.replicateDiverged = diverged;
  summary.noise = replicateNoise(champion.metrics.valAccuracy ?? 0, accs);
  summary.replicateFlops = [...cache.values()].reduce((s, r) => s + r.flops, 0);
  summary.replicateMs = [...cache.values()].reduce((s, r) => s + r.ms, 0);
}
