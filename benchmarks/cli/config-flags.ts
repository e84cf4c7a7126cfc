/**
 * The CLIs' config flags, derived from a config table (src/core/config.ts):
 * which flags exist and how they take values, their --help lines, reading
 * them into a validated config (a bad one is a UsageError naming the flag),
 * and writing a config back as flags.
 */
import { ConfigError, configEntries, parseWith, type ConfigOf, type ConfigTable } from '../../src/core/config-table';
import { UsageError, type FlagKind } from './args';
import { budgetProblem } from '../../src/core/run-plan';
import type { RunConfig } from '../../src/core/config';

/** One line of --help: a flag, what its value looks like, and what it does. */
export interface FlagHelp {
  flag: string;
  metavar?: string;
  help: string;
}

/** The table's fields minus `omit`, as [config name, field] pairs. */
const fieldsOf = (table: ConfigTable, omit: readonly string[]) =>
  Object.entries(table).filter(([name]) => !omit.includes(name));

/** Flag → how it takes its value, for `parseFlags`. */
export function configFlagSpec(table: ConfigTable, omit: readonly string[] = []): Record<string, FlagKind> {
  return Object.fromEntries(fieldsOf(table, omit).map(([, f]) => [f.flag, f.kind === 'switch' ? 'boolean' : 'string']));
}

/** The --help lines of the table's flags, each with its default. */
export function configFlagHelp(table: ConfigTable, omit: readonly string[] = []): FlagHelp[] {
  return fieldsOf(table, omit).map(([, f]) => {
    const def = f.defaultText
      ? ` (default ${f.defaultText})`
      : f.default === undefined
        ? ''
        : ` (default ${f.toText(f.default)})`;
    return { flag: f.flag, metavar: f.metavar, help: f.help + def };
  });
}

/** Formats help lines into aligned columns. */
export function formatHelp(lines: readonly FlagHelp[]): string {
  const left = lines.map((l) => `  --${l.flag}${l.metavar ? ' ' + l.metavar : ''}`);
  const width = Math.min(Math.max(...left.map((s) => s.length)) + 2, 30);
  return lines
    .map(
      (l, i) =>
        (left[i].length + 2 > width ? `${left[i]}\n${' '.repeat(width)}` : left[i].padEnd(width)) + l.help + '\n',
    )
    .join('');
}

/**
 * Reads the table's flags over `base` (config fields from a file) into a
 * validated config; a `readsFile` field's flag is read by `readers[name]`. A bad value throws UsageError naming its flag, or
 * `--config NAME` when it came from the file.
 */
export function configFromFlags<F extends ConfigTable>(
  table: F,
  flags: Readonly<Record<string, string>>,
  base: Readonly<Record<string, unknown>> = {},
  readers: Readonly<Record<string, (file: string) => unknown>> = {},
  fileFlag = '--config',
): ConfigOf<F> {
  const raw: Record<string, unknown> = { ...base };
  for (const [name, f] of Object.entries(table)) {
    const text = flags[f.flag];
    if (text === undefined) continue;
    if (!f.readsFile) raw[name] = text;
    else if (readers[name]) raw[name] = readers[name](text);
    else throw new UsageError(`--${f.flag}`, 'is not read by this command');
  }
  try {
    const config = parseWith(table, raw);
    // The same up-front refusal as parseConfig: a budget buying more steps than any candidate may take.
    const overBudget =
      'flopsBudget' in config && 'task' in config ? budgetProblem(config as unknown as RunConfig) : null;
    if (overBudget) throw new ConfigError('flopsBudget', overBudget);
    return config;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const f = Object.hasOwn(table, e.field) ? table[e.field] : undefined;
    const detail = e.message.slice(e.field.length + 2);
    const fromFile = Object.hasOwn(base, e.field) && !(f && flags[f.flag] !== undefined);
    throw new UsageError(f && !fromFile ? `--${f.flag}` : `${fileFlag} ${e.field}`, detail);
  }
}

/** Flags that reproduce a config exactly: identity fields first, then the rest in table order. */
export function configToFlags<F extends ConfigTable>(table: F, config: ConfigOf<F>): string[] {
  const entries = configEntries(table, config);
  const first = entries.filter(([name]) => table[name].identity);
  return [...first, ...entries.filter(([name]) => !table[name].identity)].flatMap(([name, text]) => [
    `--${table[name].flag}`,
    text,
  ]);
}
