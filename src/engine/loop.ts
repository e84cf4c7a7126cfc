/**
 * The generation loop: propose → train → evaluate → select, generation after
 * generation. Generation 0 is the seed genome alone (or, under `init: random`,
 * a random population), shared by every proposer, so runs of different
 * proposers start from the same point.
 *
 * Randomness is derived by name from the run seed (`propose/g`,
 * `train/<id>`), never drawn from one running stream: a generation's
 * proposals and a child's training depend only on the seed and the history,
 * so a run resumed after generation g continues exactly as if never stopped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig, type RunConfig } from '../core/config';
import { evalFlops, genomeCost } from '../core/cost';
import { errorMessage } from '../core/errors';
import type { Genome } from '../core/genome';
import { cloneGenome, weightSignature } from '../core/genome';
import { predictionCorrelation } from '../core/learned';
import {
  carriesPolicy,
  defaultPolicy,
  evolutionPool,
  PROPOSERS,
  randomSamples,
  schedulesTraining,
  type Proposal,
  type ProposerContext,
} from '../core/proposers';
import type { Rng } from '../core/rng';
import { deriveSeed, rngFor } from '../core/rng';
import type { Candidate, Environment, GenerationSummary, Interruption, RunLog } from '../core/runlog';
import { SCHEMA_VERSION } from '../core/runlog';
import { stepsUnderBudget } from '../core/run-plan';
import { TASKS } from '../core/tasks';
import { proposeAsha, stoppedEarlyIds } from '../core/asha-proposer';
import { learningRateSchedule, proposePbt } from '../core/pbt-proposer';
import { selectBackend, watchDevice, type BackendOptions } from './backend';
import { RunControl, StopSignal } from './control';
import { loadTask, type AssetLoader, type TaskTensors } from './data';
import type { LoopEvent } from './events';
import { summariseGeneration } from './champion';
import { proposeLearned } from './learned';
import { trainChildren } from './population/schedule';
import {
  aboutCandidate,
  type ApprovalRequest,
  type Decision,
  type DecisionRecord,
  type PredictorChange,
} from '../core/oversight/approval';
import { budgetReached, childrenWithinBudget, type StopReason } from '../core/oversight/budgets';
import { extendChain, sealChain } from '../core/oversight/chain';
import { applyGaming, bestWindow } from '../core/oversight/gaming';
import { describeTrip } from '../core/oversight/tripwires';
import { BudgetStop, spentSoFar, tripStop, tripsAfter } from './oversight';
import { answersOn, evaluateWeights } from './train';
import type { OptimizerState } from './optimizer';
import type { Split } from './data';

export const GENERATOR = 'successor 0.1.0';

/** What the loop needs from where it runs (worker, Node CLI, tests). */
export interface LoopHost {
  loadAsset: AssetLoader;
  onEvent?: (e: LoopEvent) => void;
  control?: RunControl;
  backendOptions?: BackendOptions;
  /** User agent (browser) or Node version, and platform, for the log. */
  runtime: { userAgent?: string; nodeVersion?: string; platform: string };
  /** Continue a saved run after its last completed generation. */
  resumeFrom?: RunLog;
  /**
   * Called once with a new champion's final weights, when it first becomes
   * champion (before that generation's `generation-done`), so a host can show
   * what the champion learned. The arrays are the loop's own: copy, don't transfer.
   */
  onChampion?: (candidateId: number, weights: Float32Array[]) => void;
  /**
   * With `inherit` on, or a proposer that continues training (`pbt`, `asha`,
   * `hyperband`): called after each generation with every weight the loop
   * keeps for later generations (possible parents and the champion), by
   * candidate id, and under those proposers the same candidates' optimizer
   * states. A host that stores both and passes them back as `resumeWeights`
   * and `resumeStates` resumes the run exactly as if never stopped. The
   * arrays are the loop's own: copy, don't transfer.
   */
  onKeptWeights?: (
    generation: number,
    weights: ReadonlyMap<number, Float32Array[]>,
    states: ReadonlyMap<number, OptimizerState>,
  ) => void;
  /** With `resumeFrom`: the last `onKeptWeights` weights of the saved run (extra ids are ignored). */
  resumeWeights?: ReadonlyMap<number, Float32Array[]>;
  /** With `resumeFrom`: the optimizer states of that same call (extra ids are ignored). */
  resumeStates?: ReadonlyMap<number, OptimizerState>;
  /** Answers approval gates (`config.approve`): a person at a terminal or a page, or a decisions file. */
  approve?: (req: ApprovalRequest) => Promise<Decision>;
  /**
   * No one can resume a pause (a CI job, a script): a `pause` trip ends the
   * run instead, the trip its stopReason (with `action: 'pause'`). Default:
   * unattended when the host passes no `control`, since nothing could resume it.
   */
  unattended?: boolean;
  /** The code that runs, recorded in the log and at the root of its hash chain (default: GENERATOR). */
  codeVersion?: string;
}

