/**
 * The meta-search's plan (`npm run meta`): an outer loop over proposer
 * configurations (meta.ts). Round 0 scores the baseline and `children`
 * random configurations; each later round mutates configurations drawn
 * from an archive — the best of each niche (proposer × mutation strength),
 * as the Darwin Gödel Machine keeps an archive of diverse good agents rather
 * than one lineage. An outer candidate's score is the mean final held-out
 * accuracy of its runs on the TRAINING seeds; the best archive members that
 * are not the baseline are then run on HELD-OUT seeds the search never used
 * — of its own task and of any held-out tasks — and compared with the
 * baseline there, paired by seed, Holm-adjusted over every comparison.
 *
 * The plan is a pure function of the options and the results so far, so the
 * CLI can stop anywhere, hand out the next jobs as a work list, and pick up
 * where it left off once their run logs are back.
 */
import { BASELINE, improverKey, mutateImprover, sampleImprover, type ImproverConfig } from './meta';
import { rngFor } from './rng';
import type { Estimate } from './stats';
import type { TaskName } from './tasks';
import { holm, pairedPermutationTest, probabilityOfSuperiority, tInterval } from './stats';

/** The outer loop's sizes. */
export interface MetaOptions {
  /** Seeds the outer loop's randomness (which configurations it tries). */
  metaSeed: number;
  /** Outer rounds, round 0 included. */
  rounds: number;
  /** New configurations per round. */
  children: number;
  /** Most configurations the archive keeps (at most one per niche). */
  archiveSize: number;
  /** How many archive members (besides the baseline) go to the held-out evaluation. */
  finalists: number;
  /** Seeds that score outer candidates. */
  trainSeeds: readonly number[];
  /** Seeds only the final evaluation uses; none may be a training seed. */
  heldOutSeeds: readonly number[];
  /** Other tasks the finalists and the baseline are evaluated on (their held-out seeds); absent: none. */
  heldOutTasks?: readonly TaskName[];
}

/** What the plan reads from one finished run. */
export interface RunScore {
  /** The final champion's held-out (test) accuracy. */
  finalTest: number;
  /** The area under the champion's held-out curve (its mean over generations). */
  heldOutArea: number;
}

/** Finished runs, keyed by `runKey(configKey, seed)`. */
export type MetaResults = ReadonlyMap<string, RunScore>;

/** The key of one run in MetaResults; `task` only for a held-out task's runs. */
export const runKey = (configKey: string, seed: number, task?: TaskName): string =>
  task ? `${configKey}@${task}/${seed}` : `${configKey}/${seed}`;

/** One run the plan needs. */
export interface MetaJob {
  key: string;
  config: ImproverConfig;
  seed: number;
  /** A held-out task; absent: the search's own task. */
  task?: TaskName;
}

/** An outer candidate with its training-seed score. */
export interface ScoredImprover {
  key: string;
  config: ImproverConfig;
  /** The round that proposed it. */
  round: number;
  /** Mean final held-out accuracy over the training seeds. */
  score: number;
}

/** A finalist against the baseline on the held-out seeds, on one measure. */
export interface HeldOutComparison {
  key: string;
  /** The held-out task; absent: the search's own task (on its held-out seeds). */
  task?: TaskName;
  measure: keyof RunScore;
  seeds: number;
  difference: Estimate;
  p: number;
  pHolm: number;
  pSuperiority: number;
}

/** Where the meta-search stands, and what it needs next. */
export type MetaPlan =
  | { stage: 'search'; round: number; jobs: MetaJob[]; archive: ScoredImprover[]; evaluated: ScoredImprover[] }
  | {
      stage: 'held-out';
      jobs: MetaJob[];
      archive: ScoredImprover[];
      evaluated: ScoredImprover[];
      finalists: ScoredImprover[];
    }
  | {
      stage: 'done';
      archive: ScoredImprover[];
      evaluated: ScoredImprover[];
      finalists: ScoredImprover[];
      comparisons: HeldOutComparison[];
    };

/** Thrown for options the meta-search cannot run with. */
export class MetaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetaError';
  }
}

/** Checks the options; throws MetaError naming the problem. */
export function checkMetaOptions(o: MetaOptions): void {
  if (o.trainSeeds.length < 1) throw new MetaError('needs at least one training seed');
  if (o.heldOutSeeds.length < 2) throw new MetaError('needs at least two held-out seeds (a paired interval needs two)');
  const shared = o.heldOutSeeds.filter((s) => o.trainSeeds.includes(s));
  if (shared.length) throw new MetaError(`held-out seeds must not be training seeds (both have ${shared.join(', ')})`);
  const tasks = o.heldOutTasks ?? [];
  const twice = tasks.find((t, i) => tasks.indexOf(t) !== i);
  if (twice) throw new MetaError(`held-out task ${twice} is named twice`);
  for (const [name, v, min] of [
    ['rounds', o.rounds, 1],
    ['children', o.children, 1],
    ['archive', o.archiveSize, 1],
    ['finalists', o.finalists, 1],
  ] as const)
    if (!Number.isInteger(v) || v < min || v > 1000)
      throw new MetaError(`${name} must be an integer from ${min} to 1000`);
}

