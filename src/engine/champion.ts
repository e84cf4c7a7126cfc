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
import { genomeCost } from '../core/cost';
import { beats, best, fitness } from '../core/proposers';
import { deriveSeed } from '../core/rng';
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
}

/** Retrains a genome `k` times with replicate seeds; returns validation accuracies and cost. */
async function replicate(inp: SummaryInput, champion: Candidate): Promise<{ accs: number[]; flops: number; ms: number }> {
  const accs: number[] = [];
  let flops = 0;
  let ms = 0;
  const perStep = genomeCost(champion.genome, inp.data.info.inputShape, inp.data.info.numClasses).flopsPerStep;
  for (let r = 0; r < inp.config.replicates; r++) {
    const res = await trainCandidate(inp.data, {
      genome: champion.genome, steps: inp.steps(champion), seed: deriveSeed(inp.config.seed, 'replicate', champion.id, r),
      progressEvery: inp.config.progressEvery, init: null, control: inp.control,
    });
    // A diverged replicate is real noise too: count it as chance-free zero.
    accs.push(res.valAccuracy ?? 0);
    flops += perStep * res.stepsDone;
    ms += res.trainMs;
  }
  return { accs, flops, ms };
}

/** Picks this generation's champion, replicates and test-scores it if new. */
export async function summariseGeneration(inp: SummaryInput): Promise<GenerationSummary> {
  const { generation: g, ids, all, previous, config } = inp;
  const own = all.filter((c) => c.generation === g);
  const ownBest = best(own);
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
    return { ...base, championId: all[0].id, championValAccuracy: 0, championTestAccuracy: 0 };
  }
  if (champion.metrics.testAccuracy === undefined) {
    const w = inp.weights.get(champion.id);
    if (!w) throw new Error(`weights of champion ${champion.id} are missing`);
    champion.metrics.testAccuracy = (await evaluateWeights(champion.genome, w, inp.data, inp.data.test)).accuracy;
  }
  const summary: GenerationSummary = {
    ...base, championId: champion.id, championValAccuracy: champion.metrics.valAccuracy ?? 0, championTestAccuracy: champion.metrics.testAccuracy,
  };
  if (config.replicates > 0) {
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
  if (config.accept === 'noise-aware') summary.rejectedAsNoise = rejected;
  return summary;
}
