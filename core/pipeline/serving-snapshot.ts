import type { RouteInfo } from '../../sdk/plugin/exchange.js';
import type { Invoker } from '../invoke/invoker.js';
import type { Router, RpcRouteTable } from '../router/index.js';
import type { FilterChain } from './filter-chain.js';
import type { RpcRoutedApi } from './rpc-route.js';

/** What the pipeline needs of a compiled API. */
export interface RoutedApi {
  readonly route: RouteInfo;
  readonly chain: FilterChain;
  readonly invoker: Invoker;
  /** Method sent upstream instead of the client's, when the API says so. */
  readonly methodOverride: string | undefined;
  /** The upstream path for a client path that matched `matchedPath`. */
  upstreamPath(clientPath: string, matchedPath: string): string;
}

/** What the pipeline needs of a snapshot: routing, limits, and in-flight accounting. */
export interface ServingSnapshot {
  readonly router: Router<RoutedApi>;
  readonly bodyLimitBytes: number;
  /** Route table of the Bolt/Dubbo fronts; absent or empty when no API has `match.rpc`. */
  readonly rpcRoutes?: RpcRouteTable<RpcRoutedApi>;
  /** A call starts on this snapshot; it stays alive until the matching `leave`. */
  enter(): void;
  leave(): void;
}

/** Holds the snapshot new calls start on; swapped atomically by the snapshot manager. */
export interface SnapshotHolder {
  readonly current: ServingSnapshot;
}
