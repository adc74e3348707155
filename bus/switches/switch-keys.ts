/**
 * The key of one switch value in the bucket: `<switch>/<scope>[/<names>][/plugin=<plugin>]`.
 *
 *   gantry.log.level/global
 *   gantry.log.level/node/gantry-3
 *   gantry.api.offline/group/shop
 *   gantry.api.offline/api/shop/get-item
 *   gantry.plugin.enabled/api/shop/get-item/plugin=cors
 *
 * KV keys allow `[-/_=.a-zA-Z0-9]`, and a `.` is a subject token separator (`a..b` or a trailing
 * `.` is not a valid key). Switch names are dotted by design and checked by the catalog, so they
 * are used as is; every other part (group, API, node, plugin) is written with only `[A-Za-z0-9_-]`
 * kept and every other byte of its UTF-8 as `=xx` (hex): `shop.v2` → `shop=2ev2`. Parts are joined
 * with `/`, which no encoded part contains, so two addresses never share a key.
 */
import { SwitchError } from '../../core/switches/switch-error.js';
import { formatSwitchAddress, type SwitchAddress, type SwitchScope } from '../../core/switches/switch-scope.js';

const PLAIN = /^[A-Za-z0-9_-]$/;
const ENCODED_PART = /^(?:[A-Za-z0-9_-]|=[0-9a-f]{2})+$/;
const SWITCH_NAME = /^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)+$/;
const PLUGIN_PREFIX = 'plugin=';

/** Writes a name so that it is a safe, unambiguous key part. */
export function encodeKeyPart(text: string): string {
  let out = '';
  for (const char of text) {
    if (PLAIN.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `=${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Reads a key part back; undefined when it is not the canonical encoding of some name. */
export function decodeKeyPart(part: string): string | undefined {
  if (!ENCODED_PART.test(part)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < part.length; ) {
    if (part[i] === '=') {
      bytes.push(Number.parseInt(part.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(part.charCodeAt(i));
      i += 1;
    }
  }
  const text = Buffer.from(bytes).toString('utf8');
  // Why: `=61` and `a` would both read as "a"; only the canonical spelling is a key of ours.
  return encodeKeyPart(text) === part ? text : undefined;
}

function scopeParts(scope: SwitchScope): string[] {
  switch (scope.kind) {
    case 'global':
      return ['global'];
    case 'group':
      return ['group', encodeKeyPart(scope.group)];
    case 'api':
      return ['api', encodeKeyPart(scope.group), encodeKeyPart(scope.api)];
    case 'node':
      return ['node', encodeKeyPart(scope.node)];
  }
}

/** The bucket key of one switch value. */
export function switchKey(address: SwitchAddress): string {
  const parts = [address.name, ...scopeParts(address.scope)];
  if (address.plugin !== undefined) parts.push(`${PLUGIN_PREFIX}${encodeKeyPart(address.plugin)}`);
  return parts.join('/');
}

/** How many name parts follow each scope kind in a key. */
const NAMES_AFTER: Readonly<Record<string, number>> = { global: 0, group: 1, api: 2, node: 1 };

/** Reads a key back into an address; throws a SwitchError (`invalid-entry`) naming the key otherwise. */
export function parseSwitchKey(key: string): SwitchAddress {
  const bad = (reason: string): SwitchError => new SwitchError('invalid-entry', '', '', `key "${key}" ${reason}`);
  const [name = '', kind = '', ...rest] = key.split('/');
  if (!SWITCH_NAME.test(name)) throw bad('does not start with a switch name');
  const count = NAMES_AFTER[kind];
  if (count === undefined) throw bad('names no scope (global, group, api, node)');
  const names = rest.slice(0, count).map(decodeKeyPart);
  if (names.length !== count || names.some((n) => n === undefined || n === '')) throw bad(`has no valid names for its ${kind} scope`);
  const extra = rest.slice(count);
  let plugin: string | undefined;
  if (extra.length === 1 && extra[0]?.startsWith(PLUGIN_PREFIX) === true) {
    plugin = decodeKeyPart(extra[0].slice(PLUGIN_PREFIX.length));
    if (plugin === undefined) throw bad('names no valid plugin');
  } else if (extra.length > 0) {
    throw bad('has parts after its scope');
  }
  const [first = '', second = ''] = names as string[];
  const scope: SwitchScope =
    kind === 'global' ? { kind: 'global' } : kind === 'group' ? { kind: 'group', group: first } : kind === 'api' ? { kind: 'api', group: first, api: second } : { kind: 'node', node: first };
  return plugin === undefined ? { name, scope } : { name, scope, plugin };
}

/** `name@scope[ plugin=P]` of a key, for messages and audit events; the key itself when unreadable. */
export function describeSwitchKey(key: string): string {
  try {
    return formatSwitchAddress(parseSwitchKey(key));
  } catch {
    return key;
  }
}
