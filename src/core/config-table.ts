/**
 * The machinery behind the config table in `config.ts`: field kinds that
 * know how to read, check, write and explain one setting, and the functions
 * every interface derives from a table (defaults, validation, the text form
 * that CLI flags and the URL hash share). The functions take the table as
 * an argument, so a table with one more entry gets every interface at once.
 */
import { cut, quote } from './json-bounds';

/** Thrown for an invalid config; `field` names the offending setting. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** One config setting: how it is read, checked, written and explained. */
export interface ConfigField<T> {
  /** CLI flag without the leading dashes, kebab-case (`flops-budget`). */
  readonly flag: string;
  /** One line of `--help`. */
  readonly help: string;
  /** What the value looks like in `--help`: `N`, `a|b|c`; empty for a switch. */
  readonly metavar: string;
  /** `switch`: a bare `--flag` means true; `value`: the flag needs a value. */
  readonly kind: 'switch' | 'value';
  /** The value a run gets when the setting is not given. */
  readonly default: T | undefined;
  /** A default that follows settings earlier in the table (`default` is then its value for their defaults). */
  defaultFrom?(config: Readonly<Record<string, unknown>>): T;
  /** How --help states a computed default (`3 × population`). */
  readonly defaultText?: string;
  /** Optional settings have no default and are absent unless given (or parsed to undefined: "none"). */
  readonly optional?: true;
  /** Inclusive bounds of a numeric setting (the page's inputs use them). */
  readonly range?: { readonly min: number; readonly max: number };
  /** The allowed values of a choice. */
  readonly choices?: readonly string[];
  /** Written in every link and job command, even at its default (what names a run). */
  readonly identity?: true;
  /** The CLI flag names a file that the CLI reads into the value (with a reader it supplies; core reads no files). */
  readonly readsFile?: true;
  /** Says how a run executed, not what it computed: runs differing only in it may be merged. */
  readonly execution?: true;
  /** The page: a short label, and `more` to show it under "More settings". */
  readonly page?: { readonly label: string; readonly hint?: string; readonly section?: 'more' };
  /**
   * Checks a value, typed or text (from a flag or a hash); throws ConfigError
   * naming `name`. An optional setting may return undefined: left out.
   */
  parse(value: unknown, name: string): T;
  /** Text for a flag value or a hash parameter, such that `parse(toText(v))` equals v. */
  toText(value: T): string;
  /** A rule across fields, checked after every field has parsed: the problem, or undefined. */
  check?(config: Readonly<Record<string, unknown>>): string | undefined;
}

/** A table of config fields, keyed by config name (camelCase). */
export type ConfigTable = Readonly<Record<string, ConfigField<unknown>>>;

type ValueOf<F> = F extends { parse(value: unknown, name: string): infer T } ? T : never;
type Simplify<T> = { -readonly [K in keyof T]: T[K] } & {};

/** The config object a table describes: optional fields may be absent. */
export type ConfigOf<F extends ConfigTable> = Simplify<
  { [K in keyof F as F[K] extends { optional: true } ? never : K]: ValueOf<F[K]> } & {
    [K in keyof F as F[K] extends { optional: true } ? K : never]?: ValueOf<F[K]>;
  }
>;

/** Every field's default (optional fields left out), in table order. */
export function defaultsOf<F extends ConfigTable>(table: F): ConfigOf<F> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(table)) if (!f.optional) out[name] = f.default;
  return out as ConfigOf<F>;
}

/**
 * Validates a partial config (strings allowed, as from flags or a hash) and
 * fills in defaults. Unknown keys are refused so a typo cannot pass silently.
 */
