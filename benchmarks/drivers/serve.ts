/** A static file server for dist/ on 127.0.0.1 (a secure origin, so WebGPU is allowed). */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { CSP_HEADER, ISOLATION_HEADERS } from '../../src/ui/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A running server: its base URL and how to stop it. */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

function respond(root: string, url: string, res: ServerResponse): void {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    // A malformed escape (`/%E0%A4%A`) is the client's error, never the run's end.
    res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
    return;
  }
  let file = normalize(join(root, path));
  if (!file.startsWith(root) || path.includes('\0')) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'content-security-policy': CSP_HEADER,
    ...ISOLATION_HEADERS,
  });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** Serves `dir` on an ephemeral port of 127.0.0.1; every response carries the pages' CSP and the cross-origin isolation headers. */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = normalize(dir + sep);
  const server = createServer((req, res) => {
    try {
      respond(root, req.url ?? '/', res);
    } catch {
      // Whatever a request does (a file vanishing, a permission), the server lives on.
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end('server error');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
