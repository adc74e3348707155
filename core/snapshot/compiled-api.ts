import type { RouteInfo } from '../../sdk/plugin/exchange.js';
import type { ApiConfig } from '../config/types.js';
import type { Invoker } from '../invoke/invoker.js';
import { EMPTY_CHAIN, FilterChain } from '../pipeline/filter-chain.js';
import type { RoutedApi } from '../pipeline/serving-snapshot.js';
import { SWITCHES_AT_REST, type ApiSwitchState, type SwitchedApi } from '../switches/api-switch-state.js';
import { OfflineInvoker } from '../switches/offline-invoker.js';

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

/**
 * An API as the snapshot holds it: what the pipeline needs plus its source config for queries.
 *
 * `chain` and `invoker` are the API's switch cells: the call handler reads them once per call as it
 * always did, and `applySwitches` (run by the switch effects when a switch or the snapshot changes,
 * never per call) points them at what the switches ask for — the compiled chain minus disabled
 * plugins, the degrade mock, or nothing at all and a 3000 answer when the API is offline.
 */
export class CompiledApi implements RoutedApi, SwitchedApi {
  readonly route: RouteInfo;
  readonly pluginNames: readonly string[];
  /** The chain calls run now. */
  chain: FilterChain;
  /** Where calls go now. */
  invoker: Invoker;
  switchState: ApiSwitchState = SWITCHES_AT_REST;
  /** The compiled chain without the plugins disabled by switch (rebuilt only when that set changes). */
  private enabledChain: FilterChain;
  private offlineInvoker: OfflineInvoker | undefined;

  constructor(
    readonly config: ApiConfig,
    /** The chain as the config binds it. */
    readonly compiledChain: FilterChain,
    /** The configured backend. */
    readonly backendInvoker: Invoker,
    /** The mock answered while `gantry.api.degrade` is on (the API's `degrade` block). */
    readonly degradeInvoker: Invoker,
    private readonly backendPath: string | undefined,
    readonly methodOverride: string | undefined,
  ) {
    this.route = Object.freeze({ group: config.group, api: config.name });
    this.pluginNames = Object.freeze([...new Set(compiledChain.links.map((link) => link.plugin))]);
    this.chain = compiledChain;
    this.enabledChain = compiledChain;
    this.invoker = backendInvoker;
  }

  /** `group|api`, the way the reference addresses an API. */
  get id(): string {
    return `${this.config.group}|${this.config.name}`;
  }

  upstreamPath(clientPath: string, matchedPath: string): string {
    return rewriteUpstreamPath(this.backendPath, clientPath, matchedPath);
  }

  /** Points the cells at what `state` asks for. Off the hot path: one switch flip, not one call. */
  applySwitches(state: ApiSwitchState): void {
    if (state.disabledPlugins.join('\n') !== this.switchState.disabledPlugins.join('\n')) {
      const disabled = new Set(state.disabledPlugins);
      this.enabledChain = disabled.size === 0 ? this.compiledChain : new FilterChain(this.compiledChain.links.filter((link) => !disabled.has(link.plugin)));
    }
    if (state.offline) {
      this.offlineInvoker ??= new OfflineInvoker(this.route.group, this.route.api);
      this.chain = EMPTY_CHAIN;
      this.invoker = this.offlineInvoker;
    } else {
      this.chain = this.enabledChain;
      this.invoker = state.degraded ? this.degradeInvoker : this.backendInvoker;
    }
    this.switchState = state;
  }
}