/** The genome generation 0 trains. */
export function seedGenomeFor(config: RunConfig): Genome {
  const g =
    typeof config.seedGenome === 'string'
      ? cloneGenome(TASKS[config.task].seedGenomes[config.seedGenome])
      : cloneGenome(config.seedGenome);
  if (carriesPolicy(config.proposer) && config.policyFrom?.policy)
    g.policy = JSON.parse(JSON.stringify(config.policyFrom.policy)) as typeof g.policy;
  else if (carriesPolicy(config.proposer) && !g.policy) g.policy = defaultPolicy();
  return g;
}

/** Generation 0's proposals: the seed genome, or λ random genomes (the same for every proposer with this seed). */
export function initialProposals(config: RunConfig, space: Parameters<typeof randomSamples>[0]): Proposal[] {
  if (config.init === 'seed')
    return [{ genome: seedGenomeFor(config), parentId: null, operators: [], changes: ['seed genome'] }];
  const out = randomSamples(space, config.population, rngFor(config.seed, 'init'));
  if (carriesPolicy(config.proposer))
    for (const p of out)
      p.genome.policy = config.policyFrom?.policy
        ? (JSON.parse(JSON.stringify(config.policyFrom.policy)) as typeof p.genome.policy)
        : defaultPolicy();
  return out;
}

/**
 * Training steps a genome gets under the run's budget. Under a FLOPs budget
 * it may be 0: a genome whose one step costs more than the budget is not
 * trained (it fails), rather than allowed to overspend.
 */
export function stepsFor(config: RunConfig, flopsPerStep: number): number {
  return stepsUnderBudget(config, flopsPerStep);
}

/**
 * The next generation's proposals: `learned` trains its predictor here (and
 * asks `approvePredictor`, if given, before it picks), the others are pure.
 */
function proposeGeneration(
  ctx: ProposerContext,
  rng: Rng,
  approvePredictor?: (change: PredictorChange) => Promise<boolean>,
): Promise<Proposal[]> | Proposal[] {
  const n = ctx.config.population;
  switch (ctx.config.proposer) {
    case 'learned':
      return proposeLearned(ctx, n, rng, ctx.config.policyFrom?.examples, approvePredictor);
    case 'pbt':
      return proposePbt(ctx, n, rng);
    case 'asha':
    case 'hyperband':
      return proposeAsha(ctx, n, rng, ctx.config.proposer === 'hyperband');
    default:
      return PROPOSERS[ctx.config.proposer].propose(ctx, n, rng);
  }
}

