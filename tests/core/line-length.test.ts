/** The line limit `npm test` enforces beside prettier (scripts/check-line-length.ts). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLineLength, longLines, MAX_LINE, sourceFiles } from '../../scripts/check-line-length';
import { runCli } from '../cli/run-cli';

describe('line length', () => {
  it('names each line over the limit by file and line, counting characters, not bytes', () => {
    const text = ['short', 'x'.repeat(MAX_LINE), 'y'.repeat(MAX_LINE + 1), '×'.repeat(MAX_LINE)].join('\n');
    expect(longLines('a.ts', text)).toEqual([`a.ts:3: ${MAX_LINE + 1} characters (limit ${MAX_LINE})`]);
  });

  it("walks the project's .ts and .mts files, not its dependencies, builds or hidden folders", () => {
    const root = mkdtempSync(join(tmpdir(), 'line-length-'));
    const long = `const s = '${'z'.repeat(MAX_LINE)}';\n`;
    for (const dir of ['src/deep', 'node_modules/pkg', 'dist', '.git']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'src/deep/a.ts'), `// fine\n${long}`);
    writeFileSync(join(root, 'src/b.mts'), long);
    writeFileSync(join(root, 'src/c.js'), long);
    for (const dir of ['node_modules/pkg', 'dist', '.git']) writeFileSync(join(root, dir, 'x.ts'), long);
    expect(sourceFiles(root)).toEqual(['src/b.mts', 'src/deep/a.ts']);
    expect(checkLineLength(root).map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      'src/b.mts:1',
      'src/deep/a.ts:2',
    ]);
    // The command npm test runs fails on it, naming the line.
    const r = runCli('scripts/check-line-length.ts', [root], 60_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('src/deep/a.ts:2: ');
  });

  it('holds for this repository', () => {
    expect(checkLineLength(resolve(import.meta.dirname, '..', '..'))).toEqual([]);
  });
});