/** The archive's niche of a configuration: its proposer and mutation strength. */
export const niche = (c: ImproverConfig): string => `${c.proposer}/m${c.mutations}`;

/**
 * The archive after `scored` are added: the best of each niche (earlier
 * entries win ties), best first, at most `size`.
 */
export function updateArchive(
  archive: readonly ScoredImprover[],
  scored: readonly ScoredImprover[],
  size: number,
): ScoredImprover[] {
  const best = new Map<string, ScoredImprover>();
  for (const s of [...archive, ...scored]) {
    const n = niche(s.config);
    const held = best.get(n);
    if (!held || s.score > held.score) best.set(n, s);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.round - b.round).slice(0, size);
}

/** The configurations round `round` tries: new ones only (a key never runs twice). */
export function roundCandidates(
  o: Pick<MetaOptions, 'metaSeed' | 'children'>,
  round: number,
  archive: readonly ScoredImprover[],
  seen: ReadonlySet<string>,
): { key: string; config: ImproverConfig }[] {
  const rng = rngFor(o.metaSeed, 'meta', round);
  const out: { key: string; config: ImproverConfig }[] = [];
  const taken = new Set(seen);
  const add = (c: ImproverConfig) => {
    const key = improverKey(c);
    if (taken.has(key)) return false;
    taken.add(key);
    out.push({ key, config: c });
    return true;
  };
  if (round === 0) add(BASELINE);
  for (let i = 0; i < o.children; i++)
    // A handful of tries for a configuration not tried yet; a small space may run out.
    for (let t = 0; t < 20; t++) {
      const c =
        round === 0 || archive.length === 0 ? sampleImprover(rng) : mutateImprover(rng.pick(archive).config, rng);
      if (add(c)) break;
    }
  return out;
}

/** The jobs of `configs` × `seeds` (on `task`, or the search's own task) whose results are missing. */
function missing(
  configs: readonly { key: string; config: ImproverConfig }[],
  seeds: readonly number[],
  r: MetaResults,
  task?: TaskName,
): MetaJob[] {
  return configs.flatMap((c) =>
    seeds
      .filter((s) => !r.has(runKey(c.key, s, task)))
      .map((seed) => (task ? { key: c.key, config: c.config, seed, task } : { key: c.key, config: c.config, seed })),
  );
}

/** The search's own task (undefined) first, then the held-out tasks. */
const evaluationTasks = (o: MetaOptions): (TaskName | undefined)[] => [undefined, ...(o.heldOutTasks ?? [])];

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The plan: replays every finished round from the results and returns the first stage with work left. */
export function planMeta(o: MetaOptions, results: MetaResults): MetaPlan {
  checkMetaOptions(o);
  let archive: ScoredImprover[] = [];
  const evaluated: ScoredImprover[] = [];
  for (let round = 0; round < o.rounds; round++) {
    const configs = roundCandidates(o, round, archive, new Set(evaluated.map((e) => e.key)));
    const jobs = missing(configs, o.trainSeeds, results);
    if (jobs.length) return { stage: 'search', round, jobs, archive, evaluated };
    const scored = configs.map((c) => ({
      ...c,
      round,
      score: meanOf(o.trainSeeds.map((s) => results.get(runKey(c.key, s))!.finalTest)),
    }));
    evaluated.push(...scored);
    archive = updateArchive(archive, scored, o.archiveSize);
  }
  const baselineKey = improverKey(BASELINE);
  const finalists = archive.filter((a) => a.key !== baselineKey).slice(0, o.finalists);
  const baseline = { key: baselineKey, config: BASELINE };
  const jobs = evaluationTasks(o).flatMap((t) => missing([baseline, ...finalists], o.heldOutSeeds, results, t));
  if (jobs.length) return { stage: 'held-out', jobs, archive, evaluated, finalists };
  return {
    stage: 'done',
    archive,
    evaluated,
    finalists,
    comparisons: compareHeldOut(o, finalists, baselineKey, results),
  };
}

/** Each finalist minus the baseline on the held-out seeds of each task, per measure; Holm over all of them. */
function compareHeldOut(
  o: MetaOptions,
  finalists: readonly ScoredImprover[],
  baselineKey: string,
  r: MetaResults,
): HeldOutComparison[] {
  const rows: Omit<HeldOutComparison, 'pHolm'>[] = [];
  for (const task of evaluationTasks(o))
    for (const f of finalists)
      for (const measure of ['finalTest', 'heldOutArea'] as const) {
        const diffs = o.heldOutSeeds.map(
          (s) => r.get(runKey(f.key, s, task))![measure] - r.get(runKey(baselineKey, s, task))![measure],
        );
        rows.push({
          key: f.key,
          ...(task ? { task } : {}),
          measure,
          seeds: diffs.length,
          difference: tInterval(diffs),
          // The search task's rows draw as they always did, so earlier results reproduce.
          p: pairedPermutationTest(diffs, rngFor(o.metaSeed, 'meta-held-out', f.key, measure, ...(task ? [task] : []))),
          pSuperiority: probabilityOfSuperiority(diffs),
        });
      }
  const adjusted = holm(rows.map((x) => x.p));
  return rows.map((x, i) => ({ ...x, pHolm: adjusted[i] }));
}
