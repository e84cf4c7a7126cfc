/**
 * The page's state lives in the URL hash (`#task=spirals&proposer=…&seed=1`),
 * so a copied link reproduces a run; `autorun=1` starts it on load. Only the
 * fields that differ from the defaults are written, which keeps links short.
 */
import type { RunConfig } from './config';
import { DEFAULT_CONFIG, parseConfig } from './config';

/** A config plus whether to start it at once. */
export interface HashState {
  config: RunConfig;
  autorun: boolean;
}

/** Serialises a config (and autorun) to a hash string starting with '#'. */
export function configToHash(config: RunConfig, autorun = false): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined) continue;
    const def = (DEFAULT_CONFIG as unknown as Record<string, unknown>)[k];
    if (k !== 'task' && k !== 'proposer' && k !== 'seed' && JSON.stringify(v) === JSON.stringify(def)) continue;
    params.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  if (autorun) params.set('autorun', '1');
  return '#' + params.toString();
}

/** Parses a hash; throws ConfigError naming the bad field. */
export function hashToConfig(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const raw: Record<string, unknown> = {};
  let autorun = false;
  for (const [k, v] of params) {
    if (k === 'autorun') autorun = v === '1' || v === 'true';
    else if (k === 'seedGenome' && v.startsWith('{')) {
      try {
        raw[k] = JSON.parse(v);
      } catch {
        raw[k] = v;
      }
    } else raw[k] = v;
  }
  return { config: parseConfig(raw), autorun };
}
