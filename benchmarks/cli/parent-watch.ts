/**
 * A CLI dies with the command that started it. `npm run loop` runs
 * npm → sh → tsx → node: tsx's wrapper relays Ctrl-C and `kill`, but nobody
 * can relay SIGKILL, so killing the wrapper (or npm) used to leave the real
 * loop running, to overwrite `--out` minutes later. The CLI therefore
 * watches its launcher chain — its parent, and every ancestor above it that
 * only launches (sh -c, npm, npx, tsx) — and exits the moment one is gone.
 * It stops at the first ancestor that is not a launcher (the user's shell,
 * nohup, a CI runner), so detaching a run on purpose still works.
 */
import { readFileSync } from 'node:fs';

const LAUNCHERS = new Set(['npm', 'npx', 'tsx', 'npm-cli.js', 'npx-cli.js']);
const SHELLS = new Set(['sh', 'dash', 'bash']);
const base = (s = '') => s.slice(s.lastIndexOf('/') + 1);

/** `sh -c …`, or npm, npx or tsx (run directly or as `node …/tsx`). */
function isLauncher(argv: string[]): boolean {
  if (SHELLS.has(base(argv[0])) && argv[1] === '-c') return true;
  // npm and npx retitle themselves (process.title): /proc then holds one string, "npm run loop --out /x/y.json".
  if (argv.length === 1 && /^(npm|npx) /.test(argv[0])) return true;
  return LAUNCHERS.has(base(argv[0])) || (base(argv[0]) === 'node' && LAUNCHERS.has(base(argv[1])));
}

function procStat(pid: number): { ppid: number; argv: string[] } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces; the ppid is the second field after it.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((s) => s);
    return { ppid, argv };
  } catch {
    return null;
  }
}

/** The pids to watch: the parent, then the ancestors above it that are launchers too (Linux /proc; elsewhere the parent only). */
export function launcherChain(start = process.ppid): number[] {
  const chain = [start];
  let me = procStat(start);
  // Climb while each step up is itself a launcher; the first process that is not (a shell, nohup) is not watched.
  for (let i = 0; i < 16 && me && isLauncher(me.argv) && me.ppid > 1; i++) {
    const up = procStat(me.ppid);
    if (!up || !isLauncher(up.argv)) break;
    chain.push(me.ppid);
    me = up;
  }
  return chain;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Exits the process (code 1, a line on stderr) as soon as its parent or a launcher above it is gone. */
export function dieWithLauncher(everyMs = 500): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const chain = launcherChain(parent);
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? parent : chain.find((pid) => !alive(pid));
    if (gone === undefined) return;
    process.stderr.write(
      `error: the process that started this one (pid ${gone}) is gone; stopping without writing results\n`,
    );
    process.exit(1);
  }, everyMs);
  timer.unref();
}
