// The layers of docs/architecture.md, read from the source's imports: ui → (import type) worker →
// engine → models → core, nothing pointing back up, and no import cycles; scripts/ and tests/ sit on
// top, and nothing below imports them. A new import that breaks a rule fails here with the file and
// the import named.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, stripComments, tsFiles, type Edge } from './import-graph';

const root = resolve(import.meta.dirname, '../..');
const edges = importGraph(root, ['src', 'models', 'benchmarks', 'scripts', 'tests']);
const show = (es: Edge[]) => es.map((e) => `${e.from} imports ${e.spec}${e.typeOnly ? ' (type)' : ''}`);
const under = (path: string | null, ...dirs: string[]) => path !== null && dirs.some((d) => path.startsWith(d + '/'));
const isTest = (e: Edge) => e.from.endsWith('.test.ts');

/** Packages that need a DOM, a GPU runtime or Node, which the pure core must not (tfjs, Lit, IndexedDB, workers, charts). */
const IMPURE = /^(@tensorflow\/|lit($|\/)|@lit\/|idb$|comlink$|uplot|d3-|playwright|vite$|webgpu$|node:|#gradients$)/;

describe('layering', () => {
  it('reads the graph it checks (a broken reader would pass every rule)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({
      from: 'src/ui/lab-client.ts',
      spec: '../worker/lab.worker',
      to: 'src/worker/lab.worker.ts',
      typeOnly: true,
    });
    expect(edges.some((e) => e.from === 'models/net.ts' && e.to === 'models/mlp.ts' && !e.typeOnly)).toBe(true);
    expect(edges.some((e) => e.from.startsWith('src/engine/') && e.spec === '@tensorflow/tfjs-core')).toBe(true);
  });

  it('src/ui reaches the engine and models only through `import type` from src/worker', () => {
    const bad = edges.filter(
      (e) =>
        e.from.startsWith('src/ui/') &&
        (under(e.to, 'src/engine', 'models', 'benchmarks') || (under(e.to, 'src/worker') && !e.typeOnly)),
    );
    expect(show(bad)).toEqual([]);
  });

  it('src/core imports nothing outside core: no tfjs, DOM or Node modules', () => {
    const bad = edges.filter(
      (e) => e.from.startsWith('src/core/') && !isTest(e) && (e.to ? !under(e.to, 'src/core') : IMPURE.test(e.spec)),
    );
    expect(show(bad)).toEqual([]);
  });

  it('src/engine imports nothing from src/ui, src/worker or benchmarks; models nothing above core', () => {
    const engine = edges.filter(
      (e) => e.from.startsWith('src/engine/') && under(e.to, 'src/ui', 'src/worker', 'benchmarks'),
    );
    const models = edges.filter(
      (e) => e.from.startsWith('models/') && e.to !== null && !under(e.to, 'models', 'src/core'),
    );
    expect(show([...engine, ...models])).toEqual([]);
  });

  // The engine runs in a worker, in Node and in a page: it may ask whether a DOM exists (`typeof document`),
  // never use one. A global used as an object (`window.x`, `document[…]`) outside a comment or a string fails.
  it('src/engine uses no DOM global (window, document, location, navigator, localStorage)', () => {
    const DOM = /(?<![.\w'"`$])(window|document|location|navigator|localStorage|sessionStorage)\s*(\?\.|\.|\[)/g;
    const bad = tsFiles(join(root, 'src/engine'))
      .filter((f) => !f.endsWith('.test.ts'))
      .flatMap((f) =>
        [...stripComments(readFileSync(f, 'utf8')).matchAll(DOM)].map((m) => `${relative(root, f)}: ${m[0]}`),
      );
    expect(bad).toEqual([]);
    expect('x = window.location; y = document?.body; "window.x"; a.navigator.gpu'.match(DOM)).toEqual([
      'window.',
      'document?.',
    ]);
  });

  // scripts/ are Node entry points (reports, build steps, demos): they may use core, engine, models and the
  // CLIs' helpers, not the page's code, which needs a browser. Build tools (benchmarks/, vite.config.ts) may
  // import a script's helper (the code version, packing the digits); the app's own code never does.
  it('scripts/ import nothing from src/ui or src/worker; src/ and models/ import nothing from scripts/', () => {
    const bad = edges.filter(
      (e) =>
        (e.from.startsWith('scripts/') && under(e.to, 'src/ui', 'src/worker')) ||
        ((e.from.startsWith('src/') || e.from.startsWith('models/')) && under(e.to, 'scripts')),
    );
    expect(show(bad)).toEqual([]);
    expect(edges.some((e) => e.from.startsWith('scripts/') && under(e.to, 'src/engine'))).toBe(true);
  });

  // The benchmark page (src/ui/bench) and the CLIs (benchmarks/) share their pure code through src/core/bench;
  // neither imports the other. The one exception: the driver that serves the built page sends the page's own
  // security headers, which live with the page (src/ui/csp.ts), as the dev server does.
  it('benchmarks/ import nothing from src/ui or src/worker (but the served headers)', () => {
    const served = (e: Edge) => e.from === 'benchmarks/drivers/serve.ts' && e.to === 'src/ui/csp.ts';
    const bad = edges.filter(
      (e) => e.from.startsWith('benchmarks/') && under(e.to, 'src/ui', 'src/worker') && !served(e),
    );
    expect(show(bad)).toEqual([]);
    expect(edges.some(served)).toBe(true);
  });

  it('only tests import from tests/ (their fixtures and helpers)', () => {
    const bad = edges.filter((e) => !e.from.startsWith('tests/') && !isTest(e) && under(e.to, 'tests'));
    expect(show(bad)).toEqual([]);
  });

  // A folder that is one module (core/stats) is imported as the folder: its files are its inside.
  it("no import names a folder's index file", () => {
    const bad = edges.filter((e) => /\/index(\.ts)?$/.test(e.spec));
    expect(show(bad)).toEqual([]);
  });

  // Type-only imports are erased when the code is built, so they cannot make modules load in a bad order.
  it('no import cycles among src/, models/, benchmarks/, scripts/ and tests/', () => {
    expect(cycles(edges.filter((e) => !e.typeOnly)).map((c) => c.join(' → '))).toEqual([]);
  });
});

