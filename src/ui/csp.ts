/**
 * The pages' Content-Security-Policy, defence in depth: no script but the
 * bundle's own files can run, even if some imported string ever reached the
 * DOM as markup. One definition for the built pages (a meta tag, added by
 * vite.config.ts), the preview server and the CLI's static server (headers).
 *
 * What the app needs, and why each source is allowed:
 * - `'wasm-unsafe-eval'`: the tfjs wasm backend compiles its WebAssembly.
 * - `worker-src 'self'`: the engine runs in a module worker from the bundle.
 * - `style-src 'unsafe-inline'`: the pages' inline <style> and Lit's styles;
 *   styles cannot run code, so scripts stay locked down without hashes.
 * - `img-src data: blob:`: the empty favicon (`data:,`) and drawn images.
 * WebGPU needs no CSP source; downloads use blob: links, which CSP allows.
 */
const DIRECTIVES: [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['worker-src', "'self'"],
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
