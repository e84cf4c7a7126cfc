import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { CSP_HEADER, CSP_META } from './src/ui/csp';
import { codeVersion } from './scripts/code-version';

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

export default defineConfig({
  base: './',
  plugins: [csp],
  // Run logs made in the page record the same code version as the CLI's (see scripts/code-version.ts).
  define: { __CODE_VERSION__: JSON.stringify(codeVersion(import.meta.dirname)) },
  worker: { format: 'es' },
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
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', headers: { 'Content-Security-Policy': CSP_HEADER } },
});
