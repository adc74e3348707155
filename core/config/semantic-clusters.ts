/**
 * Semantic rules for clusters and the backends that call them: unique cluster names, existing
 * cluster references, and endpoint URLs the invoker can open a pool to.
 */
import { forEachDuplicate, listNames, type IssueCollector } from './semantic-report.js';
import type { ClusterConfig, GantryConfig } from './types.js';

/** Cluster names are unique and every endpoint URL is usable. */
export function checkClusters(config: GantryConfig, collector: IssueCollector): void {
  const { report, where } = collector;
  forEachDuplicate(
    config.clusters,
    (cluster) => cluster.name,
    (index, first, name) =>
      report(['clusters', index, 'name'], `duplicate cluster name "${name}" (also at ${where(['clusters', first])})`),
  );
  config.clusters.forEach((cluster, index) => checkEndpoints(cluster, index, collector));
}

/** Every backend that names a cluster names one that exists. */
export function checkClusterReferences(config: GantryConfig, { report }: IssueCollector): void {
  const clusterNames = config.clusters.map((cluster) => cluster.name);
  const known = new Set(clusterNames);
  config.apis.forEach((api, index) => {
    // Every backend protocol that forwards (http, sofarpc, dubbo) names a cluster.
    const cluster = 'cluster' in api.backend ? api.backend.cluster : undefined;
    if (cluster !== undefined && !known.has(cluster)) {
      report(['apis', index, 'backend', 'cluster'], `no cluster named "${cluster}" (clusters: ${listNames(clusterNames)})`);
    }
  });
}

function checkEndpoints(cluster: ClusterConfig, clusterIndex: number, { report, where }: IssueCollector): void {
  const origins: (string | undefined)[] = cluster.endpoints.map((endpoint, index) => {
    const problem = endpointUrlProblem(endpoint.url);
    if (problem !== undefined) {
      report(['clusters', clusterIndex, 'endpoints', index, 'url'], problem);
      return undefined;
    }
    return new URL(endpoint.url).href;
  });
  // A repeated endpoint would silently double its share; `weight` is the way to do that.
  forEachDuplicate(
    origins,
    (href) => href,
    (index, first) =>
      report(
        ['clusters', clusterIndex, 'endpoints', index, 'url'],
        `same endpoint as ${where(['clusters', clusterIndex, 'endpoints', first])}; use weight to give it a larger share`,
      ),
  );
}

/** Why `url` cannot be an endpoint, or undefined when it can. */
function endpointUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid URL`;
  }
  const rpc = parsed.protocol === 'bolt:' || parsed.protocol === 'dubbo:';
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && !rpc) return 'must be an http://, https://, bolt:// or dubbo:// URL';
  if (parsed.hostname === '') return 'must name a host';
  if (rpc && parsed.port === '') return 'must name a port';
  if (rpc && parsed.pathname !== '' && parsed.pathname !== '/') return 'must not contain a path';
  if (parsed.port === '0') return 'port must be 1-65535';
  if (parsed.username !== '' || parsed.password !== '') return 'must not contain credentials';
  if (parsed.search !== '' || url.includes('?')) return 'must not contain a query';
  if (parsed.hash !== '' || url.includes('#')) return 'must not contain a fragment';
  return undefined;
}
