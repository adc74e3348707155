import { createHash } from 'node:crypto';
import { describeConfigPath, type ConfigIssue } from '../config/config-issue.js';
import type { ApiConfig, GantryConfig } from '../config/types.js';
import { HttpInvoker } from '../invoke/http/http-invoker.js';
import type { HttpCluster } from '../invoke/http/http-cluster.js';
import type { Invoker } from '../invoke/invoker.js';
import { MockInvoker } from '../invoke/mock-invoker.js';
import type { RoutedApi } from '../pipeline/serving-snapshot.js';
import { compileRouter, isRouterCompileError, type RouteInput, type RouterCompileError } from '../router/index.js';
import { checkBindingPlugins, compileChain, pluginRefsOf, type ChainCompilation, type KeptLink } from './compile-chain.js';
import { acquireCluster } from './compile-cluster.js';
import { RpcResources, buildRpcInvoker, compileRpcRoutes, isRpcCluster } from './compile-rpc.js';
import { CompiledApi } from './compiled-api.js';
import type { PluginCatalog } from './plugin-catalog.js';
import type { PluginHost } from './plugin-host.js';
import { ResourceLease, stableJson, type SharedResources } from './shared-resources.js';
import { Snapshot, type SnapshotPlugins } from './snapshot.js';

const DEFAULT_MOCK_RESULT_CODE = 1100;

/** What compiling needs besides the config. */
export interface CompileContext {
  readonly resources: SharedResources;
  readonly catalog: PluginCatalog;
  readonly host: PluginHost;
  /** The live snapshot's plugin links: a binding whose new version cannot be loaded keeps its old one. */
  readonly previous?: ReadonlyMap<string, KeptLink>;
}

export type CompileResult = { ok: true; snapshot: Snapshot } | { ok: false; issues: ConfigIssue[] };

/** Short content hash of a validated config: equal configs give equal hashes. */
export function configHash(config: GantryConfig): string {
  return createHash('sha256').update(stableJson(config)).digest('hex').slice(0, 12);
}

function buildInvoker(config: GantryConfig, api: ApiConfig, apiIndex: number, clusters: ReadonlyMap<string, HttpCluster>, rpcResources: RpcResources, issues: ConfigIssue[]): Invoker | undefined {
  const backend = api.backend;
  if (backend.protocol === 'mock') {
    return new MockInvoker({ status: backend.status, headers: backend.headers, body: backend.body, resultCode: backend.resultCode ?? DEFAULT_MOCK_RESULT_CODE });
  }
  // An RPC backend whose .proto did not load has its issue already; only a missing cluster is added here.
  if (backend.protocol !== 'http' && config.clusters.some((c) => c.name === backend.cluster)) return buildRpcInvoker(api, rpcResources, config.limits.bodyBytes);
  const cluster = backend.protocol === 'http' ? clusters.get(backend.cluster) : undefined;
  if (cluster === undefined || backend.protocol !== 'http') {
    issues.push({ path: `${describeConfigPath(config, ['apis', apiIndex])}.backend.cluster`, message: `unknown cluster "${backend.cluster}"` });
    return undefined;
  }
  return new HttpInvoker(cluster, { timeoutMs: backend.timeoutMs, retries: backend.retries, preserveHost: backend.preserveHost });
}

/**
 * The mock an API answers while `gantry.api.degrade` is on: its `degrade` block, else an empty 200.
 * Built with the snapshot so that flipping the switch allocates nothing.
 */
function buildDegradeInvoker(api: ApiConfig): Invoker {
  const degrade = api.degrade;
  if (degrade === undefined) return new MockInvoker({ status: 200, headers: {}, body: '', resultCode: DEFAULT_MOCK_RESULT_CODE });
  return new MockInvoker({ status: degrade.status, headers: degrade.headers, body: degrade.body, resultCode: degrade.resultCode ?? DEFAULT_MOCK_RESULT_CODE });
}

/** Where the router's route fields live in an API of the config. */
const ROUTE_FIELD_IN_API: Readonly<Record<string, string>> = { path: 'match.path', type: 'match.type', methods: 'match.methods', group: 'group' };

