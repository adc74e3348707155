/**
 * Sends one RPC call to a cluster: picks an endpoint (the cluster's balancer, skipping open
 * breakers), sends through its pool, and accounts the attempt on the endpoint's breaker.
 *
 * | failure                               | breaker | retried (up to `retries`) | code |
 * |---------------------------------------|---------|---------------------------|------|
 * | no endpoint in the cluster            | –       | –                         | 4000 |
 * | every breaker open                    | –       | –                         | 4002 |
 * | refused / unreachable / connect t/o   | failure | yes, another endpoint     | 4002 |
 * | reset or garbage after sending        | failure | no (the call may have run)| 4002 |
 * | no reply within timeoutMs             | failure | no                        | 4001 |
 * | codec could not encode the call       | neutral | no                        | its own |
 * A reply of any kind (an exception included) proves the endpoint alive: a breaker success.
 */
import type { CallExchange } from '../../pipeline/call-exchange.js';
import type { AttemptTrace } from '../../pipeline/call-trace.js';
import { gantryError, isGantryError } from '../../pipeline/gantry-error.js';
import { upstreamFailure, wasNeverSent } from '../http/upstream-error.js';
import { rpcEndpointAdmits, type RpcCluster, type RpcEndpoint } from './rpc-cluster.js';
import type { RpcId } from './rpc-wire.js';

/**
 * What tracing needs of an RPC call, built by the invoker only when the call is traced
 * (`exchange.trace` set): a client span per attempt, and its context written into `carrier`
 * (the Bolt request properties or Dubbo attachments that `encode` sends) before each attempt.
 */
export interface RpcTraceTarget {
  /** `rpc.system`: `sofarpc` or `dubbo`. */
  readonly system: string;
  readonly service: string;
  readonly method: string;
  readonly carrier: Record<string, unknown>;
}

/** Calls the cluster and resolves with the reply frame. @throws GantryError (see the table) */
export async function callRpcCluster<F>(
  cluster: RpcCluster<F>,
  exchange: CallExchange,
  encode: (id: RpcId) => Buffer,
  timeoutMs: number,
  retries: number,
  traced?: RpcTraceTarget,
): Promise<F> {
  if (cluster.endpoints.length === 0) {
    throw gantryError('NoProxyServiceFound', { detail: 'upstream.no-endpoint', tips: `cluster ${cluster.name} has no endpoint` });
  }
  const deadline = performance.now() + timeoutMs;
  let tried: Set<RpcEndpoint<F>> | undefined;
  for (let attempt = 0; ; attempt++) {
    const endpoint = cluster.balancer.pick(rpcEndpointAdmits, tried);
    if (endpoint === undefined || !endpoint.breaker.tryAcquire()) {
      throw gantryError('UnknownProxyError', { detail: 'upstream.all-breakers-open', tips: `every endpoint of cluster ${cluster.name} has an open circuit breaker` });
    }
    exchange.outcome.attempts = attempt + 1;
    exchange.outcome.upstreamAddress = endpoint.address;
    let attemptTrace: AttemptTrace | undefined;
    const trace = exchange.trace;
    if (traced !== undefined && trace !== undefined) {
      attemptTrace = trace.startRpcAttempt(traced.system, traced.service, traced.method, endpoint.address, attempt + 1);
      trace.inject(traced.carrier, attemptTrace);
    }
    try {
      // Upstream time is per attempt, from sending to the reply, as for HTTP (gantry_upstream_duration_seconds).
      const sentAt = performance.now();
      const frame = await endpoint.pool.call(encode, Math.max(1, Math.round(deadline - sentAt)));
      attemptTrace?.ended(undefined);
      endpoint.breaker.recordSuccess();
      exchange.outcome.upstreamMs = performance.now() - sentAt;
      return frame;
    } catch (error) {
      attemptTrace?.ended(error instanceof Error ? error : new Error(String(error)));
      if (isGantryError(error)) {
        endpoint.breaker.recordNeutral();
        throw error;
      }
      endpoint.breaker.recordFailure();
      if (attempt < retries && wasNeverSent(error) && performance.now() < deadline) {
        (tried ??= new Set()).add(endpoint);
        continue;
      }
      throw upstreamFailure(error, endpoint.address);
    }
  }
}
