/**
 * Where a switch value applies: a scope (global, one group, one API, one node), plus the plugin
 * for per-plugin switches. Written `global`, `group:shop`, `api:shop/get-item`, `node:gantry-3`.
 */
import { SwitchError } from './switch-error.js';

/** A scope with the names it needs. */
export type SwitchScope =
  | { readonly kind: 'global' }
  | { readonly kind: 'group'; readonly group: string }
  | { readonly kind: 'api'; readonly group: string; readonly api: string }
  | { readonly kind: 'node'; readonly node: string };

/** Where one value sits: a scope and, for a per-plugin switch, the plugin. */
export interface SwitchPlacement {
  readonly scope: SwitchScope;
  /** The plugin a per-plugin switch value concerns; absent otherwise. */
  readonly plugin?: string;
}

/** One value's full address: which switch, where. */
export interface SwitchAddress extends SwitchPlacement {
  readonly name: string;
}

/**
 * What a value is resolved for. Without group/api: the node itself (node > global > default).
 * A `RouteInfo` ({ group, api }) fits, so plugins pass `exchange.route` as is.
 */
export interface SwitchTarget {
  readonly group?: string;
  readonly api?: string;
  readonly plugin?: string;
}

/** The global scope (one shared object: scopes are immutable). */
export const GLOBAL_SCOPE: SwitchScope = Object.freeze({ kind: 'global' });

// Group, API and plugin names follow the config's name rule; node ids are free but visible text.
const CONFIG_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const NODE_ID = /^[\x21-\x7e]{1,128}$/;

function scopeError(text: string, reason: string): SwitchError {
  return new SwitchError('invalid-scope', '', text, reason);
}

function checkedName(text: string, name: string, what: string): string {
  if (!CONFIG_NAME.test(name)) throw scopeError(text, `${what} "${name}" must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit`);
  return name;
}

/** Reads `global`, `group:G`, `api:G/A` or `node:ID`; throws a SwitchError (`invalid-scope`) otherwise. */
export function parseSwitchScope(text: string): SwitchScope {
  if (text === 'global') return GLOBAL_SCOPE;
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  switch (kind) {
    case 'group':
      return { kind: 'group', group: checkedName(text, rest, 'group') };
    case 'api': {
      const slash = rest.indexOf('/');
      if (slash < 0) throw scopeError(text, 'an API scope is written api:GROUP/API');
      return { kind: 'api', group: checkedName(text, rest.slice(0, slash), 'group'), api: checkedName(text, rest.slice(slash + 1), 'api') };
    }
    case 'node':
      if (!NODE_ID.test(rest)) throw scopeError(text, 'a node scope is written node:ID (1-128 visible characters)');
      return { kind: 'node', node: rest };
    default:
      throw scopeError(text, 'a scope is global, group:GROUP, api:GROUP/API or node:ID');
  }
}

/** A plugin name as a per-plugin switch names it; throws a SwitchError when it cannot be one. */
export function checkPluginName(switchName: string, plugin: string): string {
  if (!CONFIG_NAME.test(plugin)) throw new SwitchError('invalid-scope', switchName, '', `plugin "${plugin}" is not a valid plugin name`);
  return plugin;
}

/** The scope as written on the command line: `global`, `group:G`, `api:G/A`, `node:ID`. */
export function formatSwitchScope(scope: SwitchScope): string {
  switch (scope.kind) {
    case 'global':
      return 'global';
    case 'group':
      return `group:${scope.group}`;
    case 'api':
      return `api:${scope.group}/${scope.api}`;
    case 'node':
      return `node:${scope.node}`;
  }
}

/** Scope and plugin as people read them: `api:shop/get-item plugin=cors`. */
export function formatSwitchPlacement(placement: SwitchPlacement): string {
  const scope = formatSwitchScope(placement.scope);
  return placement.plugin === undefined ? scope : `${scope} plugin=${placement.plugin}`;
}

/** `name@scope[ plugin=P]`: one value's address in messages and audit keys. */
export function formatSwitchAddress(address: SwitchAddress): string {
  return `${address.name}@${formatSwitchPlacement(address)}`;
}

