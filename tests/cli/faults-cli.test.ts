/**
 * Fault injection for the CLIs: a slow pipe reader, and a sweep folder
 * holding a user's own `*.tmp` files. Nothing may be lost either way.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const SWEEP = 'benchmarks/cli/sweep.ts';

/** Runs a CLI whose stdout is a pipe nobody reads for `stallMs` after the first byte. */
function runWithSlowReader(
  script: string,
  args: string[],
  stallMs: number,
): Promise<{ code: number | null; stdout: string }> {
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  let stalled = false;
  child.stdout.on('data', (d: Buffer) => {
    chunks.push(d);
    if (stalled) return;
    stalled = true;
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), stallMs);
  });
  return new Promise((done) =>
    child.on('close', (code) => done({ code, stdout: Buffer.concat(chunks).toString('utf8') })),
  );
}

describe('CLI faults', () => {
  it('a slow pipe reader receives every --emit-jobs line, the last one whole', async () => {
    const r = await runWithSlowReader(
      SWEEP,
      ['--proposers', 'random', '--seeds', '0-20000', '--out', 'runs/never-written', '--emit-jobs'],
      1500,
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(20_001);
    expect(lines[20_000]).toMatch(/--seed 20000 .*--out runs\/never-written\/spirals-random-seed20000\.json$/);
  });

  it("a sweep deletes only its own leftover temp files: a user's *.tmp file and *.tmp folder survive", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'successor-faults-')), 'sweep');
    mkdirSync(join(out, 'cache.tmp'), { recursive: true });
    writeFileSync(join(out, 'cache.tmp', 'inside.txt'), 'mine');
    writeFileSync(join(out, 'notes.tmp'), 'my notes');
    writeFileSync(join(out, 'draft.json.123.tmp'), 'a temp file of some other tool');
    const leftover = join(out, 'xor-random-seed1.json.4321.tmp');
    writeFileSync(leftover, '{"partial": ');
    const r = runCli(SWEEP, [
      '--proposers',
      'random',
      '--seeds',
      '1',
      '--task',
      'xor',
      '--generations',
      '2',
      '--population',
      '2',
      '--steps',
      '20',
      '--backend',
      'cpu',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(leftover)).toBe(false);
    expect(readFileSync(join(out, 'notes.tmp'), 'utf8')).toBe('my notes');
    expect(readFileSync(join(out, 'cache.tmp', 'inside.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'draft.json.123.tmp'), 'utf8')).toBe('a temp file of some other tool');
    expect(existsSync(join(out, 'xor-random-seed1.json'))).toBe(true);
  });
});
