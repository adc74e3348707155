import type { Readable } from 'node:stream';
import type { CallExchange } from '../../pipeline/call-exchange.js';
import { endToEndHeaders } from './hop-by-hop.js';

const WITHOUT_HOST = new Set(['host', 'content-length']);
const WITH_HOST = new Set(['content-length']);

/**
 * The headers sent upstream: the exchange's end-to-end headers, `X-Forwarded-*` (Gantry is the edge,
 * so Proto and Host are set, For is appended), Host dropped unless preserved (undici then sends the
 * endpoint's), and Content-Length recomputed when a plugin replaced the body.
 */
export function buildUpstreamHeaders(exchange: CallExchange, preserveHost: boolean, payload: Buffer | Readable | null): Record<string, string | string[]> {
  const source = exchange.headers;
  const headers = endToEndHeaders(source, preserveHost ? WITH_HOST : WITHOUT_HOST);
  const forwardedFor = source['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor === undefined ? exchange.clientAddress : `${String(forwardedFor)}, ${exchange.clientAddress}`;
  headers['x-forwarded-proto'] = 'http';
  const host = source.host;
  if (host !== undefined) headers['x-forwarded-host'] = host;
  if (Buffer.isBuffer(payload)) {
    headers['content-length'] = String(payload.length);
  } else if (payload !== null) {
    const declared = source['content-length'];
    if (declared !== undefined) headers['content-length'] = declared;
  }
  return headers;
}
