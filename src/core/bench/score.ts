/**
 * The score. Each scored figure (one per case: training and inference
 * samples/s, matmul and conv GFLOP/s, per-dispatch µs, loop generations/min)
 * becomes a sub-score, 100 × value / reference (reference / value for µs,
 * where lower is better). A backend's score is the geometric mean of its
 * sub-scores. The reference is the `cpu` entry of the reference result shipped
 * in benchmarks/results/ for the same suite and version, so that entry scores
 * exactly 100 and every backend and device lands on the same scale.
 */
import { figuresOf, type Figure } from './figures';
import type { BackendResult, BenchResult, ReferenceInfo, SubScore } from './result';
import { deviceOf } from './result';
import { geomean, geomeanInterval, intervalOf, type Stat } from './stats';

/** The backend of the reference result that every score is normalised to. */
export const REFERENCE_BACKEND = 'cpu';

/** A sub-score: 100 × value / reference, or reference / value where lower is better. */
export const subscoreOf = (v: number, r: number, better: Figure['better']): number =>
  100 * (better === 'lower' ? r / v : v / r);

/** A figure's interval as a sub-score interval (the ends swap where lower is better); none when it reaches 0. */
export function subscoreInterval(stat: Stat, r: number, better: Figure['better']): [number, number] | undefined {
  const [lo, hi] = intervalOf(stat);
  if (!(lo > 0)) return undefined;
  return better === 'lower'
    ? [subscoreOf(hi, r, better), subscoreOf(lo, r, better)]
    : [subscoreOf(lo, r, better), subscoreOf(hi, r, better)];
}

/** A backend's score against one reference backend; null with a note when it cannot be scored. */
export function scoreBackend(
  b: BackendResult,
  ref: BackendResult,
): { score: number | null; scoreInterval: [number, number] | null; subscores: SubScore[]; note?: string } {
  const none = (note: string, subscores: SubScore[] = []) => ({ score: null, scoreInterval: null, subscores, note });
  if (b.status === 'wrong') return none('not scored: its outputs differ from the CPU backend beyond tolerance');
  if (b.status !== 'ok' || !b.measures) return none(`not scored: ${b.status}`);
  if (!ref.measures) return none('not scored: the reference has no measures');
  const refValues = new Map(
    figuresOf(ref.measures)
      .filter((f) => f.scoreId)
      .map((f) => [f.scoreId!, f.value]),
  );
  const subscores: SubScore[] = [];
  const sampleSets: number[][] = [];
  for (const f of figuresOf(b.measures)) {
    if (!f.scoreId) continue;
    const r = refValues.get(f.scoreId);
    const v = f.value;
    if (r === undefined || r === null || !(r > 0)) return none(`not scored: the reference has no ${f.scoreId}`);
    if (v === null || !(v > 0) || !Number.isFinite(v)) return none(`not scored: ${f.scoreId} is ${v}`);
    const sc: SubScore = { id: f.scoreId, value: v, reference: r, score: subscoreOf(v, r, f.better) };
    if (f.stat) {
      const iv = subscoreInterval(f.stat, r, f.better);
      if (iv) sc.interval = iv;
      sampleSets.push(f.stat.samples);
    } else sampleSets.push([v]);
    subscores.push(sc);
  }
  if (subscores.length === 0) return none('not scored: no scored figures', subscores);
  const score = geomean(subscores.map((s) => s.score));
  return { score, scoreInterval: geomeanInterval(score, sampleSets), subscores };
}

/** Returns a copy of `result` with every backend scored against `reference` (or unscored, saying why). */
export function applyScores(result: BenchResult, reference: BenchResult | null): BenchResult {
  const out = JSON.parse(JSON.stringify(result)) as BenchResult;
  const unscored = (note: string) => {
    out.reference = null;
    for (const b of out.backends) {
      b.score = null;
      b.scoreInterval = null;
      b.subscores = [];
      b.scoreNote =
        b.status === 'wrong' ? 'not scored: its outputs differ from the CPU backend beyond tolerance' : note;
    }
    return out;
  };
  if (!reference)
    return unscored(`not scored: no reference result for suite ${result.suite.name} v${result.suite.version}`);
  if (reference.suite.name !== result.suite.name || reference.suite.version !== result.suite.version) {
    return unscored(
      `not scored: the reference is suite ${reference.suite.name} v${reference.suite.version}, this is ${result.suite.name} v${result.suite.version}`,
    );
  }
  if (reference.suite.fingerprint !== result.suite.fingerprint) {
    return unscored(
      `not scored: the reference ran a different workload under the same version ` +
        `(fingerprint ${reference.suite.fingerprint}, this is ${result.suite.fingerprint})`,
    );
  }
  const ref = reference.backends.find((b) => b.backend === REFERENCE_BACKEND && b.status === 'ok');
  if (!ref) return unscored(`not scored: the reference result has no passing ${REFERENCE_BACKEND} backend`);
  const info: ReferenceInfo = {
    suite: reference.suite.name,
    version: reference.suite.version,
    backend: REFERENCE_BACKEND,
    createdAt: reference.createdAt,
    label: reference.label,
    device: deviceOf(reference, ref),
  };
  out.reference = info;
  for (const b of out.backends) {
    const s = scoreBackend(b, ref);
    b.score = s.score;
    b.scoreInterval = s.scoreInterval;
    b.subscores = s.subscores;
    if (s.note) b.scoreNote = s.note;
    else delete b.scoreNote;
  }
  return out;
}
