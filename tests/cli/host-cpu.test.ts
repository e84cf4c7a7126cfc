/**
 * What other processes used while a benchmark ran (Linux /proc): parsing,
 * the accounting on constructed snapshots, and a live check with a real busy
 * process outside this one's tree and a real busy child inside it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OthersAccount, parseProcStat, type ProcStat } from '../../benchmarks/cli/host-cpu';

const proc = (pid: number, ppid: number, name: string, ticks: number, start = 0): ProcStat => ({
  pid,
  ppid,
  name,
  ticks,
  start,
});

describe('other processes’ CPU during a run', () => {
  it('parses /proc/PID/stat with a name that holds spaces and parentheses', () => {
    const line = '4242 (Web Content (x)) S 4200 4242 4242 0 -1 4194560 10 0 0 0 150 25 0 0 20 0 9 0 777 0 0';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4200, name: 'Web Content (x)', ticks: 175, start: 777 });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('counts what processes outside the benchmark’s tree used inside the window, by name', () => {
    // Window from tick 1000; the benchmark is pid 10, its browser 11 and a renderer 12.
    const a = new OthersAccount(10, 1000);
    a.add([
      proc(1, 0, 'init', 50),
      proc(10, 1, 'node', 500),
      proc(11, 10, 'chromium', 900),
      proc(12, 11, 'chromium', 100),
      proc(20, 1, 'vitest', 300),
    ]);
    // 2 s later: a job started inside the window (pid 30), the old one used 100 more ticks.
    a.add([
      proc(1, 0, 'init', 50),
      proc(10, 1, 'node', 700),
      proc(11, 10, 'chromium', 1200),
      proc(12, 11, 'chromium', 400),
      proc(20, 1, 'vitest', 400),
      proc(30, 1, 'tsc', 60, 1100),
    ]);
    // 160 ticks of others over 2 s = 0.8 cores; the benchmark's own 800 ticks are not counted.
    expect(a.result(2)).toEqual({
      cores: 0.8,
      top: [
        { name: 'vitest', cores: 0.5 },
        { name: 'tsc', cores: 0.3 },
      ],
    });
  });

  describe.runIf(process.platform === 'linux')('on this machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-cpu-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const ticksOf = (pid: number) => parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))!.ticks;
    const snapshot = (pids: number[]) => pids.map((pid) => parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))!);

    it('sees a busy process that is not the benchmark’s, and not the benchmark’s own busy child', async () => {
      // The process name is the executable's file name: two links to sh name the two busy loops.
      symlinkSync('/bin/sh', join(dir, 'others-busy'));
      symlinkSync('/bin/sh', join(dir, 'own-busy'));
      // Started by a shell that exits at once, the first loop is re-parented: outside this process's tree.
      const pidFile = join(dir, 'pid');
      await new Promise((done) =>
        spawn('/bin/sh', ['-c', `${join(dir, 'others-busy')} -c 'while :; do :; done' & echo $! > ${pidFile}`]).on(
          'exit',
          done,
        ),
      );
      const other = Number(readFileSync(pidFile, 'utf8'));
      const own = spawn(join(dir, 'own-busy'), ['-c', 'while :; do :; done']);
      try {
        const up = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100;
        const a = new OthersAccount(process.pid, up());
        a.add(snapshot([process.pid, other, own.pid!]));
        await new Promise((r) => setTimeout(r, 1500));
        a.add(snapshot([process.pid, other, own.pid!]));
        expect(ticksOf(own.pid!)).toBeGreaterThan(0);
        const names = a.result(1.5).top.map((t) => t.name);
        expect(names).toContain('others-busy');
        expect(names).not.toContain('own-busy');
      } finally {
        process.kill(other, 'SIGKILL');
        own.kill('SIGKILL');
      }
    });
  });
});
