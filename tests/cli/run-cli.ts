/** Runs a CLI entry with tsx, as `npm run …` would, and captures its output. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(script: string, args: string[], timeout = 240_000): CliResult {
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [script, ...args], { encoding: 'utf8', timeout, env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs a CLI's main function (what its entry point hands to `runMain`) in this
 * process, capturing what it writes: its return value is the exit code. A tsx
 * process costs about a second of CPU to start; one spawned case per entry
 * point checks that the code reaches the shell.
 */
export async function runMainHere(main: () => Promise<number>): Promise<CliResult> {
  const out = { stdout: '', stderr: '' };
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const text = (s: string | Uint8Array) => (typeof s === 'string' ? s : Buffer.from(s).toString('utf8'));
  process.stdout.write = ((s: string | Uint8Array) => ((out.stdout += text(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((out.stderr += text(s)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(), ...out };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}
