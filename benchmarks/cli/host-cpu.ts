/**
 * How much CPU other processes took while the benchmark ran (Linux, from
 * /proc). The load average cannot say it: taken after the run it counts the
 * benchmark's own threads (headless Chromium keeps more than one core busy on
 * a software adapter), so a 2-core machine looks busy after every run. Here
 * every process outside the benchmark's own process tree is sampled every
 * couple of seconds, and what it used inside the window is summed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { OthersCpu } from '../../src/core/bench/result';

/** One process as /proc/PID/stat describes it. */
export interface ProcStat {
  pid: number;
  ppid: number;
  name: string;
  /** User + system CPU time of all its threads, in clock ticks. */
  ticks: number;
  /** Start time in clock ticks since boot. */
  start: number;
}

/** Clock ticks per second: 100 on every Linux the project runs on (USER_HZ). */
const TICKS_PER_SEC = 100;
const SAMPLE_MS = 2000;

/** Parses /proc/PID/stat; the name may hold spaces and parentheses, so fields are read after its last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15, starttime 22.
  const n = (field: number) => Number(f[field - 3]);
  const pid = Number(text.slice(0, open).trim());
  if (!Number.isFinite(pid) || !Number.isFinite(n(22))) return null;
  return { pid, ppid: n(4), name: text.slice(open + 1, close), ticks: n(14) + n(15), start: n(22) };
}

/** Every process's stat now; processes that vanish while being read are left out. */
function readAll(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const s = parseProcStat(readFileSync(`/proc/${e}/stat`, 'utf8'));
      if (s) out.push(s);
    } catch {
      // Exited between the listing and the read.
    }
  }
  return out;
}

/** Ticks since boot now: the system uptime (first figure of /proc/uptime) in ticks. */
function uptimeTicks(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * TICKS_PER_SEC;
}

/**
 * Accumulates what processes outside `root`'s tree used since `since` (ticks
 * since boot). Pure: fed one snapshot at a time. A process seen for the first
 * time counts from the window's start if it started before it, else from zero.
 */
export class OthersAccount {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, { name: string; ticks: number }>();
  constructor(
    private readonly root: number,
    private readonly since: number,
  ) {}

  /** Takes one snapshot of every process. */
  add(snapshot: readonly ProcStat[]): void {
    const parent = new Map(snapshot.map((p) => [p.pid, p.ppid]));
    const ours = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
        if (p === this.root) return true;
        p = parent.get(p) ?? 0;
      }
      return false;
    };
    for (const p of snapshot) {
      if (ours(p.pid)) continue;
      const key = p.pid * 1e12 + p.start; // a reused pid is another process
      if (!this.first.has(key)) this.first.set(key, p.start >= this.since ? 0 : p.ticks);
      this.last.set(key, { name: p.name, ticks: p.ticks });
    }
  }

  /** Average cores used by other processes over `seconds`, and the three busiest by name. */
  result(seconds: number): OthersCpu {
    const byName = new Map<string, number>();
    for (const [key, { name, ticks }] of this.last) {
      const used = Math.max(0, ticks - (this.first.get(key) ?? ticks));
      if (used > 0) byName.set(name, (byName.get(name) ?? 0) + used);
    }
    const cores = (t: number) => Math.round((t / TICKS_PER_SEC / Math.max(seconds, 1e-3)) * 100) / 100;
    const total = [...byName.values()].reduce((a, b) => a + b, 0);
    const top = [...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, t]) => ({ name, cores: cores(t) }));
    return { cores: cores(total), top };
  }
}

/** Starts watching other processes; `stop()` returns what they used, or null where /proc is not there. */
export function watchOthers(root = process.pid): { stop(): OthersCpu | null } {
  if (process.platform !== 'linux') return { stop: () => null };
  let account: OthersAccount;
  try {
    account = new OthersAccount(root, uptimeTicks());
    account.add(readAll());
  } catch {
    return { stop: () => null };
  }
  const t0 = performance.now();
  const timer = setInterval(() => account.add(readAll()), SAMPLE_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      account.add(readAll());
      return account.result((performance.now() - t0) / 1000);
    },
  };
}
