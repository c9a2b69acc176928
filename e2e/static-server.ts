import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Where the plain static host listens during e2e tests (loopback only). */
export const STATIC_PORT = Number(process.env.CLIPTAG_STATIC_PORT ?? 4190);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

export interface StaticHost {
  /** The app's address: the server's origin and the base path it is mounted at. */
  url: string;
  /** The folder served; a test swaps it to deploy another build. */
  root: string;
  /** Paths requested so far, in order. */
  requests: string[];
  /** Stops listening and drops open connections, as a host that went away. */
  close: () => Promise<void>;
}

/**
 * A static file host as plain as they come: files from `root` under the URL path `base`, with their
 * content types and nothing else (no COOP/COEP, no Range, no compression), `index.html` for a folder.
 */
export function startStaticHost(root: string, options: { base?: string; port?: number } = {}): Promise<StaticHost> {
  const base = options.base ?? '/';
  const requests: string[] = [];
  const host: StaticHost = { url: '', root, requests, close: () => Promise.resolve() };
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(path);
    const top = resolve(host.root);
    let file = path.startsWith(base) ? normalize(join(top, path.slice(base.length))) : null;
    if (file && (file === top || file.endsWith(sep))) file = join(file, 'index.html');
    let size = -1;
    try {
      if (file?.startsWith(top + sep) && statSync(file).isFile()) size = statSync(file).size;
    } catch {
      size = -1;
    }
    if (!file || size < 0 || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-cache',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  host.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? STATIC_PORT, '127.0.0.1', () => {
      host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}`;
      resolve(host);
    });
  });
}
