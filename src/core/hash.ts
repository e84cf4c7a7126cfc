/**
 * The page's state lives in the URL hash (`#task=spirals&proposer=…&seed=1`),
 * so a copied link reproduces a run; `autorun=1` starts it on load. Only the
 * fields that differ from the defaults are written, which keeps links short.
 * Both directions are derived from the config table.
 */
import type { RunConfig } from './config';
import { CONFIG_FIELDS } from './config';
import { configEntries, parseWith, type ConfigOf, type ConfigTable } from './config-table';

/** A config plus whether to start it at once. */
export interface HashState<C = RunConfig> {
  config: C;
  autorun: boolean;
}

/** Serialises a config (and autorun) to a hash string starting with '#'. */
export function configToHash(config: RunConfig, autorun?: boolean): string;
export function configToHash<F extends ConfigTable>(config: ConfigOf<F>, autorun: boolean, table: F): string;
export function configToHash(
  config: Record<string, unknown>,
  autorun = false,
  table: ConfigTable = CONFIG_FIELDS,
): string {
  const params = new URLSearchParams(configEntries(table, config, true));
  if (autorun) params.set('autorun', '1');
  return '#' + params.toString();
}

/** Parses a hash; throws ConfigError naming the bad field. */
export function hashToConfig(hash: string): HashState;
export function hashToConfig<F extends ConfigTable>(hash: string, table: F): HashState<ConfigOf<F>>;
export function hashToConfig(hash: string, table: ConfigTable = CONFIG_FIELDS): HashState<unknown> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const raw: Record<string, unknown> = {};
  let autorun = false;
  for (const [k, v] of params) {
    if (k === 'autorun') autorun = v === '1' || v === 'true';
    else raw[k] = v;
  }
  return { config: parseWith(table, raw), autorun };
}
