import type { ClusterConfig } from '../config/types.js';
import { EndpointBreaker } from '../invoke/endpoint-breaker.js';
import type { HttpCluster } from '../invoke/http/http-cluster.js';
import { createUpstreamPool, describeEndpointUrl, type HttpEndpoint } from '../invoke/http/http-endpoint.js';
import { createLoadBalancer } from '../invoke/load-balancer.js';
import { ResourceLease, stableJson, type SharedResources } from './shared-resources.js';

/**
 * Acquires the cluster for `config` from the shared resources. An unchanged cluster is the same
 * object as before (balancer state kept); a changed one still reuses the pool and breaker of every
 * endpoint whose own settings did not change.
 */
export function acquireCluster(lease: ResourceLease, resources: SharedResources, config: ClusterConfig): HttpCluster {
  return lease.acquire(`cluster:${config.name}:${stableJson(config)}`, () => buildCluster(resources, config), (c) => c.lease.releaseAll());
}

interface OwnedCluster extends HttpCluster {
  readonly lease: ResourceLease;
}

function buildCluster(resources: SharedResources, config: ClusterConfig): OwnedCluster {
  const lease = new ResourceLease(resources);
  const endpoints: HttpEndpoint[] = config.endpoints.map((endpoint) => {
    const { origin, address, basePath } = describeEndpointUrl(endpoint.url);
    const pool = lease.acquire(`pool:${origin}:${stableJson(config.pool)}`, () => createUpstreamPool(origin, config.pool), (p) => p.close());
    const breaker = lease.acquire(
      `breaker:${config.name}:${endpoint.url}:${stableJson(config.breaker)}`,
      () => new EndpointBreaker(config.name, address, config.breaker),
      (b) => b.close(),
    );
    return { url: endpoint.url, address, basePath, weight: endpoint.weight, pool, breaker };
  });
  return { name: config.name, endpoints, balancer: createLoadBalancer(config.lb, endpoints), lease };
}