/** The router speaks of `routes[i].path`; the person reading the message wrote `apis[j](name).match.path`. */
function routerIssue(error: RouterCompileError, config: GantryConfig, apiIndexOfRoute: readonly number[]): ConfigIssue {
  const message = error.message.replace(/routes\[(\d+)\](?:\.(path|type|methods|group))?/g, (_, i: string, field: string | undefined) => {
    const api = describeConfigPath(config, ['apis', apiIndexOfRoute[Number(i)] ?? Number(i)]);
    return field === undefined ? api : `${api}.${ROUTE_FIELD_IN_API[field] ?? field}`;
  });
  const separator = message.indexOf(': ');
  return separator < 0 ? { path: '', message } : { path: message.slice(0, separator), message: message.slice(separator + 2) };
}

/** A binding shared by many APIs is checked once per API; its problem is reported once. */
function distinctIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function snapshotPlugins(chains: ChainCompilation): SnapshotPlugins {
  const used = [...chains.used.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const fingerprint = used.map((p) => `${p.name}@${p.version}#${p.sha256 ?? ''}`).join(',');
  return { used, warnings: distinctIssues(chains.warnings), links: chains.links, fingerprint };
}

/**
 * Compiles a validated config into a snapshot, off the hot path. Every problem is collected (not
 * just the first); on any problem nothing acquired is kept and the caller keeps its old snapshot.
 */
export async function compileSnapshot(config: GantryConfig, revision: number, context: CompileContext): Promise<CompileResult> {
  const issues: ConfigIssue[] = [];
  const lease = new ResourceLease(context.resources);
  const clusters = new Map<string, HttpCluster>();
  for (const cluster of config.clusters) {
    if (!isRpcCluster(cluster)) clusters.set(cluster.name, acquireCluster(lease, context.resources, cluster));
  }
  const rpcResources = new RpcResources(lease, context.resources, config.clusters);
  await rpcResources.loadProtos(config, issues);

  // The registry loader fetches and verifies the versions the config names before they are resolved.
  await context.catalog.prepare(pluginRefsOf(config)).catch(() => undefined);
  checkBindingPlugins(config, context.catalog, issues);
  const chains: ChainCompilation = {
    catalog: context.catalog, host: context.host, lease, issues, warnings: [], used: new Map(), links: new Map(), previous: context.previous,
  };
  const apis = new Map<string, CompiledApi>();
  const routes: RouteInput<RoutedApi>[] = [];
  const apiIndexOfRoute: number[] = [];
  for (const [index, api] of config.apis.entries()) {
    const chain = await compileChain(config, api, index, chains);
    const invoker = buildInvoker(config, api, index, clusters, rpcResources, issues);
    if (invoker === undefined) continue;
    const backendPath = api.backend.protocol === 'http' ? api.backend.path : undefined;
    const methodOverride = api.backend.protocol === 'http' ? api.backend.method : undefined;
    const compiled = new CompiledApi(api, chain, invoker, buildDegradeInvoker(api), backendPath, methodOverride);
    apis.set(compiled.id, compiled);
    // An API matched only by `rpc` has no HTTP route.
    if (api.match.path === undefined || api.match.type === undefined) continue;
    routes.push({ group: api.group, path: api.match.path, type: api.match.type, methods: api.match.methods, payload: compiled });
    apiIndexOfRoute.push(index);
  }

  let router;
  let rpcRoutes;
  try {
    router = compileRouter(config.groups, routes);
    rpcRoutes = compileRpcRoutes(apis.values());
  } catch (error) {
    if (!isRouterCompileError(error)) throw error;
    issues.push(routerIssue(error, config, apiIndexOfRoute));
  }
  if (issues.length > 0 || router === undefined) {
    lease.releaseAll();
    return { ok: false, issues: distinctIssues(issues) };
  }
  const summary = { groups: config.groups.length, apis: config.apis.length, clusters: config.clusters.length, bindings: config.bindings.length };
  const snapshot = new Snapshot(revision, configHash(config), config, router, apis, clusters, summary, config.limits.bodyBytes, lease, snapshotPlugins(chains));
  snapshot.rpcClusters = rpcResources.all();
  if (rpcRoutes !== undefined && rpcRoutes.serviceCount > 0) snapshot.rpcRoutes = rpcRoutes;
  return { ok: true, snapshot };
}