/** Keeps only the completed generations of a saved run, checking it fits the config. */
function restore(config: RunConfig, saved: RunLog): { candidates: Candidate[]; generations: GenerationSummary[] } {
  // parseConfig fills fields newer than the saved log (batchPopulation) with their defaults.
  const a = JSON.stringify(parseConfig(saved.config as unknown as Record<string, unknown>));
  const b = JSON.stringify(parseConfig(config as unknown as Record<string, unknown>));
  if (a !== b) throw new Error('cannot resume: the saved run has a different config');
  const generations = saved.generations.slice();
  const candidates = saved.candidates.filter((c) => c.generation < generations.length);
  return {
    candidates: JSON.parse(JSON.stringify(candidates)) as Candidate[],
    generations: JSON.parse(JSON.stringify(generations)) as GenerationSummary[],
  };
}

/** The saved run's interruptions, plus its own failure if it ended in one. */
function resumedAfter(saved: RunLog | undefined, generation: number): Interruption[] {
  if (!saved) return [];
  const earlier = saved.interruptions ?? [];
  return saved.status === 'error' && saved.error
    ? [...earlier, { generation, reason: saved.error, backend: saved.environment.backend }]
    : earlier;
}

/**
 * Runs the loop to the end (or until stopped) and returns the run log. A
 * failure outside the loop (the WebGPU device lost: `RunControl.fail`) also
 * returns it, with status `error`, the reason in `error`, and only whole
 * generations, so it can be continued; any other error is thrown.
 */
