import type { Snapshot } from '../snapshot/snapshot.js';

/** Kinds `/gantry/config/query` answers, after the reference's `/mosng/config/query`. */
export type ConfigQueryType = 'api' | 'group' | 'cluster';

/** The compiled view of one API: its config plus what the compiler made of it. */
function describeApi(snapshot: Snapshot, id: string): unknown {
  const api = snapshot.apis.get(id);
  if (api === undefined) return undefined;
  return {
    id,
    revision: snapshot.revision,
    config: api.config,
    backendProtocol: api.invoker.protocolName,
    plugins: api.chain.links.map((l) => ({ name: l.plugin, version: l.version, priority: l.priority, scope: l.scope })),
    phases: {
      request: api.chain.request?.map((l) => l.plugin) ?? [],
      response: api.chain.response?.map((l) => l.plugin) ?? [],
      error: api.chain.error?.map((l) => l.plugin) ?? [],
    },
  };
}

function describeGroup(snapshot: Snapshot, name: string): unknown {
  const group = snapshot.config?.groups.find((g) => g.name === name);
  if (group === undefined) return undefined;
  const apis = [...snapshot.apis.values()].filter((a) => a.config.group === name).map((a) => ({ name: a.config.name, match: a.config.match }));
  return { revision: snapshot.revision, config: group, apis };
}

function describeCluster(snapshot: Snapshot, name: string): unknown {
  const cluster = snapshot.clusters.get(name);
  if (cluster === undefined) return undefined;
  const config = snapshot.config?.clusters.find((c) => c.name === name);
  const states = ['closed', 'half-open', 'open'] as const;
  return {
    revision: snapshot.revision,
    config,
    endpoints: cluster.endpoints.map((e) => ({ url: e.url, address: e.address, weight: e.weight, breaker: states[e.breaker.state] })),
  };
}

/**
 * Answers a config query against a snapshot; undefined when nothing has that name. For `api`,
 * `name` is `group|api` as in the reference.
 */
export function queryConfig(snapshot: Snapshot, type: ConfigQueryType, name: string): unknown {
  switch (type) {
    case 'api': return describeApi(snapshot, name);
    case 'group': return describeGroup(snapshot, name);
    case 'cluster': return describeCluster(snapshot, name);
  }
}
