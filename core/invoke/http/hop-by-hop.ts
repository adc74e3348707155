import type { HeaderMap } from '../../../sdk/plugin/exchange.js';

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the ones undici
 * refuses to be given. They are never forwarded in either direction.
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade',
  'proxy-authenticate', 'proxy-authorization', 'expect',
]);

/** Names listed in a `Connection` header are hop-by-hop for that message too. */
export function connectionTokens(value: string | string[] | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  // The usual values name only hop-by-hop headers that are dropped anyway: no set to build.
  if (value === 'keep-alive' || value === 'close' || value === 'Keep-Alive' || value === 'Close') return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  const tokens = new Set<string>();
  for (const token of text.split(',')) {
    const name = token.trim().toLowerCase();
    if (name) tokens.add(name);
  }
  return tokens;
}

/**
 * Copies `headers` without hop-by-hop and undefined entries into a fresh object the caller may add
 * to. One pass, no regex: this runs twice per proxied call.
 */
export function endToEndHeaders(headers: HeaderMap, skip?: ReadonlySet<string>): Record<string, string | string[]> {
  const named = connectionTokens(headers.connection);
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    if (named !== undefined && named.has(name)) continue;
    if (skip !== undefined && skip.has(name)) continue;
    out[name] = value;
  }
  return out;
}
