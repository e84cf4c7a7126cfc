/**
 * A CLI dies with its launcher: SIGKILL of tsx's wrapper (what `npm run
 * loop` starts) or of the shell above it must not leave the real process
 * running to overwrite its output later. Spawns real processes: the process
 * tree is the point.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launcherChain } from '../../benchmarks/cli/parent-watch';

const tsx = resolve('node_modules/.bin/tsx');
const fixture = resolve('tests/cli/fixtures/linger.ts');
const dir = mkdtempSync(join(tmpdir(), 'parent-watch-'));
const started: number[] = [];
let shell: ChildProcess | null = null;

/** Running and not a zombie. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
const ppidOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (cond()) return true;
  return cond();
}

/** sh -c "tsx linger.ts; true" (the `; true` keeps the shell, like npm's), and the lingering CLI's pid. */
async function launch(name: string): Promise<{ cli: number; wrapper: number; sh: number }> {
  const pidFile = join(dir, name);
  shell = spawn('sh', ['-c', `"${tsx}" "${fixture}" "${pidFile}"; true`], { stdio: 'ignore' });
  expect(await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 30_000)).toBe(true);
  const cli = Number(readFileSync(pidFile, 'utf8'));
  started.push(cli);
  const wrapper = ppidOf(cli);
  expect(ppidOf(wrapper)).toBe(shell.pid);
  return { cli, wrapper, sh: shell.pid! };
}

/** The same through npm itself (`npm exec`, as `npm run` does it: npm → sh -c → tsx → node), and npm's pid. */
async function launchNpm(name: string): Promise<{ cli: number; npm: number }> {
  const pidFile = join(dir, name);
  shell = spawn('npm', ['exec', '--no', '--', 'tsx', fixture, pidFile], { stdio: 'ignore' });
  expect(await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 60_000)).toBe(true);
  const cli = Number(readFileSync(pidFile, 'utf8'));
  started.push(cli);
  expect(ppidOf(ppidOf(ppidOf(cli)))).toBe(shell.pid);
  return { cli, npm: shell.pid! };
}

afterEach(() => {
  for (const pid of started.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
  if (shell?.pid && running(shell.pid)) shell.kill('SIGKILL');
  shell = null;
});

describe('a CLI and its launcher', () => {
  it('watches the wrapper and the shell above it, not the test runner', async () => {
    const { cli, wrapper, sh } = await launch('chain');
    expect(launcherChain(ppidOf(cli))).toEqual([wrapper, sh]);
    expect(running(cli)).toBe(true);
  });

  it('exits when the tsx wrapper is SIGKILLed', async () => {
    const { cli, wrapper } = await launch('wrapper');
    process.kill(wrapper, 'SIGKILL');
    expect(await until(() => !running(cli), 10_000)).toBe(true);
  });

  it('exits when npm itself is SIGKILLed (npm retitles itself, so /proc shows one string)', async () => {
    // The pid file's name ends npm's title: not "npm", or the title's last path segment would pass for npm.
    const { cli, npm } = await launchNpm('run.json');
    expect(launcherChain(ppidOf(cli))).toContain(npm);
    process.kill(npm, 'SIGKILL');
    expect(await until(() => !running(cli), 10_000)).toBe(true);
  });

  it('exits when the shell that launched the wrapper is SIGKILLed', async () => {
    const { cli, sh } = await launch('shell');
    process.kill(sh, 'SIGKILL');
    expect(await until(() => !running(cli), 10_000)).toBe(true);
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
