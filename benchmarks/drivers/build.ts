/**
 * Builds the app into dist/ when it is missing or older than its sources, so
 * the chromium driver always runs the current code without a slow rebuild
 * on every call.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packDigits } from '../../scripts/pack-digits';

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const name of readdirSync(path)) m = Math.max(m, newest(join(path, name)));
  return m;
}

/** The build directory: dist/, or SUCCESSOR_DIST (lets parallel checkouts and tests keep apart). */
export function distDir(root: string): string {
  return join(root, process.env.SUCCESSOR_DIST || 'dist');
}

/** Ensures the build directory holds a build of the current sources; returns its path. */
export async function ensureBuilt(root: string, log: (line: string) => void = () => {}): Promise<string> {
  packDigits(root);
  const dist = distDir(root);
  const built = existsSync(join(dist, 'index.html')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
  const sources = Math.max(
    ...[
      'src',
      'models',
      'public',
      'index.html',
      'bench.html',
      'benchmarks/results',
      'vite.config.ts',
      'package.json',
    ].map((p) => newest(join(root, p))),
  );
  if (built > sources) return dist;
  log('building the app (vite build)…');
  const { build } = await import('vite');
  await build({
    root,
    logLevel: 'error',
    configFile: join(root, 'vite.config.ts'),
    build: { outDir: dist, emptyOutDir: true },
  });
  return dist;
}
