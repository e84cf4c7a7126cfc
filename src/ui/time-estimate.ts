/**
 * Where the page's time estimate gets this device's pace (time per step), measured, never
 * assumed: the run on screen once one of its children has trained, else the
 * newest run of the same task and backend trained in this browser. Imported
 * runs were trained on another machine, so they never count.
 */
import type { RunConfig } from '../core/config';
import { rateOf, type MeasuredRate } from '../core/run-plan';
import type { Candidate } from '../core/runlog';
import type { RunRecord } from './store';

type Timed = readonly Pick<Candidate, 'steps' | 'trainMs' | 'status'>[];

// The page renders on every progress tick; a log may hold tens of thousands of candidates.
const memo = new WeakMap<Timed, number | null>();
function cachedRate(candidates: Timed): number | null {
  if (!memo.has(candidates)) memo.set(candidates, rateOf(candidates));
  return memo.get(candidates) ?? null;
}

let last: { records: readonly RunRecord[]; key: string; rate: MeasuredRate | null } | null = null;

/**
 * The rate of the newest run of `config`'s task and backend trained in this browser (records newest
 * first), or null. The same object while its inputs stay the same, so the settings panel is not
 * re-rendered on every progress tick.
 */
export function pastRate(
  records: readonly RunRecord[],
  config: Pick<RunConfig, 'task' | 'backend'>,
): MeasuredRate | null {
  const key = `${config.task}/${config.backend}`;
  if (last?.records !== records || last.key !== key) last = { records, key, rate: findPastRate(records, config) };
  return last.rate;
}

function findPastRate(records: readonly RunRecord[], config: Pick<RunConfig, 'task' | 'backend'>): MeasuredRate | null {
  for (const r of records) {
    if (r.source !== 'page' || r.log.config.task !== config.task || r.log.config.backend !== config.backend) continue;
    const rate = cachedRate(r.log.candidates);
    if (rate)
      return { msPerStep: rate, source: `of your last ${config.task} run on ${config.backend} in this browser` };
  }
  return null;
}

/** The rate of the run on screen so far, or null until a child has trained. */
export function liveRate(candidates: Timed): MeasuredRate | null {
  const rate = cachedRate(candidates);
  return rate ? { msPerStep: rate, source: 'of this run so far' } : null;
}
