import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../core/config/parse-config-text.js';
import { documentToEntries, entriesToDocument } from '../../../bus/config/config-entries.js';
import { apiKey, bindingKey, parseConfigKey } from '../../../bus/config/config-keys.js';
import { diffDocuments } from '../../../bus/config/config-diff.js';
import { ConfigPlaneError } from '../../../bus/config/config-plane-error.js';
import { documentWith, mockApi } from '../support/config-documents.js';

function quickstart(): unknown {
  const parsed = parseConfigText(readFileSync('ops/examples/quickstart.yaml', 'utf8'), 'quickstart.yaml');
  if (!parsed.ok) throw new Error('quickstart.yaml does not parse');
  return parsed.document;
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof ConfigPlaneError ? error.code : 'not a ConfigPlaneError';
  }
  return undefined;
}

describe('config entries', () => {
  it('config entries - one key per object and setting', () => {
    const entries = documentToEntries(quickstart());
    expect([...entries.keys()].sort()).toEqual([
      'api.demo.echo',
      'api.demo.items',
      'api.demo.ping',
      'binding.global/request-id',
      'cluster.echo',
      'group.demo',
      'settings.listen',
      'settings.version',
    ]);
    expect(entries.get('settings.version')).toBe(1);
    expect(entries.get('api.demo.ping')).toMatchObject({ name: 'ping', group: 'demo', backend: { protocol: 'mock' } });
  });

  it('config entries - round trip is exact for a canonical document and idempotent for any', () => {
    const canonical = entriesToDocument(documentToEntries(quickstart()));
    expect(entriesToDocument(documentToEntries(canonical))).toEqual(canonical);
    expect(JSON.stringify(entriesToDocument(documentToEntries(canonical)))).toBe(JSON.stringify(canonical));
    const ordered = documentWith('a', 'b', 'c');
    expect(entriesToDocument(documentToEntries(ordered))).toEqual(ordered);
  });

  it('config entries - lists come back sorted by key whatever the input order', () => {
    const shuffled = { ...documentWith('a', 'b', 'c'), apis: [mockApi('c'), mockApi('a'), mockApi('b')] };
    expect(entriesToDocument(documentToEntries(shuffled))).toEqual(documentWith('a', 'b', 'c'));
    expect(diffDocuments(shuffled, documentWith('a', 'b', 'c'))).toEqual({ added: [], changed: [], removed: [] });
  });

  it('config entries - dots in names are escaped so keys never collide', () => {
    expect(apiKey('g.a', 'b')).toBe('api.g=a.b');
    expect(apiKey('g', 'a.b')).toBe('api.g.a=b');
    expect(parseConfigKey('api.g=a.b')).toEqual({ kind: 'api', group: 'g.a', name: 'b' });
    expect(parseConfigKey('api.g.a.b')).toBeUndefined();
  });

  it('config entries - bindings without id get a key from scope, group, api and plugin', () => {
    expect(bindingKey({ scope: 'api', group: 'shop.v2', api: 'orders', plugin: 'cors' })).toBe('binding.api/shop=v2/orders/cors');
    expect(bindingKey({ scope: 'group', group: 'a-b', plugin: 'c' })).not.toBe(bindingKey({ scope: 'group', group: 'a', plugin: 'b-c' }));
    expect(bindingKey({ id: 'edge-cors', scope: 'global', plugin: 'cors' })).toBe('binding.edge-cors');
    const withBindings = {
      version: 1,
      bindings: [
        { id: 'x', plugin: 'request-id', scope: 'global' },
        { plugin: 'request-id', scope: 'group', group: 'g' },
      ],
    };
    expect(entriesToDocument(documentToEntries(withBindings))).toEqual({ version: 1, bindings: [withBindings.bindings[1], withBindings.bindings[0]] });
  });

  it('config entries - two objects wanting one key are refused', () => {
    const twice = { version: 1, bindings: [{ plugin: 'p', scope: 'global' }, { plugin: 'p', scope: 'global', enabled: false }] };
    expect(codeOf(() => documentToEntries(twice))).toBe('invalid-document');
    expect(codeOf(() => documentToEntries({ version: 1, apis: [{ group: 'g' }] }))).toBe('invalid-document');
    expect(codeOf(() => documentToEntries({ version: 1, extra: true }))).toBe('invalid-document');
  });

  it('config entries - a key that lies about its object is malformed', () => {
    expect(codeOf(() => entriesToDocument(new Map([['group.a', { name: 'b' }]])))).toBe('malformed-entry');
    expect(codeOf(() => entriesToDocument(new Map([['binding.x', { plugin: 'p', scope: 'global' }]])))).toBe('malformed-entry');
    expect(codeOf(() => entriesToDocument(new Map([['nonsense', {}]])))).toBe('malformed-entry');
  });
});
