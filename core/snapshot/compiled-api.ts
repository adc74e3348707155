import type { RouteInfo } from '../../sdk/plugin/exchange.js';
import type { ApiConfig } from '../config/types.js';
import type { Invoker } from '../invoke/invoker.js';
import type { FilterChain } from '../pipeline/filter-chain.js';
import type { RoutedApi } from '../pipeline/serving-snapshot.js';

/**
 * Replaces the matched prefix with the backend path: `/items` + `/items/42` + `/v1/items` →
 * `/v1/items/42`. Without a backend path the client's path goes upstream unchanged.
 */
export function rewriteUpstreamPath(backendPath: string | undefined, clientPath: string, matchedPath: string): string {
  if (backendPath === undefined) return clientPath;
  let rest = clientPath.length > matchedPath.length ? clientPath.slice(matchedPath.length) : '';
  if (rest !== '' && matchedPath.endsWith('/') && !rest.startsWith('/')) rest = `/${rest}`;
  if (rest === '') return backendPath;
  return backendPath.endsWith('/') ? backendPath + rest.slice(1) : backendPath + rest;
}

/** An API as the snapshot holds it: what the pipeline needs plus its source config for queries. */
export class CompiledApi implements RoutedApi {
  readonly route: RouteInfo;

  constructor(
    readonly config: ApiConfig,
    readonly chain: FilterChain,
    readonly invoker: Invoker,
    private readonly backendPath: string | undefined,
    readonly methodOverride: string | undefined,
  ) {
    this.route = Object.freeze({ group: config.group, api: config.name });
  }

  /** `group|api`, the way the reference addresses an API. */
  get id(): string {
    return `${this.config.group}|${this.config.name}`;
  }

  upstreamPath(clientPath: string, matchedPath: string): string {
    return rewriteUpstreamPath(this.backendPath, clientPath, matchedPath);
  }
}
