import { Pool } from 'undici';
import type { EndpointBreaker } from '../endpoint-breaker.js';

/** Connection-pool settings of a cluster (validated and defaulted by the config layer). */
export interface PoolSpec {
  readonly connections: number;
  readonly keepAliveTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly pipelining: number;
}

/** Creates the keep-alive undici pool for one upstream origin. */
export function createUpstreamPool(origin: string, spec: PoolSpec): Pool {
  return new Pool(origin, {
    connections: spec.connections,
    keepAliveTimeout: spec.keepAliveTimeoutMs,
    connect: { timeout: spec.connectTimeoutMs },
    pipelining: spec.pipelining,
  });
}

/** One upstream address of a cluster, with its own pool and breaker (both reused across snapshots). */
export interface HttpEndpoint {
  /** As configured, e.g. `http://127.0.0.1:9000`. */
  readonly url: string;
  /** `host:port`, for logs and metrics labels. */
  readonly address: string;
  /** Path prefix from the endpoint URL ('' when the URL has none); prepended to the upstream path. */
  readonly basePath: string;
  readonly weight: number;
  readonly pool: Pool;
  readonly breaker: EndpointBreaker;
}

/** Splits an endpoint URL into what the pool and the invoker need. */
export function describeEndpointUrl(url: string): { origin: string; address: string; basePath: string } {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
  const basePath = parsed.pathname === '/' ? '' : parsed.pathname.replace(/\/$/, '');
  return { origin: parsed.origin, address: `${parsed.hostname}:${parsed.port || defaultPort}`, basePath };
}