export async function runLoop(config: RunConfig, host: LoopHost): Promise<RunLog> {
  const emit = (e: LoopEvent) => host.onEvent?.(e);
  const control = host.control ?? new RunControl();
  const unattended = host.unattended ?? !host.control;
  const choice = await selectBackend(config.backend, host.backendOptions);
  const environment: Environment = {
    requestedBackend: config.backend,
    backend: choice.backend,
    fallbacks: choice.fallbacks,
    adapter: choice.adapter,
    tfjsVersion: tf.version_core,
    ...host.runtime,
  };
  const restored = host.resumeFrom ? restore(config, host.resumeFrom) : { candidates: [], generations: [] };
  const log: RunLog = {
    schemaVersion: SCHEMA_VERSION,
    generator: GENERATOR,
    codeVersion: host.codeVersion ?? GENERATOR,
    createdAt: host.resumeFrom?.createdAt ?? new Date().toISOString(),
    status: 'running',
    config,
    environment,
    candidates: restored.candidates,
    generations: restored.generations,
  };
  const interruptions = resumedAfter(host.resumeFrom, restored.generations.length);
  if (interruptions.length) log.interruptions = interruptions;
  if (config.approve?.length && !host.approve)
    throw new Error(
      'approve: this host has no way to ask a person (give it a decisions file or run it where someone can answer)',
    );
  const data = await loadTask(config.task, config.seed, host.loadAsset);
  // Final weights of candidates that may still be parents or champions.
  const weights = new Map<number, Float32Array[]>(host.resumeWeights ?? []);
  // Optimizer states of the same candidates, for children that continue training (PBT, ASHA).
  const states = new Map<number, OptimizerState>(host.resumeStates ?? []);
  const keeps = config.inherit || schedulesTraining(config.proposer);
  const last = log.generations[log.generations.length - 1];
  let missingWeights = 0;
  let missingStates = 0;
  if (last) {
    pruneWeights(weights, log.candidates, config, last.championId);
    pruneWeights(states, log.candidates, config, last.championId);
    // Without them children of these parents start fresh, or restart their optimizer: not the uninterrupted run.
    // Only healthy candidates have weights to keep (a diverged PBT member has none, resumed or not).
    const ids = keeps
      ? keptIds(log.candidates, config, last.championId).filter((id) => log.candidates[id]?.status === 'ok')
      : [];
    missingWeights = ids.filter((id) => !weights.has(id)).length;
    if (schedulesTraining(config.proposer))
      missingStates = ids.filter((id) => weights.has(id) && !states.has(id)).length;
  }
  const watch = watchDevice((reason) => control.fail(reason));
  // The loop's own time: waits for a person (pauses, approvals) do not count against maxSeconds.
  const startedMs = control.activeNow();
  // Rejections stand for the whole run, resumed or not.
  const rejected = new Set(
    log.generations.flatMap((s) =>
      (s.decisions ?? []).filter((d) => !d.approve && aboutCandidate(d)).map((d) => d.candidateId),
    ),
  );
  const approve =
    host.approve &&
    (async (request: ApprovalRequest) => {
      emit({ type: 'approval-request', request });
      const d = await control.waitForPerson(host.approve!(request));
      emit({ type: 'decision', decision: { ...request, ...d } });
      return d;
    });
  try {
    extendChain(log);
    emit({
      type: 'run-start',
      config,
      environment,
      resumedFrom: log.generations.length,
      ...(missingWeights ? { missingWeights } : {}),
      ...(missingStates ? { missingStates } : {}),
    });
    for (let g = log.generations.length; g < config.generations; g++) {
      const early = budgetReached(config, spentSoFar(log, startedMs, control), 0, g);
      if (early) {
        log.stopReason = early;
        break;
      }
      const started = performance.now();
      // A gate on the learned proposer's predictor: decided before the generation, logged on its summary.
      const predictorDecisions: DecisionRecord[] = [];
      const approvePredictor =
        approve && config.approve?.includes('policy')
          ? async (change: PredictorChange) => {
              const request: ApprovalRequest = {
                gate: 'policy',
                generation: g,
                candidateId: log.candidates.length,
                currentId: log.generations[g - 1].championId,
                predictor: change,
              };
              const d = await approve(request);
              // The log keeps what was decided on, not the whole list of picks.
              predictorDecisions.push({ ...request, predictor: { examples: change.examples }, ...d });
              return d.approve;
            }
          : undefined;
      let proposals: Proposal[] =
        g === 0
          ? initialProposals(config, data.info.space)
          : await proposeGeneration(
              {
                config,
                space: data.info.space,
                history: log.candidates,
                championId: log.generations[g - 1].championId,
              },
              rngFor(config.seed, 'propose', g),
              approvePredictor,
            );
      if (config.chooseValidationSubset && g > 0) proposals = applyGaming(proposals, rngFor(config.seed, 'gaming', g));
      const within = childrenWithinBudget(
        config,
        spentSoFar(log, startedMs, control),
        proposals.map((p) => {
          const cost = genomeCost(p.genome, data.info.inputShape, data.info.numClasses);
          const flops = cost.flopsPerStep * (p.steps ?? stepsFor(config, cost.flopsPerStep));
          return { params: cost.params, flops, replicateFlops: flops + evalFlops(cost, data.validation.n) };
        }),
        g,
        { replicates: config.replicates, everyChild: config.accept === 'noise-aware' },
      );
      if (within.reason) log.stopReason = within.reason;
      proposals = proposals.slice(0, within.count);
      if (proposals.length === 0) break;
      emit({ type: 'generation-start', generation: g, generations: config.generations, count: proposals.length });
      if (config.maxSeconds !== undefined) {
        const limit = config.maxSeconds;
        control.setDeadline(
          startedMs + limit * 1000,
          () =>
            new BudgetStop({
              kind: 'budget',
              budget: 'maxSeconds',
              limit,
              value: (control.activeNow() - startedMs) / 1000,
              generation: g,
            }),
        );
      }
      const trained = await trainGeneration(
        config,
        data,
        proposals,
        g,
        log.candidates,
        { weights, states },
        control,
        emit,
      ).finally(() => control.setDeadline(null));
      if (trained.stop) log.stopReason = trained.stop;
      if (trained.candidates.length === 0) break;
      const ids: number[] = [];
      // Children fail on a lost device before `device.lost` may have settled: never keep such a generation.
      if (trained.candidates.some((c) => c.status === 'failed')) await watch.settle();
      if (control.failure) throw new StopSignal(control.failure);
      for (const c of trained.candidates) {
        log.candidates.push(c);
        ids.push(c.id);
      }
      const summary = await summariseGeneration({
        config,
        generation: g,
        ids,
        all: log.candidates,
        previous: log.generations[g - 1],
        data,
        weights,
        control,
        ms: performance.now() - started,
        steps: (c) => stepsFor(config, genomeCost(c.genome, data.info.inputShape, data.info.numClasses).flopsPerStep),
        gates: config.approve,
        approve,
        rejected,
      });
      if (config.proposer === 'pbt')
        summary.championSchedule = learningRateSchedule(log.candidates, summary.championId);
      if (predictorDecisions.length) summary.decisions = [...predictorDecisions, ...(summary.decisions ?? [])];
      if (config.proposer === 'learned')
        summary.predictionRankCorrelation = predictionCorrelation(
          log.candidates.filter((c) => c.generation === g),
          log.candidates,
          1 / data.info.numClasses,
        );
      log.generations.push(summary);
      const trips = tripsAfter(config, log, g);
      log.stopReason ??= tripStop(trips, unattended) ?? undefined;
      extendChain(log);
      const championWeights = weights.get(summary.championId);
      if (championWeights && summary.championId !== log.generations[g - 1]?.championId)
        host.onChampion?.(summary.championId, championWeights);
      pruneWeights(weights, log.candidates, config, summary.championId);
      pruneWeights(states, log.candidates, config, summary.championId);
      if (keeps) host.onKeptWeights?.(g, weights, states);
      for (const trip of trips) emit({ type: 'tripwire', trip, message: describeTrip(trip, unattended) });
      if (trips.some((t) => t.action === 'pause') && !log.stopReason) control.pause();
      emit({ type: 'generation-done', summary: log.generations[g], log });
      if (log.stopReason) break;
      // A tripwire's pause holds here, after the generation is saved, until a person resumes.
      await control.checkpoint();
    }
    log.status = 'done';
  } catch (e) {
    if (!(e instanceof StopSignal)) await watch.settle();
    if (!(e instanceof StopSignal) && !control.failure) {
      log.status = 'error';
      emit({ type: 'error', message: errorMessage(e) });
      throw e;
    }
    // A stopped or failed run keeps only whole generations, so it can be continued cleanly.
    log.candidates = log.candidates.filter((c) => c.generation < log.generations.length);
    log.status = control.failure ? 'error' : 'stopped';
    if (control.failure)
      log.error = `${control.failure} during generation ${log.generations.length}; the ${log.generations.length} completed generations are kept`;
  } finally {
    watch.stop();
    data.dispose();
  }
  sealChain(log);
  emit({ type: 'run-done', log });
  return log;
}

