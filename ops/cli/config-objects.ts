/**
 * The objects of a config document as `get` and `delete` address them: by kind and by name
 * (`group/api` for APIs, id or placement for bindings), with their KV key and a table row each.
 */
import { apiKey, bindingKey, clusterKey, groupKey } from '../../bus/config/config-keys.js';
import { renderTable } from './output.js';

/** The kinds of object a verb can name. */
export const objectKinds = ['api', 'group', 'cluster', 'binding'] as const;

/** `api`, `group`, `cluster` or `binding`. */
export type ObjectKind = (typeof objectKinds)[number];

/** The document list holding each kind. */
const LIST_OF: Readonly<Record<ObjectKind, string>> = { api: 'apis', group: 'groups', cluster: 'clusters', binding: 'bindings' };

type ConfigObject = Record<string, unknown>;

function isObject(value: unknown): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The kind a word names, singular or plural (`apis`, `api`); undefined for anything else. */
export function objectKindOf(word: string): ObjectKind | undefined {
  return objectKinds.find((kind) => word === kind || word === LIST_OF[kind]);
}

/** Plural of a kind, as the document spells its list. */
export function pluralOf(kind: ObjectKind): string {
  return LIST_OF[kind];
}

/** The objects of one kind in a document, in document order. */
export function listObjects(document: unknown, kind: ObjectKind): ConfigObject[] {
  const list = isObject(document) ? document[LIST_OF[kind]] : undefined;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function placement(binding: ConfigObject): { id?: string; scope: string; group?: string; api?: string; plugin: string } {
  const optional = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return { id: optional(binding.id), scope: text(binding.scope), group: optional(binding.group), api: optional(binding.api), plugin: text(binding.plugin) };
}

/** The KV key an object is stored under. */
export function objectKey(kind: ObjectKind, object: ConfigObject): string {
  switch (kind) {
    case 'api': return apiKey(text(object.group), text(object.name));
    case 'group': return groupKey(text(object.name));
    case 'cluster': return clusterKey(text(object.name));
    case 'binding': return bindingKey(placement(object));
  }
}

/** How a person names an object: `group/api` for APIs, the id or `scope/…/plugin` for bindings. */
export function objectName(kind: ObjectKind, object: ConfigObject): string {
  if (kind === 'api') return `${text(object.group)}/${text(object.name)}`;
  if (kind === 'binding') return typeof object.id === 'string' ? object.id : objectKey(kind, object).slice('binding.'.length);
  return text(object.name);
}

/** The object of `kind` named `name` (by name, or by its KV key), or undefined. */
export function findObject(document: unknown, kind: ObjectKind, name: string): ConfigObject | undefined {
  return listObjects(document, kind).find((object) => objectName(kind, object) === name || objectKey(kind, object) === name);
}

/** Names of every object of a kind, for "no such object (there are: …)" messages. */
export function objectNames(document: unknown, kind: ObjectKind): string[] {
  return listObjects(document, kind).map((object) => objectName(kind, object));
}

function apiRow(api: ConfigObject): unknown[] {
  const match = isObject(api.match) ? api.match : {};
  const backend = isObject(api.backend) ? api.backend : {};
  const methods = Array.isArray(match.methods) && match.methods.length > 0 ? match.methods.join(',') : '*';
  const target = backend.protocol === 'mock' ? `mock ${typeof backend.status === 'number' ? backend.status : 200}` : `${text(backend.protocol)} ${text(backend.cluster)}`.trim();
  const plugins = Array.isArray(api.plugins) ? api.plugins.filter(isObject).map((p) => text(p.name)).join(',') : '';
  return [objectName('api', api), `${text(match.type) || 'exact'} ${text(match.path)}`, methods, target, plugins];
}

function bindingRow(binding: ConfigObject): unknown[] {
  const where = [binding.group, binding.api].filter((p) => typeof p === 'string').join('/');
  return [objectName('binding', binding), text(binding.plugin), text(binding.scope), where, binding.enabled === false ? 'no' : 'yes'];
}

/** The objects as a table, one row each. */
export function objectTable(kind: ObjectKind, objects: readonly ConfigObject[]): string {
  switch (kind) {
    case 'api':
      return renderTable(['api', 'match', 'methods', 'backend', 'plugins'], objects.map(apiRow));
    case 'group':
      return renderTable(['name', 'hosts', 'default'], objects.map((g) => [text(g.name), Array.isArray(g.hosts) ? g.hosts.join(',') : '', g.default === true ? 'yes' : 'no']));
    case 'cluster':
      return renderTable(['name', 'lb', 'endpoints'], objects.map((c) => [
        text(c.name), text(c.lb) || 'round-robin',
        Array.isArray(c.endpoints) ? c.endpoints.filter(isObject).map((e) => text(e.url)).join(',') : '',
      ]));
    case 'binding':
      return renderTable(['binding', 'plugin', 'scope', 'target', 'enabled'], objects.map(bindingRow));
  }
}
