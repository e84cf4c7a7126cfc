/**
 * Flag parsing shared by the CLIs. Bad input is a `UsageError`: the entry
 * point prints its one-line message and exits with code 2, before anything
 * is written.
 */
import { errorMessage } from '../../src/core/errors';
import { cut } from '../../src/core/json-bounds';
import { dieWithLauncher } from './parent-watch';

/** A bad flag or value; `flag` names it. */
export class UsageError extends Error {
  constructor(
    readonly flag: string,
    detail: string,
  ) {
    // One line of bounded length, whatever was typed or read (a 52 MB value once made a 52 MB line).
    super(`${cut(flag, 80)}: ${cut(detail.replace(/[\r\n]+/g, ' '), 600)}`);
    this.name = 'UsageError';
  }
}

/** How a flag takes its value. */
export type FlagKind = 'string' | 'boolean';

/** Parses `--name value`, `--name=value` and bare booleans (`--inherit`). */
export function parseFlags(argv: string[], spec: Record<string, FlagKind>): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(arg, 'unexpected argument (flags start with --)');
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (!kind)
      throw new UsageError(
        `--${name}`,
        `unknown flag (known: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(', ')})`,
      );
    if (name in out) throw new UsageError(`--${name}`, 'given twice');
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined) {
      const next = argv[i + 1];
      if (kind === 'boolean' && (next === undefined || next.startsWith('--'))) value = 'true';
      else if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name}`, 'needs a value');
      else value = argv[++i];
    }
    if (kind === 'boolean' && !['true', 'false', '1', '0'].includes(value))
      throw new UsageError(`--${name}`, `must be true or false, got "${value}"`);
    out[name] = value;
  }
  return out;
}

/** Runs `parse`; a UsageError becomes its one line on stderr and null (the caller exits with code 2, nothing run or written). */
export function parseOrReport<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return null;
    }
    throw e;
  }
}

/**
 * Exits with `code` once everything written to stdout and stderr has reached
 * the OS. `process.exit()` straight away drops whatever a pipe has not taken
 * yet (a slow reader of `--emit-jobs` lost most of 20,001 lines); a reader
 * that closes early (`| head`) ends the wait instead of raising EPIPE.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const one = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      one();
    };
    stream.on('error', settle);
    stream.write('', settle);
  }
}

/**
 * Runs a CLI's main and exits with its code once its output is flushed; an unexpected error becomes one line
 * and code 1, never a stack trace; the CLI dies with its launcher (parent-watch.ts).
 */
export function runMain(main: () => Promise<number>): void {
  dieWithLauncher();
  main().then(exitWhenFlushed, (e) => {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    exitWhenFlushed(1);
  });
}
