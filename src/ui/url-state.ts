/**
 * The run config in the URL hash (src/core/hash.ts does the encoding). The
 * page rewrites the hash with replaceState as settings change, so the
 * address bar is always a link that reproduces the run, without filling the
 * back button's history.
 */
import type { RunConfig } from '../core/config';
import { configToHash, hashToConfig } from '../core/hash';

/** The hash read as a config, or why it cannot be. */
export type HashRead = { ok: true; config: RunConfig; autorun: boolean; empty: boolean } | { ok: false; error: string };

/** Reads the current location's hash. */
export function readHash(hash = location.hash): HashRead {
  try {
    const s = hashToConfig(hash);
    return { ok: true, config: s.config, autorun: s.autorun, empty: hash.replace(/^#/, '') === '' };
  } catch (e) {
    return { ok: false, error: `The link's settings are invalid — ${(e as Error).message}` };
  }
}

/** Rewrites the hash for a config (no history entry, no hashchange event). */
export function writeHash(config: RunConfig, autorun = false): void {
  const hash = configToHash(config, autorun);
  if (hash !== location.hash) history.replaceState(history.state, '', hash);
}
