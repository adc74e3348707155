/**
 * The key scheme of the config bucket: one key per config object, so a change to one API rewrites
 * one key and a watcher sees exactly what changed.
 *
 *   group.<name>                 a group
 *   api.<group>.<name>           an API
 *   cluster.<name>               a cluster
 *   binding.<id>                 a top-level binding with an `id`
 *   binding.<scope>/<group>/<api>/<plugin>   a binding without one (only the parts its scope uses)
 *   settings.version|listen|limits
 *   commit                       the manifest of the last committed change set
 *
 * Config names may contain `.`, which NATS reads as a token separator (and `a..b` or a trailing `.`
 * would not even be a valid key), so inside a name `.` is written `=`, a character names never use:
 * `api.shop=v2.orders` is the API `orders` of the group `shop.v2`. Derived binding keys use `/`,
 * which names never contain, so they cannot collide with each other or with an explicit id.
 */

import { pluginRefName } from '../../core/config/plugin-ref.js';

/** The key holding the commit manifest. */
export const commitKey = 'commit';

/** The three document settings stored as keys of their own, in document order. */
export const settingNames = ['version', 'listen', 'limits'] as const;

/** `version`, `listen` or `limits`. */
export type SettingName = (typeof settingNames)[number];

/** What a config key stands for. */
export type ConfigKeyTarget =
  | { readonly kind: 'group'; readonly name: string }
  | { readonly kind: 'api'; readonly group: string; readonly name: string }
  | { readonly kind: 'cluster'; readonly name: string }
  | { readonly kind: 'binding' }
  | { readonly kind: 'setting'; readonly name: SettingName };

/** The fields of a binding that place it; `id` wins when given. */
export interface BindingPlacement {
  readonly id?: string | undefined;
  readonly scope: string;
  readonly group?: string | undefined;
  readonly api?: string | undefined;
  readonly plugin: string;
}

/** Writes a config name as one key token. */
export function encodeKeyToken(name: string): string {
  return name.replaceAll('.', '=');
}

/** Reads a key token back into the config name. */
export function decodeKeyToken(token: string): string {
  return token.replaceAll('=', '.');
}

/** `group.<name>`. */
export function groupKey(name: string): string {
  return `group.${encodeKeyToken(name)}`;
}

/** `api.<group>.<name>`. */
export function apiKey(group: string, name: string): string {
  return `api.${encodeKeyToken(group)}.${encodeKeyToken(name)}`;
}

/** `cluster.<name>`. */
export function clusterKey(name: string): string {
  return `cluster.${encodeKeyToken(name)}`;
}

/** `settings.<name>`. */
export function settingKey(name: SettingName): string {
  return `settings.${name}`;
}

/**
 * `binding.<id>`, or for a binding without an id `binding.<scope>/<group?>/<api?>/<plugin>`: two
 * id-less bindings share a key only when they attach one plugin at the same scope, which the
 * snapshot compiler refuses anyway.
 */
export function bindingKey(binding: BindingPlacement): string {
  if (binding.id !== undefined) return `binding.${encodeKeyToken(binding.id)}`;
  // The plugin's name without its version range: a range holds characters a KV key may not.
  const parts = [binding.scope, binding.group, binding.api, pluginRefName(binding.plugin)].filter((p): p is string => p !== undefined);
  return `binding.${parts.map(encodeKeyToken).join('/')}`;
}

/** What `key` stands for, or undefined for a key outside the scheme (including `commit`). */
export function parseConfigKey(key: string): ConfigKeyTarget | undefined {
  const tokens = key.split('.');
  const [kind, first, second] = tokens;
  if (first === undefined || first === '') return undefined;
  if (kind === 'api') {
    return tokens.length === 3 && second !== undefined && second !== ''
      ? { kind: 'api', group: decodeKeyToken(first), name: decodeKeyToken(second) }
      : undefined;
  }
  if (tokens.length !== 2) return undefined;
  switch (kind) {
    case 'group':
      return { kind: 'group', name: decodeKeyToken(first) };
    case 'cluster':
      return { kind: 'cluster', name: decodeKeyToken(first) };
    case 'binding':
      return { kind: 'binding' };
    case 'settings':
      return (settingNames as readonly string[]).includes(first) ? { kind: 'setting', name: first as SettingName } : undefined;
    default:
      return undefined;
  }
}
