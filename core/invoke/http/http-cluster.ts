import type { LoadBalancer } from '../load-balancer.js';
import type { HttpEndpoint } from './http-endpoint.js';

/** A named set of upstream endpoints with its balancer; shared by every API that targets it. */
export interface HttpCluster {
  readonly name: string;
  readonly endpoints: readonly HttpEndpoint[];
  readonly balancer: LoadBalancer<HttpEndpoint>;
}

/** Balancer predicate: an endpoint whose breaker is fully open is skipped. */
export function endpointAdmits(endpoint: HttpEndpoint): boolean {
  return endpoint.breaker.admits;
}
