/**
 * The switch state of one API, and the "cells" it is written into. The hot path never resolves a
 * switch: when a switch or the snapshot changes, the state of each API is computed here and handed
 * to the API, which turns it into the chain and invoker its calls read (see compiled-api.ts).
 */
import type { RouteInfo } from '../../sdk/plugin/exchange.js';
import { BuiltinSwitchNames } from './builtin-switches.js';
import type { SwitchTarget } from './switch-scope.js';

/** What the switches say about one API. */
export interface ApiSwitchState {
  /** `gantry.api.offline`: answer 3000 without running anything. */
  readonly offline: boolean;
  /** `gantry.api.degrade`: answer the API's degrade mock instead of calling its backend. */
  readonly degraded: boolean;
  /** Plugins of its chain that `gantry.plugin.enabled` turned off, sorted. */
  readonly disabledPlugins: readonly string[];
}

/** Nothing switched: what a freshly compiled API serves. */
export const SWITCHES_AT_REST: ApiSwitchState = Object.freeze({ offline: false, degraded: false, disabledPlugins: Object.freeze([]) });

/** An API that switches act on (the snapshot's CompiledApi). */
export interface SwitchedApi {
  readonly route: RouteInfo;
  /** The plugins of its compiled chain, each once. */
  readonly pluginNames: readonly string[];
  /** The state last applied. */
  readonly switchState: ApiSwitchState;
  /** Rewrites what its calls run; only called with a state that differs from `switchState`. */
  applySwitches(state: ApiSwitchState): void;
}

/** What resolving needs: the most specific value set for a target, or undefined. */
export interface SwitchResolver {
  resolve(name: string, target?: SwitchTarget): unknown;
}

/** True when two states ask for the same thing. */
export function sameSwitchState(a: ApiSwitchState, b: ApiSwitchState): boolean {
  if (a.offline !== b.offline || a.degraded !== b.degraded || a.disabledPlugins.length !== b.disabledPlugins.length) return false;
  return a.disabledPlugins.every((plugin, i) => plugin === b.disabledPlugins[i]);
}

/**
 * Resolves an API's switches (node > api > group > global > default). Only an explicit `true`
 * takes an API offline or degrades it, and only an explicit `false` disables a plugin: a value
 * that is not set keeps the API as configured.
 */
export function apiSwitchState(switches: SwitchResolver, api: SwitchedApi): ApiSwitchState {
  const { group, api: name } = api.route;
  const offline = switches.resolve(BuiltinSwitchNames.apiOffline, api.route) === true;
  const degraded = switches.resolve(BuiltinSwitchNames.apiDegrade, api.route) === true;
  const disabledPlugins = api.pluginNames
    .filter((plugin) => switches.resolve(BuiltinSwitchNames.pluginEnabled, { group, api: name, plugin }) === false)
    .sort();
  if (!offline && !degraded && disabledPlugins.length === 0) return SWITCHES_AT_REST;
  return { offline, degraded, disabledPlugins };
}

/** Computes each API's state and applies those that changed; returns how many changed. */
export function refreshApiSwitches(switches: SwitchResolver, apis: Iterable<SwitchedApi>): number {
  let changed = 0;
  for (const api of apis) {
    const state = apiSwitchState(switches, api);
    if (sameSwitchState(state, api.switchState)) continue;
    api.applySwitches(state);
    changed++;
  }
  return changed;
}
