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
