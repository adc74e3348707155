import type { Attributes } from '@opentelemetry/api';
import type { CallExchange } from '../../pipeline/call-exchange.js';

/** Digest-style names of the RPC fronts, as `rpc.system` (OpenTelemetry names `dubbo`; SOFARPC has no registered name). */
const RPC_SYSTEM = { http: undefined, bolt: 'sofarpc', dubbo: 'dubbo' } as const;

/**
 * Whether the call failed on the gateway's or the upstream's side: result codes 4xxx (invoke), 5xxx
 * (internal, RPC upstream) and 7xxx (filters), and — as the HTTP server conventions require — any
 * 5xx answer, such as an upstream 500 passed through with its 6xxx code. Client faults (3xxx, 4xx)
 * are not errors of the server span.
 */
export function isFailedCall(resultCode: number, status: number): boolean {
  return (resultCode >= 4000 && resultCode < 6000) || (resultCode >= 7000 && resultCode < 8000) || status >= 500;
}

/** `host` and `port` of a `host:port` (IPv6 hosts in brackets keep them out of the split). */
export function splitAddress(address: string): { host: string; port: number | undefined } {
  const colon = address.lastIndexOf(':');
  if (colon <= 0 || address.endsWith(']')) return { host: address, port: undefined };
  const port = Number(address.slice(colon + 1));
  return { host: address.slice(0, colon), port: Number.isInteger(port) ? port : undefined };
}

/**
 * The server span's name: `{method} {api}` once routed (the API stands for the route template of
 * the HTTP conventions), else `{method}`; `{service}/{method}` for an RPC front.
 */
export function serverSpanName(exchange: CallExchange): string {
  const rpc = exchange.rpc;
  if (rpc !== undefined) return `${rpc.service}/${rpc.method}`;
  const api = exchange.route.api;
  return api === '-' ? exchange.clientMethod : `${exchange.clientMethod} ${api}`;
}

/**
 * Attributes of the server span, read once the call is over (OpenTelemetry HTTP server and RPC
 * semantic conventions, plus Gantry's own). Only built for sampled calls.
 */
export function serverSpanAttributes(exchange: CallExchange): Attributes {
  const outcome = exchange.outcome;
  const route = exchange.route;
  const attributes: Attributes = {
    'client.address': exchange.clientAddress,
    'client.port': exchange.clientPort,
    'gantry.group': route.group,
    'gantry.api': route.api,
    'gantry.result_code': outcome.resultCode,
  };
  if (outcome.attempts > 0) attributes['gantry.upstream.attempts'] = outcome.attempts;
  const rpc = exchange.rpc;
  const system = RPC_SYSTEM[exchange.protocol];
  if (rpc !== undefined && system !== undefined) {
    attributes['rpc.system'] = system;
    attributes['rpc.service'] = rpc.service;
    attributes['rpc.method'] = rpc.method;
    return attributes;
  }
  attributes['http.request.method'] = exchange.clientMethod;
  attributes['url.path'] = exchange.originalPath;
  attributes['url.scheme'] = 'http';
  // The HTTP front speaks HTTP/1.x only, and the exchange does not keep the minor version.
  attributes['network.protocol.version'] = '1.1';
  if (outcome.status > 0) attributes['http.response.status_code'] = outcome.status;
  const host = exchange.headers.host;
  if (typeof host === 'string') {
    const { host: name, port } = splitAddress(host);
    attributes['server.address'] = name;
    if (port !== undefined) attributes['server.port'] = port;
  }
  const agent = exchange.headers['user-agent'];
  if (typeof agent === 'string') attributes['user_agent.original'] = agent;
  return attributes;
}
