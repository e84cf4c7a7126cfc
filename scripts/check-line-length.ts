/**
 * The project's line limit. Prettier (printWidth 120) wraps code but never
 * breaks a string, a comment or a template literal, so a long one stays long;
 * this check fails on any line of the project's own .ts/.mts files longer than
 * MAX_LINE characters, naming each file:line. `npm run typecheck` and
 * `npm test` run it beside `prettier --check`.
 *
 *   tsx scripts/check-line-length.ts [root]     (root: the repository, by default)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The most characters (code points, as an editor counts them) a line may have. */
export const MAX_LINE = 160;

/** Folders that hold no source of the project's own: dependencies, builds, run outputs. */
const SKIP = new Set(['node_modules', 'dist', 'runs', 'results', 'test-artifacts']);

/** The project's .ts and .mts files under `root`, relative to it, with forward slashes, sorted. */
export function sourceFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIP.has(e.name) || e.name.startsWith('dist-')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(root, p));
    else if (/\.m?ts$/.test(e.name) && !e.name.endsWith('.tmp.ts')) out.push(relative(root, p).split('\\').join('/'));
  }
  return out.sort();
}

/** `file:line: N characters (limit MAX_LINE)` for every line of `text` over `max`. */
export function longLines(file: string, text: string, max = MAX_LINE): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const n = [...line].length;
    if (n > max) out.push(`${file}:${i + 1}: ${n} characters (limit ${max})`);
  });
  return out;
}

/** Every over-long line of the project at `root`. */
export function checkLineLength(root: string, max = MAX_LINE): string[] {
  return sourceFiles(root).flatMap((f) => longLines(f, readFileSync(join(root, f), 'utf8'), max));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..'));
  const found = checkLineLength(root);
  if (found.length) {
    process.stderr.write(
      `${found.join('\n')}\n${found.length} line(s) over ${MAX_LINE} characters: ` +
        `split the string (+ or an array joined), wrap the comment, or break the template between attributes\n`,
    );
    process.exitCode = 1;
  }
}
