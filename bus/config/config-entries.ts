/**
 * A config document split into one entry per object (see config-keys.ts), and joined back.
 *
 * The join is canonical: settings first (`version`, `listen`, `limits`), then `groups`, `apis`,
 * `clusters`, `bindings`, each list ordered by key and omitted when empty. So
 * `entriesToDocument(documentToEntries(d))` equals `d` for any document already in that order, and
 * every node builds the very same document from the same entries. Objects are stored as written
 * (no defaults filled in), so what a writer put is what `get` shows. Order inside a list carries no
 * meaning in the config model (routes, hosts and bindings are matched by content, not position).
 */
import { ConfigPlaneError } from './config-plane-error.js';
import { apiKey, bindingKey, clusterKey, groupKey, parseConfigKey, settingKey, settingNames, type SettingName } from './config-keys.js';

/** Config objects by key; values are plain JSON (objects, and the number of `settings.version`). */
export type ConfigEntries = ReadonlyMap<string, unknown>;

const listFields = ['groups', 'apis', 'clusters', 'bindings'] as const;
type ListField = (typeof listFields)[number];

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): ConfigPlaneError {
  return new ConfigPlaneError('invalid-document', message);
}

/** The string field `field` of `item`, or an error naming where it is missing. */
function stringField(item: Readonly<Record<string, unknown>>, field: string, where: string): string {
  const value = item[field];
  if (typeof value !== 'string' || value === '') throw invalid(`${where}.${field}: must be a non-empty string`);
  return value;
}

function optionalString(item: Readonly<Record<string, unknown>>, field: string, where: string): string | undefined {
  return item[field] === undefined ? undefined : stringField(item, field, where);
}

/** The key an item of a list is stored under. */
function keyOfItem(list: ListField, item: Readonly<Record<string, unknown>>, where: string): string {
  switch (list) {
    case 'groups':
      return groupKey(stringField(item, 'name', where));
    case 'apis':
      return apiKey(stringField(item, 'group', where), stringField(item, 'name', where));
    case 'clusters':
      return clusterKey(stringField(item, 'name', where));
    case 'bindings':
      return bindingKey({
        id: optionalString(item, 'id', where),
        scope: stringField(item, 'scope', where),
        group: optionalString(item, 'group', where),
        api: optionalString(item, 'api', where),
        plugin: stringField(item, 'plugin', where),
      });
  }
}

/**
 * Splits a config document (as written, or a validated `GantryConfig`) into its entries. Throws
 * `invalid-document` when an object lacks the fields its key is made of, or two objects would share
 * a key (duplicate names, or one plugin attached twice at one scope without ids).
 */
export function documentToEntries(document: unknown): Map<string, unknown> {
  if (!isRecord(document)) throw invalid('the config document must be an object');
  const entries = new Map<string, unknown>();
  const placedAt = new Map<string, string>();
  for (const field of Object.keys(document)) {
    if (!(settingNames as readonly string[]).includes(field) && !(listFields as readonly string[]).includes(field)) {
      throw invalid(`${field}: not a field of the config document`);
    }
  }
  for (const name of settingNames) {
    if (document[name] !== undefined) entries.set(settingKey(name), document[name]);
  }
  for (const list of listFields) {
    const items = document[list] ?? [];
    if (!Array.isArray(items)) throw invalid(`${list}: must be a list`);
    items.forEach((item: unknown, index) => {
      const where = `${list}[${index}]`;
      if (!isRecord(item)) throw invalid(`${where}: must be an object`);
      const key = keyOfItem(list, item, where);
      const earlier = placedAt.get(key);
      if (earlier !== undefined) throw invalid(`${where}: stored under the same key "${key}" as ${earlier}; names (or binding ids) must be unique`);
      placedAt.set(key, where);
      entries.set(key, item);
    });
  }
  return entries;
}

function malformed(key: string, message: string): ConfigPlaneError {
  return new ConfigPlaneError('malformed-entry', `${key}: ${message}`);
}

/** Checks that the object stored under a named key carries that name, so keys cannot lie. */
function checkNames(key: string, value: unknown, expected: Readonly<Record<string, string>>): void {
  if (!isRecord(value)) throw malformed(key, 'value must be an object');
  for (const [field, name] of Object.entries(expected)) {
    if (value[field] !== name) throw malformed(key, `value has ${field} ${JSON.stringify(value[field])}, the key says "${name}"`);
  }
}

function bindingKeyOf(value: Readonly<Record<string, unknown>>): string | undefined {
  try {
    return keyOfItem('bindings', value, 'binding');
  } catch {
    return undefined;
  }
}

/**
 * Joins entries into the canonical document (see the file header). Throws `malformed-entry` for a
 * key outside the scheme or an object whose name disagrees with its key.
 */
export function entriesToDocument(entries: ConfigEntries): Record<string, unknown> {
  const settings = new Map<SettingName, unknown>();
  const lists: Record<ListField, unknown[]> = { groups: [], apis: [], clusters: [], bindings: [] };
  for (const key of [...entries.keys()].sort()) {
    const value = entries.get(key);
    const target = parseConfigKey(key);
    if (target === undefined) throw malformed(key, 'not a config key');
    switch (target.kind) {
      case 'setting':
        settings.set(target.name, value);
        break;
      case 'group':
        checkNames(key, value, { name: target.name });
        lists.groups.push(value);
        break;
      case 'api':
        checkNames(key, value, { group: target.group, name: target.name });
        lists.apis.push(value);
        break;
      case 'cluster':
        checkNames(key, value, { name: target.name });
        lists.clusters.push(value);
        break;
      case 'binding':
        if (!isRecord(value)) throw malformed(key, 'value must be an object');
        if (bindingKeyOf(value) !== key) throw malformed(key, 'value does not place the binding under this key');
        lists.bindings.push(value);
        break;
    }
  }
  const document: Record<string, unknown> = {};
  for (const name of settingNames) if (settings.has(name)) document[name] = settings.get(name);
  for (const list of listFields) if (lists[list].length > 0) document[list] = lists[list];
  return document;
}