describe('the graph reader', () => {
  it('finds a cycle and tells type-only imports from others', () => {
    const e = (from: string, to: string, typeOnly = false): Edge => ({ from, spec: to, to, typeOnly });
    expect(cycles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd')])).toEqual([['a', 'b', 'c', 'a']]);
    expect(cycles([e('a', 'b'), e('b', 'd'), e('c', 'd')])).toEqual([]);
  });

  it('reads static, bare, dynamic and re-export imports, skips comments, and resolves files and folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layers-'));
    try {
      mkdirSync(join(dir, 'src/sub'), { recursive: true });
      writeFileSync(join(dir, 'src/sub/index.ts'), '');
      writeFileSync(join(dir, 'src/b.ts'), '');
      writeFileSync(
        join(dir, 'src/a.ts'),
        [
          "import * as tf from '@tensorflow/tfjs-core';",
          "import type { X } from './b';",
          "import { type Y, type Z } from './b';",
          "import { w, type V } from './b';",
          "import {\n  u,\n} from './sub';",
          "import './b';",
          "export { q } from './b';",
          "const later = () => import('./b');",
          "// import { no } from './commented';",
          "/* import { no } from './commented-too'; */",
          "const url = 'https://example.com/x'; // a URL is not a comment start",
          "import wasm from 'pkg/file.wasm?url';",
        ].join('\n'),
      );
      const got = importGraph(dir, ['src']).map(({ spec, to, typeOnly }) => [spec, to, typeOnly]);
      expect(got).toEqual([
        ['@tensorflow/tfjs-core', null, false],
        ['./b', 'src/b.ts', true],
        ['./b', 'src/b.ts', true],
        ['./b', 'src/b.ts', false],
        ['./sub', 'src/sub/index.ts', false],
        ['./b', 'src/b.ts', false],
        ['pkg/file.wasm', null, false],
        ['./b', 'src/b.ts', false],
        ['./b', 'src/b.ts', false],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
