/**
 * The run config in the URL hash (src/core/hash.ts does the encoding). The
 * page rewrites the hash with replaceState as settings change, so the
 * address bar is always a link that reproduces the run, without filling the
 * back button's history.
 */
import { errorMessage } from '../core/errors';
import type { RunConfig } from '../core/config';
import { configToHash, hashToConfig, raceToHash } from '../core/hash';

/** The hash read as a config, or why it cannot be. */
export type HashRead =
  | { ok: true; config: RunConfig; autorun: boolean; empty: boolean; race: RunConfig[] | null }
  | { ok: false; error: string };

/** Reads the current location's hash. */
export function readHash(hash = location.hash): HashRead {
  try {
    const s = hashToConfig(hash);
    return { ok: true, config: s.config, autorun: s.autorun, empty: hash.replace(/^#/, '') === '', race: s.race };
  } catch (e) {
    return { ok: false, error: `The link's settings are invalid — ${errorMessage(e)}` };
  }
}

/** Rewrites the hash for a config (no history entry, no hashchange event). */
export function writeHash(config: RunConfig, autorun = false): void {
  const hash = configToHash(config, autorun);
  if (hash !== location.hash) history.replaceState(history.state, '', hash);
}

/** Rewrites the hash for a race: its runs' configs differ only in their proposer. */
export function writeRaceHash(configs: readonly RunConfig[]): void {
  const hash = raceToHash(
    configs[0],
    configs.map((c) => c.proposer),
  );
  if (hash !== location.hash) history.replaceState(history.state, '', hash);
}
