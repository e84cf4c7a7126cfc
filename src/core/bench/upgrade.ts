/**
 * Reading results of an earlier schema version. Version 1 recorded each
 * figure's interval as the 95 % t-interval of the mean of its repeats, which
 * a skewed figure's median could lie outside ("645 [597, 641]"); version 2
 * records the order-statistic interval of the median, with its coverage
 * (stats.ts). Every result keeps its repeats, so a version 1 result is read
 * as version 2: each figure's interval is recomputed from its samples, the
 * sub-scores' intervals follow, and the noise verdict is judged again against
 * the new intervals and the host load it recorded. Medians, and therefore
 * scores against it or of it, do not change; nor does the score's interval,
 * which both versions compute from the samples in log space (stats.ts).
 */
import { figuresOf } from './figures';
import { assessBackend } from './reliability';
import type { BenchResult } from './result';
import { BENCH_SCHEMA_VERSION } from './result';
import { subscoreInterval } from './score';
import { INTERVAL_METHOD, medianInterval, type Stat } from './stats';

/** The schema versions this version reads (the last is the one it writes). */
export const READABLE_VERSIONS = [1, BENCH_SCHEMA_VERSION] as const;

/** A validated result of schemaVersion 1: the same fields, with t-intervals of the mean. */
export type BenchResultV1 = Omit<BenchResult, 'schemaVersion'> & { schemaVersion: 1 };

const isStat = (v: unknown): v is Stat =>
  typeof v === 'object' && v !== null && Array.isArray((v as Stat).samples) && typeof (v as Stat).median === 'number';

/** A copy of a version 1 result as version 2 (see the module comment). */
export function upgradeBenchResult(old: BenchResultV1): BenchResult {
  const r = JSON.parse(JSON.stringify(old)) as BenchResult;
  r.schemaVersion = BENCH_SCHEMA_VERSION;
  const statistic = r.flags.statistic;
  if (typeof statistic === 'string')
    r.flags.statistic =
      `${statistic.replace(/; interval: .*$/, '')}; interval (recomputed on reading): ${INTERVAL_METHOD}`.slice(0, 200);
  for (const b of r.backends) {
    if (!b.measures) continue;
    for (const list of Object.values(b.measures) as unknown as Record<string, unknown>[][])
      for (const item of list)
        for (const [k, v] of Object.entries(item))
          if (isStat(v)) item[k] = { ...v, ...medianInterval(v.samples) } satisfies Stat;
    const figures = figuresOf(b.measures);
    for (const s of b.subscores) {
      const f = figures.find((x) => x.scoreId === s.id && x.stat);
      const iv = f?.stat ? subscoreInterval(f.stat, s.reference, f.better) : undefined;
      if (iv) s.interval = iv;
      else delete s.interval;
    }
    if (b.reliability) b.reliability = assessBackend(b, r.hostLoad, b.reliability.threshold);
  }
  return r;
}