/**
 * Trains a generation's children — batched where they can share a computation
 * (see population/schedule.ts), else one at a time — and returns their
 * candidates in proposal order (ids follow the log). When the wall-time
 * budget runs out mid-generation, the children finished by then are kept.
 */
async function trainGeneration(
  config: RunConfig,
  data: TaskTensors,
  proposals: Proposal[],
  generation: number,
  all: readonly Candidate[],
  kept: { weights: Map<number, Float32Array[]>; states: Map<number, OptimizerState> },
  control: RunControl,
  emit: (e: LoopEvent) => void,
): Promise<{ candidates: Candidate[]; stop?: StopReason }> {
  const { weights, states } = kept;
  const count = proposals.length;
  const allChildren = proposals.map((p, i) => {
    const id = all.length + i;
    const cost = genomeCost(p.genome, data.info.inputShape, data.info.numClasses);
    const parent = p.parentId === null ? undefined : all.find((c) => c.id === p.parentId);
    const parentWeights = p.parentId === null ? undefined : weights.get(p.parentId);
    // A resumed run without `resumeWeights` has no weights for earlier parents: those children start fresh.
    const init =
      (config.inherit || p.continues) && parent && parentWeights && canInherit(p.genome, parent.genome)
        ? parentWeights
        : null;
    const inheritedFlops = init && parent ? parent.flops + (parent.inheritedFlops ?? 0) : 0;
    // A child that continues a parent whose weights are gone trains as far as the lineage would have, from scratch.
    const steps =
      p.steps === undefined
        ? stepsFor(config, cost.flopsPerStep)
        : p.continues && !init && parent
          ? p.steps + lineageSteps(parent, all)
          : p.steps;
    return {
      p,
      id,
      cost,
      steps,
      seed: deriveSeed(config.seed, 'train', id),
      init,
      initState: init && p.continues && p.parentId !== null ? states.get(p.parentId) : undefined,
      genome: p.genome,
      inheritedFlops,
      index: i,
    };
  });
  const out: Candidate[] = new Array(count);
  let stop: StopReason | undefined;
  // A child that chose its validation window (the gaming demonstration) is rescored on it before its
  // child-done; events go through one promise chain so they keep their order meanwhile.
  let queue = Promise.resolve();
  const send = (e: LoopEvent, before?: () => Promise<void>) => {
    if (!config.chooseValidationSubset) return emit(e);
    queue = queue.then(async () => {
      await before?.();
      emit(e);
    });
  };
  const start = (index: number) => {
    const { p, id, steps } = allChildren[index];
    send({
      type: 'child-start',
      generation,
      index,
      count,
      candidateId: id,
      parentId: p.parentId,
      genome: p.genome,
      operators: p.operators,
      changes: p.changes,
      steps,
    });
  };
  // A child that cannot afford one step under the FLOPs budget fails untrained.
  for (const c of allChildren.filter((x) => x.steps === 0)) {
    start(c.index);
    const candidate: Candidate = {
      id: c.id,
      parentId: c.p.parentId,
      generation,
      genome: c.p.genome,
      operators: c.p.operators,
      changes: c.p.changes,
      status: 'failed',
      error: `one training step costs ${c.cost.flopsPerStep.toExponential(2)} FLOPs, more than the budget of ${config.flopsBudget}`,
      inherited: false,
      params: c.cost.params,
      flops: 0,
      evalFlops: 0,
      steps: 0,
      trainMs: 0,
      metrics: { trainLoss: null, valLoss: null, valAccuracy: null },
      lossCurve: [],
      ...scheduleFields(c.p),
    };
    out[c.index] = candidate;
    send({ type: 'child-done', generation, index: c.index, count, candidate });
  }
  const children = allChildren.filter((x) => x.steps > 0);
  // Which child a progress event is about, as the page's status line names it.
  const whichChild = (i: number) => ({
    generation,
    index: children[i].index,
    count,
    candidateId: children[i].id,
    steps: children[i].steps,
  });
  await trainChildren(
    data,
    children,
    {
      batch: config.batchPopulation,
      progressEvery: config.progressEvery,
      control,
      keepState: schedulesTraining(config.proposer),
    },
    {
      start(index) {
        start(children[index].index);
      },
      progress(index, step, loss) {
        send({ type: 'child-progress', ...whichChild(index), step, loss });
      },
      steps(index, step, ms) {
        send({ type: 'child-steps', ...whichChild(index), step, ms });
      },
      done(index, res, training) {
        const { p, id, cost, init, inheritedFlops } = children[index];
        if (res.weights) weights.set(id, res.weights);
        if (res.optimizerState) states.set(id, res.optimizerState);
        const candidate: Candidate = {
          id,
          parentId: p.parentId,
          generation,
          genome: p.genome,
          operators: p.operators,
          changes: p.changes,
          status: res.status,
          inherited: init !== null,
          params: cost.params,
          flops: cost.flopsPerStep * res.stepsDone,
          evalFlops: res.valAccuracy === null ? 0 : evalFlops(cost, data.validation.n),
          steps: res.stepsDone,
          trainMs: res.trainMs,
          metrics: { trainLoss: res.trainLoss, valLoss: res.valLoss, valAccuracy: res.valAccuracy },
          lossCurve: res.lossCurve,
          training,
          ...scheduleFields(p),
        };
        if (inheritedFlops) candidate.inheritedFlops = inheritedFlops;
        if (p.predictedGain !== undefined) candidate.predictedGain = p.predictedGain;
        if (res.error) candidate.error = res.error;
        out[children[index].index] = candidate;
        const w = res.weights;
        send(
          { type: 'child-done', generation, index: children[index].index, count, candidate },
          p.genome.evalSubset && w ? () => scoreOnWindow(candidate, w, data) : undefined,
        );
      },
    },
  ).catch((e: unknown) => {
    if (!(e instanceof BudgetStop)) throw e;
    stop = e.reason;
  });
  await queue;
  return { candidates: out.filter((c) => c !== undefined), stop };
}

