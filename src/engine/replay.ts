/**
 * Replay: run a logged config again on the tfjs `cpu` backend and check the
 * champions come out bit for bit the same. Randomness is derived by name
 * from the seed, so on the same backend the same config retrains the same
 * candidates; on the CPU backend arithmetic is deterministic too. Logged
 * approval decisions are answered again as recorded; a tripwire's pause
 * becomes a warning (nobody is waiting), or a stop where it ended an unattended run; a wall-time budget becomes the
 * logged number of candidates (wall time is not reproducible).
 */
import type { RunConfig } from '../core/config';
import type { Decision } from '../core/oversight/approval';
import type { Candidate, RunLog } from '../core/runlog';

/** The config a replay runs. */
export function replayConfig(log: RunLog): RunConfig {
  const c: RunConfig = { ...log.config, backend: 'cpu' };
  // A pause that ended an unattended run ends the replay there too; any other pause is a warning.
  const ended = log.stopReason?.kind === 'tripwire' && log.stopReason.action === 'pause' ? log.stopReason.rule : null;
  if (c.tripwires)
    c.tripwires = c.tripwires.map((t) =>
      t.action === 'pause' ? { ...t, action: t.rule === ended ? 'stop' : 'warn' } : t,
    );
  if (c.maxSeconds !== undefined) {
    delete c.maxSeconds;
    c.maxCandidates = Math.min(c.maxCandidates ?? Infinity, log.candidates.length);
  }
  return c;
}

/** Answers the replay's approval requests with the decisions the log recorded. */
export function loggedDecisions(
  log: RunLog,
): (req: { candidateId: number; gate: string; predictor?: unknown }) => Promise<Decision> {
  // A candidate and the predictor that picks its generation may share an id: the key tells them apart.
  const key = (d: { candidateId: number; gate: string; predictor?: unknown }) =>
    `${d.gate}/${d.predictor === undefined ? 'candidate' : 'predictor'}/${d.candidateId}`;
  const byId = new Map(log.generations.flatMap((g) => g.decisions ?? []).map((d) => [key(d), d] as const));
  return async (req) => {
    const d = byId.get(key(req));
    // A request the original run never made means the replay already went another way: reject, it will be reported.
    return d
      ? { approve: d.approve, by: `replay of ${d.by}`, at: d.at }
      : { approve: false, by: 'replay (no logged decision)', at: new Date(0).toISOString() };
  };
}

/** One difference between the logged and the replayed run. */
export interface ReplayDifference {
  path: string;
  logged: unknown;
  replayed: unknown;
}

const FIELDS: ((c: Candidate) => [string, unknown])[] = [
  (c) => ['genome', JSON.stringify(c.genome)],
  (c) => ['status', c.status],
  (c) => ['params', c.params],
  (c) => ['flops', c.flops],
  (c) => ['steps', c.steps],
  (c) => ['metrics.trainLoss', c.metrics.trainLoss],
  (c) => ['metrics.valLoss', c.metrics.valLoss],
  (c) => ['metrics.valAccuracy', c.metrics.valAccuracy],
  (c) => ['metrics.testAccuracy', c.metrics.testAccuracy],
  (c) => ['lossCurve', JSON.stringify(c.lossCurve)],
];

const same = (x: unknown, y: unknown) =>
  x === y || (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y));

/** Compares every generation's champion, field by field, exactly (bit for bit). */
export function compareChampions(logged: RunLog, replayed: RunLog): ReplayDifference[] {
  const out: ReplayDifference[] = [];
  if (logged.generations.length !== replayed.generations.length)
    out.push({ path: 'generations.length', logged: logged.generations.length, replayed: replayed.generations.length });
  const n = Math.min(logged.generations.length, replayed.generations.length);
  for (let g = 0; g < n; g++) {
    const a = logged.generations[g];
    const b = replayed.generations[g];
    if (a.championId !== b.championId) {
      out.push({ path: `generations[${g}].championId`, logged: a.championId, replayed: b.championId });
      continue;
    }
    if (g > 0 && a.championId === logged.generations[g - 1].championId) continue; // compared already
    const ca = logged.candidates.find((c) => c.id === a.championId);
    const cb = replayed.candidates.find((c) => c.id === b.championId);
    if (!ca || !cb) continue;
    const i = logged.candidates.indexOf(ca);
    for (const f of FIELDS) {
      const [name, x] = f(ca);
      const [, y] = f(cb);
      if (!same(x, y))
        out.push({ path: `candidates[${i}].${name} (champion of generation ${g})`, logged: x, replayed: y });
    }
  }
  return out;
}
