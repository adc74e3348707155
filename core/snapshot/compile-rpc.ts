/**
 * The RPC parts of a snapshot: clusters of bolt:// and dubbo:// endpoints (a multiplexed pool and
 * a breaker per endpoint, shared across snapshots by config content like the HTTP pools), the
 * `sofarpc` / `dubbo` invokers, and the RPC fronts' route table.
 */
import { describeConfigPath, type ConfigIssue } from '../config/config-issue.js';
import type { ApiConfig, ClusterConfig, GantryConfig, RpcProtoConfig } from '../config/types.js';
import { SofaProtobufCodec, type BoltFrame, type DubboFrame } from '../protocol/index.js';
import { DubboInvoker } from '../invoke/dubbo/dubbo-invoker.js';
import { dubboWire } from '../invoke/dubbo/dubbo-wire.js';
import { EndpointBreaker } from '../invoke/endpoint-breaker.js';
import type { Invoker } from '../invoke/invoker.js';
import { createLoadBalancer } from '../invoke/load-balancer.js';
import { compileRpcArgs, type CompiledRpcArg } from '../invoke/rpc/rpc-arg-spec.js';
import { rpcEndpointAddress, type RpcCluster, type RpcEndpoint } from '../invoke/rpc/rpc-cluster.js';
import { RpcPool } from '../invoke/rpc/rpc-pool.js';
import { rpcToHttpRequest } from '../invoke/rpc/rpc-to-http-request.js';
import type { RpcWire } from '../invoke/rpc/rpc-wire.js';
import { boltWire } from '../invoke/sofarpc/bolt-wire.js';
import { SofaRpcInvoker } from '../invoke/sofarpc/sofarpc-invoker.js';
import type { CallExchange } from '../pipeline/call-exchange.js';
import type { RpcRoutedApi } from '../pipeline/rpc-route.js';
import { protoLeaseKey, protoSourceOf } from './proto-source.js';
import { RpcRouteTable, type RpcRouteInput } from '../router/index.js';
import type { CompiledApi } from './compiled-api.js';
import { ResourceLease, stableJson, type SharedResources } from './shared-resources.js';

/** Idle time before a connection sends a heartbeat (and the time its answer may take). */
const RPC_HEARTBEAT_MS = 15_000;

/** True when the cluster's endpoints are RPC endpoints (the config checks keep a cluster to one scheme). */
export function isRpcCluster(config: ClusterConfig): boolean {
  return config.endpoints.some((endpoint) => endpoint.url.startsWith('bolt://') || endpoint.url.startsWith('dubbo://'));
}

interface OwnedRpcCluster<F> extends RpcCluster<F> {
  readonly lease: ResourceLease;
}

/** The clusters and protobuf codecs of one snapshot's RPC backends, acquired on first use. */
export class RpcResources {
  private readonly bolt = new Map<string, RpcCluster<unknown>>();
  private readonly dubbo = new Map<string, RpcCluster<unknown>>();
  private readonly protos = new Map<string, SofaProtobufCodec>();

  constructor(private readonly lease: ResourceLease, private readonly resources: SharedResources, private readonly configs: readonly ClusterConfig[]) {}

  /** Every RPC cluster acquired so far (for breaker metrics and the config query). */
  all(): RpcCluster<unknown>[] {
    return [...this.bolt.values(), ...this.dubbo.values()];
  }