/**
 * The gaming operator at work: a candidate whose genome carries a validation
 * window takes the window (of its size) where it answers best, and its
 * validation scores become those on that window alone.
 */
async function scoreOnWindow(c: Candidate, w: Float32Array[], data: TaskTensors): Promise<void> {
  const v = data.validation;
  const chosen = bestWindow(await answersOn(c.genome, w, data, v), c.genome.evalSubset!.size);
  c.genome = { ...c.genome, evalSubset: { start: chosen.start, size: c.genome.evalSubset!.size } };
  const { from, to } = chosen;
  const n = to - from;
  const features = v.x.shape[1];
  const split: Split = {
    n,
    x: tf.slice(v.x, [from, 0], [n, -1]),
    labels: tf.slice(v.labels, [from], [n]),
    oneHot: tf.slice(v.oneHot, [from, 0], [n, -1]),
    xHost: v.xHost.subarray(from * features, to * features),
    labelsHost: v.labelsHost.subarray(from, to),
  };
  try {
    const r = await evaluateWeights(c.genome, w, data, split);
    c.metrics.valLoss = r.loss;
    c.metrics.valAccuracy = r.accuracy;
  } finally {
    tf.dispose([split.x, split.labels, split.oneHot]);
  }
}

/** Where a candidate sits in PBT's population or ASHA's rungs, for its log entry. */
function scheduleFields(p: Proposal): Pick<Candidate, 'rung' | 'bracket' | 'member'> {
  return {
    ...(p.rung ? { rung: p.rung.rung, bracket: p.rung.bracket } : {}),
    ...(p.member !== undefined ? { member: p.member } : {}),
  };
}