export function parseWith<F extends ConfigTable>(table: F, input: Readonly<Record<string, unknown>>): ConfigOf<F> {
  for (const k of Object.keys(input))
    if (!Object.hasOwn(table, k)) throw new ConfigError(cut(k, 80), 'is not a config setting');
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(table)) {
    const given = input[name] !== undefined;
    if (f.optional && !given) continue;
    const value = f.parse(given ? input[name] : f.defaultFrom ? f.defaultFrom(out) : f.default, name);
    if (value !== undefined) out[name] = value;
  }
  for (const [name, f] of Object.entries(table)) {
    const problem = f.check?.(out);
    if (problem) throw new ConfigError(name, problem);
  }
  return out as ConfigOf<F>;
}

/**
 * A config as (name, text) pairs in table order, for flags and links;
 * `short` leaves out values equal to their default, except identity fields.
 */
export function configEntries<F extends ConfigTable>(
  table: F,
  config: ConfigOf<F>,
  short = false,
): [name: string, text: string][] {
  const values = config as Record<string, unknown>;
  const out: [string, string][] = [];
  for (const [name, f] of Object.entries(table)) {
    const v = values[name];
    if (v === undefined) continue;
    if (short && !f.identity && JSON.stringify(v) === JSON.stringify(f.default)) continue;
    out.push([name, f.toText(v)]);
  }
  return out;
}

// ——— Field kinds ———

type Common<T> = Pick<
  ConfigField<T>,
  'flag' | 'help' | 'identity' | 'execution' | 'page' | 'check' | 'defaultFrom' | 'defaultText'
>;

const got = (v: unknown) => `got ${quote(v)}`;
const fromText = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);

/** An integer in [min, max]; `says` replaces the usual "a positive integer" in errors. */
export function int(
  o: Common<number> & { default: number; min: number; max: number; says?: string },
): ConfigField<number> {
  const says =
    o.says ??
    (o.min === 1 ? 'a positive integer' : o.min === 0 ? 'a non-negative integer' : `an integer of at least ${o.min}`);
  return {
    ...o,
    kind: 'value',
    metavar: 'N',
    range: { min: o.min, max: o.max },
    parse(v, name) {
      const n = fromText(v);
      if (typeof n !== 'number' || !Number.isInteger(n) || n < o.min)
        throw new ConfigError(name, `must be ${says}, ${got(v)}`);
      if (n > o.max)
        throw new ConfigError(name, o.says ? `must be ${says}, ${got(v)}` : `must be at most ${o.max}, got ${n}`);
      return n;
    },
    toText: String,
  };
}

/** A finite number above zero (`whole`: an integer) with no default: absent unless given. */
export function optionalPositive(
  o: Common<number> & { metavar?: string; whole?: true },
): ConfigField<number> & { optional: true } {
  return {
    ...o,
    kind: 'value',
    metavar: o.metavar ?? 'X',
    default: undefined,
    optional: true,
    parse(v, name) {
      const n = typeof v === 'string' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0)
        throw new ConfigError(name, `must be a positive number, ${got(v)}`);
      if (o.whole && !Number.isInteger(n)) throw new ConfigError(name, `must be a whole number, got ${n}`);
      return n;
    },
    toText: String,
  };
}

/** One of a list of names. */
export function choice<T extends string>(o: Common<T> & { default: T; choices: readonly T[] }): ConfigField<T> {
  return {
    ...o,
    kind: 'value',
    metavar: o.choices.join('|'),
    parse(v, name) {
      if (typeof v !== 'string' || !(o.choices as readonly string[]).includes(v))
        throw new ConfigError(name, `must be one of ${o.choices.join(', ')}, ${got(v)}`);
      return v as T;
    },
    toText: (v) => v,
  };
}

/** On or off; as a flag, a bare `--flag` means on. */
export function bool(o: Common<boolean> & { default: boolean }): ConfigField<boolean> {
  return {
    ...o,
    kind: 'switch',
    metavar: o.default ? 'true|false' : '',
    parse(v, name) {
      if (v === true || v === 'true' || v === '1' || v === 1) return true;
      if (v === false || v === 'false' || v === '0' || v === 0) return false;
      throw new ConfigError(name, `must be true or false, ${got(v)}`);
    },
    toText: String,
  };
}
