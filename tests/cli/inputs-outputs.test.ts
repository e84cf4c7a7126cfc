/**
 * Inputs and outputs checked before any work (issue 19, "Refused up front,
 * not half-way"): input files must be regular files of bounded size
 * (`/dev/zero` is refused at once), output places must take a file, a final
 * write that still fails lands in a fallback file, and no message repeats a
 * huge value. Parser functions called directly: no process is spawned.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../benchmarks/cli/bench-args';
import { parseReportArgs } from '../../benchmarks/cli/bench-report';
import { checkWritable, checkWritableDir, readInput, writeOrFallback } from '../../benchmarks/cli/files';
import { parseLoopArgs } from '../../benchmarks/cli/loop';
import { parseSweepArgs } from '../../benchmarks/cli/sweep';
import { ConfigError, parseConfig } from '../../src/core/config';
import { usageError as usage } from './usage-error';

const dir = mkdtempSync(join(tmpdir(), 'inputs-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('input files', () => {
  it('/dev/zero, a folder or a missing file is refused before reading', () => {
    expect(usage(() => readInput('--config', '/dev/zero')).message).toBe('--config: /dev/zero is not a regular file');
    expect(usage(() => readInput('--config', dir)).message).toMatch(/is not a regular file$/);
    expect(usage(() => readInput('--config', join(dir, 'nope.json'))).message).toMatch(
      /cannot read .*nope\.json \(ENOENT\)$/,
    );
    expect(usage(() => parseLoopArgs(['--config', '/dev/zero'])).message).toBe(
      '--config: /dev/zero is not a regular file',
    );
    expect(usage(() => parseReportArgs(['/dev/zero', '--out', join(dir, 'r.html')])).message).toBe(
      '/dev/zero: /dev/zero is not a regular file',
    );
    expect(
      usage(() =>
        parseBenchArgs(['--reference', '/dev/zero', '--html', 'none', '--out', join(dir, 'b.json')], process.cwd()),
      ).message,
    ).toBe('--reference: /dev/zero is not a regular file');
  });

  it('a file larger than such a file can be is refused by its size', () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 3_000_000); // sparse: no disk used
    expect(usage(() => parseLoopArgs(['--config', big])).message).toMatch(
      /big\.json is 3 MB, more than the 1 MB such a file can be$/,
    );
    expect(readInput('--x', big, 4_000_000).length).toBe(3_000_000);
  });
});

describe('output places', () => {
  it('a place no file can be created in is refused up front (permission bits lie to root)', () => {
    expect(usage(() => checkWritable('--out', '/sys/x.json')).message).toMatch(/^--out: cannot write in \/sys \(/);
    expect(usage(() => parseLoopArgs(['--out', '/proc/run.json'])).flag).toBe('--out');
    expect(usage(() => checkWritableDir('DIR', '/sys/kernel/sweep')).flag).toBe('DIR');
    expect(() => checkWritable('--out', join(dir, 'new', 'deeper', 'run.json'))).not.toThrow();
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });

  it('sweep --out: a file path or an unwritable folder gets a clear message, not ENOENT/EEXIST later', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const base = ['--proposers', 'random', '--seeds', '1', '--task', 'xor'];
    expect(usage(() => parseSweepArgs([...base, '--out', file])).message).toMatch(
      /^--out: .*a-file is a file; give a folder for the run logs$/,
    );
    expect(usage(() => parseSweepArgs([...base, '--out', join(file, 'sub')])).message).toMatch(
      /^--out: .*a-file is a file, not a folder$/,
    );
    expect(usage(() => parseSweepArgs([...base, '--out', '/sys/sweep'])).message).toMatch(
      /^--out: cannot write in \/sys/,
    );
    // --emit-jobs writes nothing, so it checks nothing.
    expect(parseSweepArgs([...base, '--out', file, '--emit-jobs'])).toMatchObject({ emit: true });
  });

  it('a final write that fails lands in a fallback file, and says where', () => {
    const w = writeOrFallback('/sys/gone/run.json', '{"kept":true}');
    expect(w.error).toBeDefined();
    expect(w.path.startsWith(tmpdir())).toBe(true);
    expect(readFileSync(w.path, 'utf8')).toBe('{"kept":true}');
    rmSync(w.path);
    const ok = writeOrFallback(join(dir, 'out.json'), '{}');
    expect(ok).toEqual({ path: join(dir, 'out.json') });
  });
});

describe('messages quote values cut short', () => {
  it('a huge flag value or config value makes a short one-line message', () => {
    const e = usage(() => parseLoopArgs(['--task', 'x'.repeat(52_000_000)]));
    expect(e.message.length).toBeLessThan(700);
    expect(e.message).not.toContain('\n');
    let c: unknown;
    try {
      parseConfig({ seed: 'y'.repeat(1_000_000) });
    } catch (err) {
      c = err;
    }
    expect(c).toBeInstanceOf(ConfigError);
    expect((c as ConfigError).message.length).toBeLessThan(200);
    expect(() => parseConfig({ ['z'.repeat(1_000_000)]: 1 })).toThrow(
      /^z{80}… \(1000000 characters\): is not a config setting$/,
    );
  });
});