/** Steps in a candidate's weights: its own and those of the ancestors it inherited from. */
function lineageSteps(c: Candidate, all: readonly Candidate[]): number {
  let steps = 0;
  for (let x: Candidate | undefined = c; x; x = x.inherited && x.parentId !== null ? all[x.parentId] : undefined)
    steps += x.steps;
  return steps;
}

/**
 * The candidates whose weights the loop keeps: the champion and the possible
 * parents — evolution's pool; PBT's last round; under ASHA every rung entry
 * that may still be promoted (below the top rung, not promoted yet).
 */
function keptIds(all: readonly Candidate[], config: RunConfig, championId: number): number[] {
  const last = all[all.length - 1]?.generation;
  const parents =
    config.proposer === 'pbt'
      ? all.filter((c) => c.generation === last).map((c) => c.id)
      : config.proposer === 'asha' || config.proposer === 'hyperband'
        ? [...stoppedEarlyIds(all, config.rungs)]
        : evolutionPool(all, config).map((c) => c.id);
  const keep = new Set(parents);
  keep.add(championId);
  return [...keep];
}

function pruneWeights(
  weights: Map<number, unknown>,
  all: readonly Candidate[],
  config: RunConfig,
  championId: number,
): void {
  const keep = new Set(keptIds(all, config, championId));
  for (const id of weights.keys()) if (!keep.has(id)) weights.delete(id);
}

/** Whether a child's genome can start from its parent's weights. */
export function canInherit(child: Genome, parent: Genome): boolean {
  return weightSignature(child.arch) === weightSignature(parent.arch);
}
