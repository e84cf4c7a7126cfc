/**
 * The page's state lives in the URL hash (`#task=spirals&proposer=…&seed=1`),
 * so a copied link reproduces a run; `autorun=1` starts it on load, and
 * `race=random,evolution` makes it a race: one run per proposer named, the
 * rest of the config shared (the page starts it on load with autorun). Only the
 * fields that differ from the defaults are written, which keeps links short.
 * Both directions are derived from the config table.
 */
import type { RunConfig } from './config';
import { CONFIG_FIELDS, PROPOSER_NAMES } from './config';
import { ConfigError, configEntries, parseWith, type ConfigOf, type ConfigTable } from './config-table';

/** Most runs a race may have: each is a worker training at once. */
export const MAX_RACE = 4;

/** A config plus whether to start it at once. */
export interface HashState<C = RunConfig> {
  config: C;
  autorun: boolean;
  /** A race's runs: the config once per proposer named in `race`, in its order; null when the link is not a race. */
  race: C[] | null;
}

/** A race's hash: the shared config (its proposer is the first runner's) and `race=` naming every runner's proposer. */
export function raceToHash(config: RunConfig, proposers: readonly string[], autorun = false): string {
  return `${configToHash(config, autorun)}&race=${proposers.join(',')}`;
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
  let race: string[] | null = null;
  for (const [k, v] of params) {
    if (k === 'autorun') autorun = v === '1' || v === 'true';
    else if (k === 'race') race = v.split(',');
    else raw[k] = v;
  }
  const config = parseWith(table, raw);
  if (!race) return { config, autorun, race: null };
  const known: readonly string[] = PROPOSER_NAMES;
  const bad = race.find((p) => !known.includes(p));
  if (bad !== undefined) throw new ConfigError('race', `“${bad.slice(0, 40)}” is not a proposer (${known.join(', ')})`);
  if (race.length < 2 || race.length > MAX_RACE || new Set(race).size !== race.length)
    throw new ConfigError(
      'race',
      `needs 2 to ${MAX_RACE} different proposers, comma-separated (got “${race.join(',').slice(0, 80)}”)`,
    );
  return { config, autorun, race: race.map((proposer) => parseWith(table, { ...raw, proposer })) };
}
