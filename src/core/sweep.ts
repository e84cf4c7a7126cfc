/**
 * Sweeps: the same loop over many (proposer, seed) pairs, one run log each.
 * A job is named by its file, so the results of a sweep merge the same way
 * whichever machine made them; `checkComparable` refuses to average runs
 * that differ in anything but proposer and seed.
 */
import { CONFIG_FIELDS, parseConfig, type ProposerName, type RunConfig } from './config';
import type { RunLog } from './runlog';
import { SCHEMA_VERSION } from './runlog';

/** Thrown for a bad seed list or runs that cannot be compared. */
export class SweepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepError';
  }
}

/** Parses `1-10`, `1,3,5` or `1-3,7` into distinct seeds, in order. */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new SweepError(`"${part}" is not a seed or a range like 1-10`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new SweepError(`range ${lo}-${hi} runs backwards`);
    if (hi - lo > 100_000) throw new SweepError(`range ${lo}-${hi} is too long`);
    for (let s = lo; s <= hi; s++) if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** One run of a sweep. */
export interface SweepJob {
  proposer: ProposerName;
  seed: number;
  /** File name inside the sweep folder. */
  file: string;
  config: RunConfig;
}

/** The file a (task, proposer, seed) run is written to. */
export const jobFile = (task: string, proposer: string, seed: number): string => `${task}-${proposer}-seed${seed}.json`;

/** Every (proposer, seed) pair of a sweep, proposers outermost. */
export function sweepJobs(base: RunConfig, proposers: readonly ProposerName[], seeds: readonly number[]): SweepJob[] {
  return proposers.flatMap((proposer) =>
    seeds.map((seed) => ({
      proposer,
      seed,
      file: jobFile(base.task, proposer, seed),
      config: { ...base, proposer, seed },
    })),
  );
}

/**
 * Fields that say how a run was executed, not what it computed: runs that
 * differ only in these may be merged (a mixed cluster, batching on or off).
 */
const EXECUTION_FIELDS = Object.entries(CONFIG_FIELDS)
  .filter(([, f]) => 'execution' in f && f.execution)
  .map(([name]) => name);

/** The config with defaults filled (older logs lack newer fields), minus proposer, seed and execution fields. */
function comparable(config: RunConfig): Record<string, unknown> {
  const full = parseConfig(config as unknown as Record<string, unknown>) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(full).sort())
    if (!['proposer', 'seed', ...EXECUTION_FIELDS].includes(k)) out[k] = full[k];
  return out;
}

/** Whether a saved run computed the same thing as a job's config (execution fields aside). */
export function sameRun(saved: RunConfig, wanted: RunConfig): boolean {
  return (
    saved.proposer === wanted.proposer &&
    saved.seed === wanted.seed &&
    JSON.stringify(comparable(saved)) === JSON.stringify(comparable(wanted))
  );
}

/**
 * Checks that runs can be merged: same schema, same task and config except
 * proposer and seed, all finished, no (proposer, seed) twice; and, unless
 * `allowMixed`, made by the same code (codeVersion) on the same backend
 * (results differ across backends by float rounding, which selection can
 * amplify). Throws SweepError naming the mismatch.
 */
export function checkComparable(runs: readonly { file: string; log: RunLog }[], allowMixed = false): void {
  if (runs.length === 0) throw new SweepError('no run logs to merge');
  const first = runs[0];
  const seen = new Map<string, string>();
  for (const r of runs) {
    if (!allowMixed) {
      const code = (l: RunLog) => l.codeVersion ?? '(not recorded)';
      if (code(r.log) !== code(first.log))
        throw new SweepError(
          `${r.file} was made by code ${code(r.log)}, but ${first.file} by ${code(first.log)} (--allow-mixed to merge anyway)`,
        );
      if (r.log.environment.backend !== first.log.environment.backend)
        throw new SweepError(
          `${r.file} ran on backend ${r.log.environment.backend}, but ${first.file} on ${first.log.environment.backend} (--allow-mixed to merge anyway)`,
        );
    }
    if (r.log.schemaVersion !== SCHEMA_VERSION)
      throw new SweepError(`${r.file}: schemaVersion ${r.log.schemaVersion}, expected ${SCHEMA_VERSION}`);
    if (r.log.config.task !== first.log.config.task)
      throw new SweepError(
        `${r.file}: task ${r.log.config.task} differs from ${first.file}'s ${first.log.config.task}`,
      );
    const a = comparable(r.log.config);
    const b = comparable(first.log.config);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      const field = Object.keys({ ...a, ...b }).find((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      throw new SweepError(
        `${r.file}: config ${field} is ${JSON.stringify(a[field!])}, but ${first.file} has ${JSON.stringify(b[field!])}`,
      );
    }
    if (r.log.status !== 'done') throw new SweepError(`${r.file}: run is ${r.log.status}, not done`);
    const key = `${r.log.config.proposer}/${r.log.config.seed}`;
    if (seen.has(key))
      throw new SweepError(
        `${r.file} and ${seen.get(key)} are both ${r.log.config.proposer} seed ${r.log.config.seed}`,
      );
    seen.set(key, r.file);
  }
}
