import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../core/config/validate-config.js';
import type { GantryConfig } from '../../../core/config/types.js';
import { resolveBindings } from '../../../core/snapshot/plugin-bindings.js';

function configOf(document: Record<string, unknown>): GantryConfig {
  const validated = validateConfig({
    version: 1,
    groups: [{ name: 'g', default: true }, { name: 'h' }],
    ...document,
  });
  if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
  return validated.config;
}

const mock = { protocol: 'mock' };

function api(name: string, group: string, plugins: unknown[] = []): Record<string, unknown> {
  return { name, group, match: { path: `/${name}`, type: 'exact' }, backend: mock, plugins };
}

/** Plugin name → config tag and scope, for compact expectations. */
function summary(config: GantryConfig, apiIndex: number): Record<string, string> {
  const target = config.apis[apiIndex];
  if (target === undefined) throw new Error('no such api');
  const { bindings, conflicts } = resolveBindings(config, target, apiIndex);
  expect(conflicts).toEqual([]);
  return Object.fromEntries(bindings.map((b) => [b.plugin, `${String((b.config as { tag?: string }).tag)}@${b.scopeId}`]));
}

describe('resolve bindings', () => {
  const config = configOf({
    apis: [
      api('a', 'g', [{ name: 'p', config: { tag: 'api-list' } }]),
      api('b', 'g'),
      api('c', 'h'),
      api('d', 'h', [{ name: 'q', enabled: false }]),
      api('e', 'h'),
    ],
    bindings: [
      { plugin: 'p', scope: 'global', config: { tag: 'global' } },
      { plugin: 'q', scope: 'global', config: { tag: 'global' } },
      { plugin: 'p', scope: 'group', group: 'h', config: { tag: 'group-h' } },
      { plugin: 'r', scope: 'api', group: 'h', api: 'e', config: { tag: 'api-binding' } },
      { plugin: 'q', scope: 'group', group: 'g', enabled: false },
    ],
  });

  it('resolve bindings - the API list wins over group and global', () => {
    expect(summary(config, 0)).toEqual({ p: 'api-list@api:g/a' });
  });

  it('resolve bindings - a disabled group attachment turns a global plugin off for that group', () => {
    expect(summary(config, 1)).toEqual({ p: 'global@global' });
  });

  it('resolve bindings - the group attachment wins over the global one', () => {
    expect(summary(config, 2)).toEqual({ p: 'group-h@group:h', q: 'global@global' });
  });

  it('resolve bindings - a disabled API entry turns a global plugin off for that API only', () => {
    expect(summary(config, 3)).toEqual({ p: 'group-h@group:h' });
  });

  it('resolve bindings - an api-scope binding attaches to its API with the API scope', () => {
    expect(summary(config, 4)).toEqual({ p: 'group-h@group:h', q: 'global@global', r: 'api-binding@api:h/e' });
  });

  it('resolve bindings - attachments carry their labelled field path', () => {
    const target = config.apis[0];
    if (target === undefined) throw new Error('no api');
    expect(resolveBindings(config, target, 0).bindings.map((b) => b.at)).toEqual(['apis[0](a).plugins[0](p)']);
    const other = config.apis[4];
    if (other === undefined) throw new Error('no api');
    expect(resolveBindings(config, other, 4).bindings.map((b) => b.at)).toEqual(['bindings[2]', 'bindings[1]', 'bindings[3]']);
  });

  it('resolve bindings - two attachments of one plugin at one scope conflict', () => {
    const clash = configOf({
      apis: [api('a', 'g', [{ name: 'p' }])],
      bindings: [
        { id: 'one', plugin: 'p', scope: 'global' },
        { id: 'two', plugin: 'p', scope: 'global' },
        { plugin: 'p', scope: 'api', group: 'g', api: 'a' },
      ],
    });
    const target = clash.apis[0];
    if (target === undefined) throw new Error('no api');
    const { bindings, conflicts } = resolveBindings(clash, target, 0);
    expect(conflicts).toEqual([
      { path: 'bindings[1](two)', message: 'plugin p is already attached at this scope by bindings[0](one)' },
      { path: 'apis[0](a).plugins[0](p)', message: 'plugin p is already attached at this scope by bindings[2]' },
    ]);
    expect(bindings.map((b) => b.at)).toEqual(['bindings[2]']);
  });
});
