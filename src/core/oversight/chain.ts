/**
 * The run log's hash chain. The root hashes the code version and config;
 * then each record — a generation's candidates in id order, then that
 * generation's summary — stores `hash` = SHA-256(previous hash ‖ the
 * record's canonical JSON without `hash`). The log's `chain.head` seals the
 * end (status and stop reason). Changing any number in a record changes its
 * hash, so `verifyChain` names the first record whose hash does not match.
 *
 * A candidate's `metrics.testAccuracy` is left out of its hash: it is set
 * when the candidate is crowned, possibly generations later; the crowning
 * generation's summary carries the same number (hashed there), and
 * `verifyChain` checks that the two agree.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** A record that carries its link in the chain. */
export interface Chained {
  hash?: string;
}

/** The chain's anchors, stored at the top of the log. */
export interface ChainInfo {
  algorithm: 'sha256';
  /** Hash of `{schemaVersion, codeVersion, config}`. */
  root: string;
  /** Hash of the last record's hash ‖ `{status, stopReason}`; absent while the run is going. */
  head?: string;
}

/** JSON with object keys sorted, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}

/** Hex SHA-256 of `prev` followed by the canonical JSON of `value`. */
export function link(prev: string, value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(prev + '\n' + canonicalJson(value))));
}

/** What a record's hash covers: everything but `hash` (and a candidate's testAccuracy, see above). */
export function hashedContent(record: object, kind: 'candidate' | 'generation'): unknown {
  const { hash: _hash, ...rest } = record as Record<string, unknown>;
  if (kind === 'candidate' && typeof rest.metrics === 'object' && rest.metrics !== null) {
    const { testAccuracy: _t, ...metrics } = rest.metrics as Record<string, unknown>;
    return { ...rest, metrics };
  }
  return rest;
}

/** The root hash of a run. */
export function chainRoot(schemaVersion: number, codeVersion: string, config: unknown): string {
  return link('', { schemaVersion, codeVersion, config });
}

/** The minimal shape of a log the chain reads (the full RunLog fits it). */
export interface ChainedLog {
  schemaVersion: number;
  codeVersion?: string;
  config: unknown;
  status: string;
  stopReason?: unknown;
  chain?: ChainInfo;
  candidates: (Chained & { id: number; generation: number; metrics: { testAccuracy?: number } })[];
  generations: (Chained & { index: number; championId: number; championTestAccuracy: number })[];
}

/** A record in chain order: where it is in the log and what it is. */
export interface ChainRecord {
  /** JSON path, e.g. `candidates[12]` or `generations[3]`. */
  path: string;
  kind: 'candidate' | 'generation';
  record: Chained & object;
}

/** The records in chain order: per generation, its candidates, then its summary. */
export function chainOrder(log: ChainedLog): ChainRecord[] {
  const out: ChainRecord[] = [];
  const byGen = new Map<number, number[]>();
  log.candidates.forEach((c, i) => byGen.set(c.generation, [...(byGen.get(c.generation) ?? []), i]));
  log.generations.forEach((g, gi) => {
    for (const i of byGen.get(g.index) ?? [])
      out.push({ path: `candidates[${i}]`, kind: 'candidate', record: log.candidates[i] });
    out.push({ path: `generations[${gi}]`, kind: 'generation', record: g });
  });
  // Candidates of an unfinished generation come last (a log saved mid-run has none: only whole generations).
  const done = new Set(log.generations.map((g) => g.index));
  log.candidates.forEach((c, i) => {
    if (!done.has(c.generation)) out.push({ path: `candidates[${i}]`, kind: 'candidate', record: c });
  });
  return out;
}

/** Hashes records not yet hashed, continuing from the last hashed one (the loop calls it after each generation). */
export function extendChain(log: ChainedLog): void {
  if (!log.chain)
    log.chain = { algorithm: 'sha256', root: chainRoot(log.schemaVersion, log.codeVersion ?? '', log.config) };
  let prev = log.chain.root;
  for (const r of chainOrder(log)) {
    if (r.record.hash === undefined) r.record.hash = link(prev, hashedContent(r.record, r.kind));
    prev = r.record.hash;
  }
  delete log.chain.head;
}

/** Seals the end of the run: status and stop reason. */
export function sealChain(log: ChainedLog): void {
  extendChain(log);
  const records = chainOrder(log);
  const last = records.length ? (records[records.length - 1].record.hash ?? '') : log.chain!.root;
  log.chain!.head = link(last, { status: log.status, stopReason: log.stopReason ?? null });
}

/** The outcome of checking a chain. */
export type ChainCheck = { ok: true; records: number } | { ok: false; path: string; reason: string };

/** Checks every link; names the first record (or field) that does not match. */
export function verifyChain(log: ChainedLog): ChainCheck {
  if (!log.chain) return { ok: false, path: 'chain', reason: 'missing: this log carries no hash chain' };
  if (log.chain.algorithm !== 'sha256')
    return { ok: false, path: 'chain.algorithm', reason: `unknown algorithm ${JSON.stringify(log.chain.algorithm)}` };
  if (log.chain.root !== chainRoot(log.schemaVersion, log.codeVersion ?? '', log.config)) {
    return { ok: false, path: 'config', reason: 'the code version or config does not match the chain root' };
  }
  let prev = log.chain.root;
  const records = chainOrder(log);
  for (const r of records) {
    if (r.record.hash === undefined) return { ok: false, path: r.path, reason: 'has no hash' };
    if (link(prev, hashedContent(r.record, r.kind)) !== r.record.hash)
      return {
        ok: false,
        path: r.path,
        reason: 'was altered (its hash does not match its content and the record before it)',
      };
    prev = r.record.hash;
  }
  const gens = new Map(log.generations.map((g, i) => [g.championId, i] as const));
  for (const [i, c] of log.candidates.entries()) {
    if (c.metrics.testAccuracy === undefined) continue;
    const gi = log.generations.findIndex((g) => g.championId === c.id);
    if (gi < 0 || log.generations[gi].championTestAccuracy !== c.metrics.testAccuracy) {
      return {
        ok: false,
        path: `candidates[${i}].metrics.testAccuracy`,
        reason: `was altered (differs from ${gens.has(c.id) ? `generations[${gi}].championTestAccuracy` : 'every generation: it was never champion'})`,
      };
    }
  }
  if (
    log.chain.head !== undefined &&
    log.chain.head !== link(prev, { status: log.status, stopReason: log.stopReason ?? null })
  ) {
    return {
      ok: false,
      path: 'status',
      reason: 'the status or stop reason was altered (the chain head does not match)',
    };
  }
  return { ok: true, records: records.length };
}
