import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize, sep } from 'node:path';

/**
 * A fault to serve in place of a file, as a failing host does: an HTTP status for every request, or, for
 * a whole-file download, half the file and then silence ('stall') or a dropped connection ('cut').
 */
export type HostFault = number | 'stall' | 'cut';

/** A request the stand-in answered, for tests that check what was downloaded. */
export interface HubRequest {
  method: string;
  path: string;
  status: number;
}

/**
 * A local stand-in for the Hugging Face Hub: serves `root/{owner}/{name}/{file}` at
 * `/{owner}/{name}/resolve/{revision}/{file}`, with the Hub's CORS and Range behaviour, so the app
 * downloads through exactly the code path it uses against huggingface.co.
 */
export function startHubStandIn(
  root: string,
  port: number,
  /** Faults by path under `root` ("cliptag/toy-clip/config.json"); tests may change them while it runs. */
  faults: ReadonlyMap<string, HostFault> = new Map(),
): Promise<{ server: Server; requests: HubRequest[] }> {
  const requests: HubRequest[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const finish = (status: number) => requests.push({ method: request.method ?? 'GET', path: url.pathname, status });
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag');
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Headers', 'Range, Content-Type, Authorization');
      response.writeHead(204).end();
      return finish(204);
    }
    const match = /^\/([^/]+)\/([^/]+)\/resolve\/[^/]+\/(.+)$/.exec(decodeURIComponent(url.pathname));
    const file = match ? normalize(join(root, match[1]!, match[2]!, match[3]!)) : null;
    let size = -1;
    try {
      if (file && file.startsWith(normalize(root) + sep)) size = statSync(file).isFile() ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    const fault = match ? faults.get(`${match[1]}/${match[2]}/${match[3]}`) : undefined;
    if (typeof fault === 'number') {
      response.writeHead(fault, { 'Content-Type': 'text/plain' }).end('The host failed.');
      return finish(fault);
    }
    if (!file || size < 0) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'Entry not found' }));
      return finish(404);
    }
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('ETag', `"${size}"`);
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
      if (start >= size) {
        response.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
        return finish(416);
      }
      response.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
      createReadStream(file, { start, end }).pipe(response);
      return finish(206);
    }
    response.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/octet-stream' });
    if (fault) {
      // Half the file, then silence or a dropped connection; the server's close ends a stalled one.
      createReadStream(file, { end: Math.floor(size / 2) - 1 })
        .on('data', (chunk) => response.write(chunk))
        .on('end', () => fault === 'cut' && response.destroy());
      return finish(200);
    }
    createReadStream(file).pipe(response);
    return finish(200);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, requests }));
  });
}
