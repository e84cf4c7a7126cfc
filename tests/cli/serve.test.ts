/**
 * The CLI's static server (benchmarks/drivers/serve.ts) under hostile
 * requests: a malformed escape is a 400, never a crash that ends the run;
 * every page carries the Content-Security-Policy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../benchmarks/drivers/serve';
import { CSP_HEADER } from '../../src/ui/csp';

let dir: string;
let server: StaticServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><p>hi</p>');
  server = await serveStatic(dir);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET: the path goes out exactly as written (fetch would normalise it). */
function get(path: string): Promise<{ status: number; csp?: string; body: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () =>
        resolve({ status: res.statusCode!, csp: res.headers['content-security-policy'] as string | undefined, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveStatic', () => {
  it('answers a malformed escape with 400 and keeps serving', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/%')).status).toBe(400);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('hi');
  });

  it('sends the Content-Security-Policy with every file', async () => {
    const page = await get('/index.html');
    expect(page.csp).toBe(CSP_HEADER);
    expect(page.csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(page.csp).toContain("frame-ancestors 'none'");
  });

  it('refuses paths outside its folder and NUL bytes; 404 for missing files', async () => {
    expect((await get('/..%2f..%2fetc%2fpasswd')).status).toBe(403);
    expect((await get('/index.html%00.png')).status).toBe(403);
    expect((await get('/nope.js')).status).toBe(404);
  });
});
