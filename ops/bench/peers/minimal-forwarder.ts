/**
 * The floor of a Node proxy: node:http in, undici Pool out, bodies streamed both ways, nothing else.
 * Any gateway written in Node pays at least this much per request.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { HOP_BY_HOP, exitWithParent, peerArgsFromArgv } from './peer-args.js';

const { port, upstreamUrl } = peerArgsFromArgv();
const pool = new Pool(upstreamUrl, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });

/** Drops hop-by-hop headers, and host so that undici sends the upstream's own. */
function forwardable(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && name !== 'host' && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

const server = createServer((req, res) => {
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  const forward = { path: req.url ?? '/', method: req.method ?? 'GET', headers: forwardable(req.headers), body: hasBody ? req : null };
  pool
    .stream(forward, ({ statusCode, headers }) => {
      res.writeHead(statusCode, forwardable(headers));
      return res;
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');
exitWithParent();
