/**
 * The pages' Content-Security-Policy, defence in depth: no script but the
 * bundle's own files can run, even if some imported string ever reached the
 * DOM as markup. One definition for the built pages (a meta tag, added by
 * vite.config.ts), the preview server and the CLI's static server (headers).
 *
 * What the app needs, and why each source is allowed:
 * - `'wasm-unsafe-eval'`: the tfjs wasm backend compiles its WebAssembly.
 * - `worker-src 'self' blob:` and `script-src blob:`: the engine runs in a module
 *   worker from the bundle; where the page is cross-origin isolated, tfjs-wasm's
 *   threaded build starts its thread workers from blob: URLs it makes itself
 *   (a blob: URL can only come from script that already runs here).
 * - `style-src 'unsafe-inline'`: the pages' inline <style> and Lit's styles;
 *   styles cannot run code, so scripts stay locked down without hashes.
 * - `img-src data: blob:`: the empty favicon (`data:,`) and drawn images.
 * WebGPU needs no CSP source; downloads use blob: links, which CSP allows.
 */
const DIRECTIVES: [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval' blob:"],
  ['worker-src', "'self' blob:"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** The policy as a meta tag carries it (frame-ancestors is ignored there). */
export const CSP_META = DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');

/** The policy as an HTTP header, which can also refuse framing. */
export const CSP_HEADER = `${CSP_META}; frame-ancestors 'none'`;

/**
 * Cross-origin isolation: with these two headers on every file the page gets
 * SharedArrayBuffer, which tfjs-wasm's SIMD+threads build needs (a meta tag
 * cannot set them). Every file the app loads is its own, so require-corp
 * blocks nothing.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
