import type { Exchange, HeaderMap } from '../plugin/exchange.js';

/** What a test may say about the exchange; everything left out gets a plain default. */
export type ExchangeInput = Partial<Exchange>;

/**
 * Header names lower-cased, as Node delivers them, in a fresh map the plugin may edit without
 * touching the test's literal. Arrays are copied too, for the same reason.
 */
export function lowerCaseHeaders(headers: HeaderMap | undefined): HeaderMap {
  const out: HeaderMap = {};
  if (headers === undefined) return out;
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}

/**
 * A complete {@link Exchange} as the gateway would hand it to a plugin: `GET /`, no query, no
 * headers, route `test/test`, no trace id yet, an empty attribute map, from 127.0.0.1:1234 over
 * HTTP, received now; `originalPath` follows `path` unless given.
 */
export function createTestExchange(input: ExchangeInput = {}): Exchange {
  const path = input.path ?? '/';
  return {
    protocol: input.protocol ?? 'http',
    method: input.method ?? 'GET',
    path,
    query: input.query ?? '',
    headers: lowerCaseHeaders(input.headers),
    originalPath: input.originalPath ?? path,
    route: input.route ?? { group: 'test', api: 'test' },
    clientAddress: input.clientAddress ?? '127.0.0.1',
    clientPort: input.clientPort ?? 1234,
    traceId: input.traceId ?? '',
    clientTraceId: input.clientTraceId ?? '',
    body: input.body,
    attributes: input.attributes ?? new Map<string, unknown>(),
    receivedAtMs: input.receivedAtMs ?? Date.now(),
  };
}
