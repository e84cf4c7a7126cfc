import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
// With their extensions: the config is loaded before any bundler resolves imports for it (Vite's
// `configLoader: 'native'`, to be its default, imports it as Node would, and Vite warns until then).
import { CSP_HEADER, CSP_META, ISOLATION_HEADERS } from './src/ui/csp.ts';
import { codeVersion } from './scripts/code-version.ts';

// The app is a static bundle: the page (no tfjs) plus one module worker that
// holds the engine. ES workers let the worker use dynamic imports, so each
// tfjs backend is fetched only when the run asks for it. bench.html is the
// Benchmark view, a second page with its own worker.
// The built pages carry the Content-Security-Policy themselves (any static
// host serves them safely); the preview server also sends it as a header.
const csp: Plugin = {
  name: 'successor-csp',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' },
  ],
};

// tfjs-backend-wasm's threaded build starts each thread worker from its
// Emscripten factory's source (`factory.toString()` in a blob: URL). That
// function reads `_scriptDir` from the closure around it, which the blob does
// not have: harmless as written (`typeof` guards it), but minification
// renames it and drops the guard (`ReferenceError: e is not defined` in every
// thread). In a bundled ES module `_scriptDir` is always undefined (no
// `document.currentScript`, no `__filename`), so the factory is made
// self-contained by writing that in. Each edit must match once, or the build
// fails: a tfjs upgrade that changes the file must be looked at again.
const THREADED_FACTORY = /tfjs-backend-wasm-threaded-simd\.js$/;
const FACTORY_EDITS: [string, string][] = [
  [
    "var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;",
    '',
  ],
  ["if (typeof __filename !== 'undefined') _scriptDir = _scriptDir || __filename;", ''],
  ['if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}', ''],
  ['"urlOrBlob":Module["mainScriptUrlOrBlob"]||_scriptDir,', '"urlOrBlob":Module["mainScriptUrlOrBlob"],'],
];
const tfjsWasmThreads: Plugin = {
  name: 'successor-tfjs-wasm-threads',
  enforce: 'pre',
  transform(code, id) {
    if (!THREADED_FACTORY.test(id.split('?')[0] ?? '')) return null;
    let out = code;
    for (const [from, to] of FACTORY_EDITS) {
      if (out.split(from).length !== 2) throw new Error(`${id}: expected once: ${from}`);
      out = out.replace(from, to);
    }
    if (out.includes('_scriptDir')) throw new Error(`${id}: _scriptDir still referenced`);
    return { code: out, map: null };
  },
};

export default defineConfig({
  base: './',
  plugins: [csp, tfjsWasmThreads],
  // Run logs made in the page record the same code version as the CLI's (see scripts/code-version.ts).
  define: { __CODE_VERSION__: JSON.stringify(codeVersion(import.meta.dirname)) },
  // The engine, tfjs-backend-wasm with it, is bundled with the workers' own plugins.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: { main: resolve(import.meta.dirname, 'index.html'), bench: resolve(import.meta.dirname, 'bench.html') },
    },
  },
  // The dev server pre-bundles dependencies it finds by scanning the pages,
  // but it does not follow `new URL('…worker.ts', import.meta.url)`: without
  // these, the worker's imports (tfjs, its backends) are found only once a
  // run starts, and re-bundling them reloads the page, losing that first run.
  optimizeDeps: {
    entries: ['index.html', 'bench.html', 'src/worker/*.worker.ts'],
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      'seedrandom',
      'comlink',
    ],
  },
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: { 'Content-Security-Policy': CSP_HEADER, ...ISOLATION_HEADERS } },
});
