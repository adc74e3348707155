import type { EndpointBreaker } from '../endpoint-breaker.js';
import type { LoadBalancer } from '../load-balancer.js';
import type { RpcPool } from './rpc-pool.js';

/** One RPC endpoint of a cluster, with its multiplexed pool and breaker (reused across snapshots). */
export interface RpcEndpoint<F> {
  /** As configured, e.g. `bolt://127.0.0.1:12200`. */
  readonly url: string;
  /** `host:port`, for logs and metrics labels. */
  readonly address: string;
  readonly weight: number;
  readonly pool: RpcPool<F>;
  readonly breaker: EndpointBreaker;
}

/** A named set of RPC endpoints with its balancer. */
export interface RpcCluster<F> {
  readonly name: string;
  readonly endpoints: readonly RpcEndpoint<F>[];
  readonly balancer: LoadBalancer<RpcEndpoint<F>>;
}

/** Balancer predicate: an endpoint whose breaker is open is skipped. */
export function rpcEndpointAdmits<F>(endpoint: RpcEndpoint<F>): boolean {
  return endpoint.breaker.admits;
}

/** `host` and `port` of a `bolt://` / `dubbo://` URL. */
export function rpcEndpointAddress(url: string): { host: string; port: number; address: string } {
  const parsed = new URL(url);
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  return { host, port: Number(parsed.port), address: `${parsed.hostname}:${parsed.port}` };
}
