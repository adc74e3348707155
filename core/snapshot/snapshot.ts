import type { GantryConfig } from '../config/types.js';
import type { RoutedApi, ServingSnapshot } from '../pipeline/serving-snapshot.js';
import type { Router } from '../router/index.js';
import type { CompiledApi } from './compiled-api.js';
import type { HttpCluster } from '../invoke/http/http-cluster.js';
import type { RpcCluster } from '../invoke/rpc/rpc-cluster.js';
import type { RpcRoutedApi } from '../pipeline/rpc-route.js';
import type { RpcRouteTable } from '../router/index.js';
import type { ResourceLease } from './shared-resources.js';
import type { ConfigIssue } from '../config/config-issue.js';
import type { KeptLink, UsedPlugin } from './compile-chain.js';

/** What a snapshot runs of plugins: versions used, bindings refused alone, links for the next compile. */
export interface SnapshotPlugins {
  /** Plugin versions the chains run, sorted by name and version. */
  readonly used: readonly UsedPlugin[];
  /** Bindings refused alone (their plugin could not be loaded); the config applied without them. */
  readonly warnings: readonly ConfigIssue[];
  /** Links by `<api id>|<plugin>`: what keeps serving if the next config's version cannot be loaded. */
  readonly links: ReadonlyMap<string, KeptLink>;
  /** `name@version` of every version used, joined: equal configs running other versions differ here. */
  readonly fingerprint: string;
}

export const NO_PLUGINS: SnapshotPlugins = Object.freeze({ used: [], warnings: [], links: new Map<string, KeptLink>(), fingerprint: '' });

/** Counts of what a snapshot holds, for logs and `gantry validate`. */
export interface SnapshotSummary {
  readonly groups: number;
  readonly apis: number;
  readonly clusters: number;
  readonly bindings: number;
}

/**
 * An immutable, fully compiled view of one config revision. Calls enter and leave it; once it has
 * been replaced and its last call has left, its lease is released (closing what no newer snapshot
 * uses).
 */
export class Snapshot implements ServingSnapshot {
  /** The RPC fronts' route table (set by the compiler when an API declares `match.rpc`). */
  rpcRoutes: RpcRouteTable<RpcRoutedApi> | undefined = undefined;
  /** Clusters of bolt:// and dubbo:// endpoints used by this snapshot's RPC backends (breaker metrics). */
  rpcClusters: readonly RpcCluster<unknown>[] = [];
  private inFlight = 0;
  private retired = false;
  private released = false;

  constructor(
    readonly revision: number,
    readonly hash: string,
    readonly config: GantryConfig | null,
    readonly router: Router<RoutedApi>,
    readonly apis: ReadonlyMap<string, CompiledApi>,
    readonly clusters: ReadonlyMap<string, HttpCluster>,
    readonly summary: SnapshotSummary,
    readonly bodyLimitBytes: number,
    private readonly lease: ResourceLease | null,
    readonly plugins: SnapshotPlugins = NO_PLUGINS,
    readonly appliedAtMs: number = Date.now(),
  ) {}

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    if (this.retired && this.inFlight === 0) this.release();
  }

  /** Calls currently running on this snapshot. */
  get callsInFlight(): number {
    return this.inFlight;
  }

  /** Marks the snapshot replaced; resources go once the in-flight calls are done. */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0) this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.lease?.releaseAll();
  }
}
