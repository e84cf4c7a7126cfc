/**
 * The project's import graph, read from the source with a few regular
 * expressions (no parser, no dependency): for each .ts file under the given
 * roots, what it imports, whether only types, and where a relative import
 * lands. Used by the layering test.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import of one file. */
export interface Edge {
  /** Importing file, relative to the root, with forward slashes. */
  from: string;
  /** The specifier as written (query stripped). */
  spec: string;
  /** The imported file relative to the root for a relative import, else null (a package). */
  to: string | null;
  /** `import type` / `export type`, or every named import marked `type`. */
  typeOnly: boolean;
}

/** The .ts files under `dir` (no declaration files, no node_modules). */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Source without comments (strings are kept: a specifier is a string). */
export function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const STATIC = /^[ \t]*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]/gm;
const BARE = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveRelative(root: string, file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(file), spec);
  for (const p of [base + '.ts', base, join(base, 'index.ts')])
    if (existsSync(p) && statSync(p).isFile()) return relative(root, p).split('\\').join('/');
  return relative(root, base).split('\\').join('/');
}

/** Every import of every .ts file under `dirs` (relative to `root`). */
export function importGraph(root: string, dirs: string[]): Edge[] {
  const edges: Edge[] = [];
  for (const dir of dirs) {
    for (const file of tsFiles(join(root, dir))) {
      const src = stripComments(readFileSync(file, 'utf8'));
      const from = relative(root, file).split('\\').join('/');
      const add = (raw: string, typeOnly: boolean) => {
        const spec = raw.split('?')[0];
        edges.push({ from, spec, to: resolveRelative(root, file, spec), typeOnly });
      };
      for (const m of src.matchAll(STATIC)) {
        const names = m[3].match(/\{([^}]*)\}/)?.[1];
        const allTyped =
          !!names &&
          !/^[\w$]/.test(m[3].trim().replace(/^\{[\s\S]*/, '')) &&
          names
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
            .every((s) => s.startsWith('type '));
        add(m[4], !!m[2] || allTyped);
      }
      for (const m of src.matchAll(BARE)) add(m[1], false);
      for (const m of src.matchAll(DYNAMIC)) add(m[1], false);
    }
  }
  return edges;
}

/** Cycles among the files (each once, as a path that starts and ends at the same file). */
export function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) if (e.to) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to);
  const out: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 'open') out.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...next.keys()].sort()) if (!state.has(n)) visit(n);
  return out;
}
