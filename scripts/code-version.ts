/**
 * The code version a run log records: `<package version>+<hash>`, the hash
 * (SHA-256, first 12 hex digits) of every source file that can change what a
 * run computes — src/core, src/engine, models — so two logs with one code
 * version were made by the same code, committed or not. Node only: the page
 * gets the same string at build time (vite.config.ts `define`).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders whose sources decide a run's result. */
export const ENGINE_SOURCES = ['src/core', 'src/engine', 'models'];

function sources(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(root, p));
    else if (/\.(ts|wgsl)$/.test(e.name) && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** The code version of the project at `root`. */
export function codeVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const h = createHash('sha256');
  for (const f of ENGINE_SOURCES.flatMap((d) => sources(root, d)).sort()) {
    // The path is hashed too, so moving code is a new version; '\0' separates fields unambiguously.
    h.update(relative(root, join(root, f)).split('\\').join('/'));
    h.update('\0');
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  return `${pkg.version}+${h.digest('hex').slice(0, 12)}`;
}
