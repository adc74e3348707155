import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny upstream for the quickstart: answers every request with a JSON description of what it
 * received (method, url, headers, body), so the effect of routing and plugins is visible.
 */
export function startEchoUpstream(port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.stringify({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }, null, 2);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** The port a started server listens on. */
export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
