/**
 * The docs must stand alone: a user's clone has only this repository, so
 * every relative link in the README and docs/ must resolve to a file inside
 * it, and the README stays short enough to read (details live in docs/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Relative link targets of a Markdown page (inline links and images), anchors dropped. */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1]!;
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    out.push(target.split('#')[0]!);
  }
  return out;
}

describe('documentation links', () => {
  it('finds relative links, skipping URLs and anchors', () => {
    expect(relativeLinks('[a](docs/x.md#y) [b](https://e.org) [c](#z) ![d](p.png "t")')).toEqual([
      'docs/x.md',
      'p.png',
    ]);
  });

  for (const page of pages) {
    it(`${page}: every relative link resolves inside the repository`, () => {
      const text = readFileSync(join(root, page), 'utf8');
      const broken: string[] = [];
      for (const target of relativeLinks(text)) {
        const path = resolve(dirname(join(root, page)), target);
        const inside = !relative(root, path).startsWith('..');
        if (!inside || !existsSync(path)) broken.push(target);
      }
      expect(broken).toEqual([]);
      expect(text).not.toMatch(/\.\.\/shared\//);
    });
  }

  it('README stays a short guide (under 200 lines)', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThan(200);
  });
});
