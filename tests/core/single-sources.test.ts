// Issue 14's single sources, kept single: each helper below is defined once, and a second copy (or a
// cast that stands in for one) fails here with the file named. Tests may write their own expectations.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripComments, tsFiles } from './import-graph';

const root = resolve(import.meta.dirname, '../..');
const sources = ['src', 'models', 'benchmarks', 'scripts']
  .flatMap((d) => tsFiles(join(root, d)))
  .filter((f) => !f.endsWith('.test.ts'))
  .map((f) => ({ file: relative(root, f).split('\\').join('/'), code: stripComments(readFileSync(f, 'utf8')) }));

/** Files (other than `home`) whose code matches `pattern`. */
const copiesOf = (pattern: RegExp, home: string) =>
  sources.filter((s) => s.file !== home && pattern.test(s.code)).map((s) => s.file);

describe('one source for each truth', () => {
  it('reads the sources it checks', () => {
    expect(sources.length).toBeGreaterThan(200);
    expect(sources.some((s) => s.file === 'src/core/stats/descriptive.ts')).toBe(true);
  });

  it('one median (core/stats), one yieldToHost (engine/control), one error-message helper (core/errors)', () => {
    expect(copiesOf(/\bfunction median\b|\bmedian\s*=\s*\(/, 'src/core/stats/descriptive.ts')).toEqual([]);
    expect(copiesOf(/setTimeout\(\s*\w+\s*,\s*0\s*\)/, 'src/engine/control.ts')).toEqual([]);
    expect(copiesOf(/\(\w+ as Error\)\.message|instanceof Error \? \w+\.message/, 'src/core/errors.ts')).toEqual([]);
  });

  it('optimizer constants once (engine/optimizer): no literal Adam β₂ elsewhere', () => {
    expect(copiesOf(/\b0\.999\b/, 'src/engine/optimizer.ts')).toEqual([]);
  });

  it('no two exported functions share a name (overloads of one function aside)', () => {
    const where = new Map<string, Set<string>>();
    for (const s of sources)
      for (const m of s.code.matchAll(
        /^export (?:async )?function\s+(\w+)|^export const (\w+)\s*=\s*(?:async\s*)?\(/gm,
      )) {
        const name = (m[1] ?? m[2])!;
        where.set(name, (where.get(name) ?? new Set()).add(s.file));
      }
    const twice = [...where]
      .filter(([, files]) => files.size > 1)
      .map(([n, files]) => `${n}: ${[...files].join(', ')}`);
    expect(twice).toEqual([]);
  });
});