  /**
   * Loads the message types of protobuf `sofarpc` backends — a `.proto` file, inline `.proto` text
   * or an inline descriptor set (`proto-source.ts`) — shared across snapshots while their content is
   * unchanged; types that do not load are an issue on their API, naming the field.
   */
  async loadProtos(config: GantryConfig, issues: ConfigIssue[]): Promise<void> {
    for (const [index, api] of config.apis.entries()) {
      const backend = api.backend;
      if (backend.protocol !== 'sofarpc' || backend.serialization !== 'protobuf' || backend.proto === undefined) continue;
      const source = protoSourceOf(backend.proto);
      if (this.protos.has(source.key)) continue;
      try {
        const codec = await this.lease.acquireAsync(protoLeaseKey(source), async () => new SofaProtobufCodec(await source.load()), () => undefined);
        this.protos.set(source.key, codec);
      } catch (error) {
        issues.push({ path: `${describeConfigPath(config, ['apis', index])}.backend.proto.${source.field}`, message: `cannot load ${source.label}: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }

  /** The codec of a backend's loaded message types. */
  proto(proto: RpcProtoConfig): SofaProtobufCodec | undefined {
    return this.protos.get(protoSourceOf(proto).key);
  }

  /** The cluster named `name` as a `protocol` cluster; undefined when no such cluster exists. */
  get<F>(name: string, protocol: 'sofarpc' | 'dubbo'): RpcCluster<F> | undefined {
    const cache = protocol === 'sofarpc' ? this.bolt : this.dubbo;
    const known = cache.get(name);
    if (known !== undefined) return known as RpcCluster<F>;
    const config = this.configs.find((candidate) => candidate.name === name);
    if (config === undefined) return undefined;
    const wire = (protocol === 'sofarpc' ? boltWire : dubboWire) as RpcWire<unknown>;
    const cluster = this.lease.acquire(
      `rpc-cluster:${wire.name}:${config.name}:${stableJson(config)}`,
      () => buildRpcCluster(this.resources, config, wire),
      (c) => c.lease.releaseAll(),
    );
    cache.set(name, cluster);
    return cluster as RpcCluster<F>;
  }
}

function buildRpcCluster<F>(resources: SharedResources, config: ClusterConfig, wire: RpcWire<F>): OwnedRpcCluster<F> {
  const lease = new ResourceLease(resources);
  const endpoints: RpcEndpoint<F>[] = config.endpoints.map((endpoint) => {
    const { host, port, address } = rpcEndpointAddress(endpoint.url);
    const options = { host, port, connections: config.pool.connections, connectTimeoutMs: config.pool.connectTimeoutMs, heartbeatMs: RPC_HEARTBEAT_MS };
    const pool = lease.acquire(`rpc-pool:${wire.name}:${endpoint.url}:${stableJson(config.pool)}`, () => new RpcPool(wire, options, () => 0), (p) => p.close());
    const breaker = lease.acquire(
      `breaker:${config.name}:${endpoint.url}:${stableJson(config.breaker)}`,
      () => new EndpointBreaker(config.name, address, config.breaker),
      (b) => b.close(),
    );
    return { url: endpoint.url, address, weight: endpoint.weight, pool, breaker };
  });
  return { name: config.name, endpoints, balancer: createLoadBalancer(config.lb, endpoints), lease };
}

/** The invoker of a `sofarpc` / `dubbo` backend; undefined when the backend is another protocol or its cluster is unknown. */
export function buildRpcInvoker(api: ApiConfig, resources: RpcResources, bodyLimitBytes: number): Invoker | undefined {
  const backend = api.backend;
  if (backend.protocol === 'sofarpc') {
    const cluster = resources.get<BoltFrame>(backend.cluster, 'sofarpc');
    if (cluster === undefined) return undefined;
    const codec = backend.proto === undefined ? undefined : resources.proto(backend.proto);
    if (backend.serialization === 'protobuf' && (backend.proto === undefined || codec === undefined)) return undefined;
    return new SofaRpcInvoker(cluster, {
      service: backend.service, version: backend.version, uniqueId: backend.uniqueId, method: backend.method, targetApp: backend.targetApp,
      args: compileRpcArgs(backend.args), timeoutMs: backend.timeoutMs, retries: backend.retries, bodyLimitBytes, hessian: backend.hessian,
      ...(backend.serialization === 'protobuf' && backend.proto !== undefined && codec !== undefined
        ? { protobuf: { codec, requestType: backend.proto.requestType, responseType: backend.proto.responseType } }
        : {}),
    });
  }
  if (backend.protocol === 'dubbo') {
    const cluster = resources.get<DubboFrame>(backend.cluster, 'dubbo');
    if (cluster === undefined) return undefined;
    return new DubboInvoker(cluster, {
      service: backend.service, version: backend.version, group: backend.uniqueId, method: backend.method,
      args: compileRpcArgs(backend.args), timeoutMs: backend.timeoutMs, retries: backend.retries, bodyLimitBytes,
    });
  }
  return undefined;
}

/**
 * An API as the RPC route table holds it: the compiled API's live cells (switches still apply),
 * plus the conversion of a front call for an `http` backend (the argument mapping reversed).
 */
class RpcRoute implements RpcRoutedApi {
  private readonly toHttp: readonly CompiledRpcArg[] | undefined;

  constructor(private readonly api: CompiledApi) {
    const args = api.config.match.rpc?.args;
    this.toHttp = args === undefined ? undefined : compileRpcArgs(args, 'response');
  }

  get route() { return this.api.route; }
  get chain() { return this.api.chain; }
  get invoker() { return this.api.invoker; }
  get methodOverride() { return this.api.methodOverride; }

  upstreamPath(clientPath: string, matchedPath: string): string {
    return this.api.upstreamPath(clientPath, matchedPath);
  }

  prepareRpcCall(exchange: CallExchange): void {
    const backend = this.api.config.backend;
    if (backend.protocol !== 'http') return;
    const call = exchange.rpc;
    if (call === undefined) return;
    const mapped = rpcToHttpRequest(call.args, this.toHttp);
    exchange.body = mapped.body;
    exchange.query = mapped.query;
    Object.assign(exchange.headers, mapped.headers);
    if (mapped.body !== undefined) exchange.outcome.requestBytes = mapped.body.length;
    exchange.path = backend.path ?? `/${call.service}/${call.method}`;
    exchange.method = backend.method ?? 'POST';
  }
}

/** The RPC fronts' route table over the compiled APIs that declare `match.rpc`. */
export function compileRpcRoutes(apis: Iterable<CompiledApi>): RpcRouteTable<RpcRoutedApi> {
  const routes: RpcRouteInput<RpcRoutedApi>[] = [];
  for (const api of apis) {
    const rpc = api.config.match.rpc;
    if (rpc === undefined) continue;
    const route: RpcRouteInput<RpcRoutedApi> = { service: rpc.service, method: rpc.method, payload: new RpcRoute(api), ...(rpc.version === undefined ? {} : { version: rpc.version }), ...(rpc.uniqueId === undefined ? {} : { uniqueId: rpc.uniqueId }) };
    routes.push(route);
  }
  return new RpcRouteTable(routes);
}
