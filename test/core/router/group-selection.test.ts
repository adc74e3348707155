import { describe, expect, it } from 'vitest';
import { compileRouter, type GroupInput, type RouteInput } from '../../../core/router/index.js';
import { summarizeMatch } from './match-summary.js';

/** Every group gets one catch-all route whose payload is the group name, so a match names its group. */
function routerFor(groups: readonly GroupInput[]) {
  const routes: RouteInput<string>[] = groups.map((g) => ({ group: g.name, path: '/', type: 'prefix', payload: g.name }));
  const router = compileRouter(groups, routes);
  return (host: string | undefined, header?: string) => summarizeMatch(router.match(host, header, 'GET', '/x'));
}

const shopGroups: GroupInput[] = [
  { name: 'shop', hosts: ['shop.test', '*.shop.test'] },
  { name: 'api', hosts: ['api.shop.test'] },
  { name: 'deep', hosts: ['*.b.shop.test'] },
  { name: 'tld', hosts: ['*.test'] },
  { name: 'local', hosts: ['[::1]', '127.0.0.1'] },
  { name: 'fallback', hosts: [], default: true },
];

describe('group selection', () => {
  const selectGroup = routerFor(shopGroups);

  it('group header - names the group directly, over Host', () => {
    expect(selectGroup('api.shop.test', 'shop')).toBe('found shop:shop');
    expect(selectGroup(undefined, 'deep')).toBe('found deep:deep');
  });

  it('group header - an unknown name is group-not-found, with no fallback to Host or default', () => {
    expect(selectGroup('shop.test', 'nope')).toBe('group-not-found');
    expect(selectGroup(undefined, 'nope')).toBe('group-not-found');
  });

  it('group header - compares names case-sensitively', () => {
    expect(selectGroup('shop.test', 'SHOP')).toBe('group-not-found');
  });

  it('group header - an empty value counts as absent', () => {
    expect(selectGroup('api.shop.test', '')).toBe('found api:api');
  });

  it('host - exact match, lower-cased, without port or trailing dot', () => {
    expect(selectGroup('shop.test')).toBe('found shop:shop');
    expect(selectGroup('SHOP.Test')).toBe('found shop:shop');
    expect(selectGroup('shop.test:8080')).toBe('found shop:shop');
    expect(selectGroup('shop.test.')).toBe('found shop:shop');
    expect(selectGroup('API.SHOP.TEST:443')).toBe('found api:api');
  });

  it('host - IPv4 and bracketed IPv6 literals, with and without port', () => {
    expect(selectGroup('127.0.0.1')).toBe('found local:local');
    expect(selectGroup('127.0.0.1:8080')).toBe('found local:local');
    expect(selectGroup('[::1]')).toBe('found local:local');
    expect(selectGroup('[::1]:8080')).toBe('found local:local');
    expect(selectGroup('::1')).toBe('found local:local');
  });

  it('host - an exact host beats a wildcard that also matches', () => {
    expect(selectGroup('api.shop.test')).toBe('found api:api');
  });

  it('host - the most specific wildcard wins, one leftmost label stripped at a time', () => {
    expect(selectGroup('a.b.shop.test')).toBe('found deep:deep');
    expect(selectGroup('x.y.a.b.shop.test')).toBe('found deep:deep');
    expect(selectGroup('x.shop.test')).toBe('found shop:shop');
    expect(selectGroup('x.y.z.shop.test')).toBe('found shop:shop');
    expect(selectGroup('other.test')).toBe('found tld:tld');
  });

  it('host - a wildcard does not match its own suffix', () => {
    // `b.shop.test` is not below `*.b.shop.test`; the next wildcard up (`*.shop.test`) takes it.
    expect(selectGroup('b.shop.test')).toBe('found shop:shop');
    const only = routerFor([{ name: 'w', hosts: ['*.shop.test'] }, { name: 'd', hosts: [], default: true }]);
    expect(only('shop.test')).toBe('found d:d');
    expect(only('a.shop.test')).toBe('found w:w');
  });

  it('host - unknown or absent Host falls to the default group', () => {
    expect(selectGroup('elsewhere.example')).toBe('found fallback:fallback');
    expect(selectGroup(undefined)).toBe('found fallback:fallback');
    expect(selectGroup('')).toBe('found fallback:fallback');
  });

  it('host - without a default group an unknown Host is group-not-found', () => {
    const noDefault = routerFor([{ name: 'shop', hosts: ['shop.test'] }]);
    expect(noDefault('elsewhere.example')).toBe('group-not-found');
    expect(noDefault(undefined)).toBe('group-not-found');
  });

  it('host - malformed values never throw and never reach a wildcard through an empty label', () => {
    const odd = [
      '', ':', '::', '[', ']', '[]', '[::1', '[::1]x', '.', '..', '.shop.test', 'a..shop.test', ':8080',
      'shop.test:', 'sh op.test', 'ш.shop.test', '\u0000', 'a'.repeat(10_000), `${'a.'.repeat(500)}shop.test`,
    ];
    for (const host of odd) {
      expect(() => selectGroup(host)).not.toThrow();
    }
    expect(selectGroup('.shop.test')).toBe('found fallback:fallback');
    expect(selectGroup('a..shop.test')).toBe('found fallback:fallback');
    expect(selectGroup('[::1')).toBe('found fallback:fallback');
    expect(selectGroup(`${'a.'.repeat(500)}shop.test`)).toBe('found shop:shop');
  });

  it('host - a non-string Host or header from an untyped caller is treated as absent or unknown', () => {
    const router = compileRouter(shopGroups, [{ group: 'fallback', path: '/', type: 'prefix', payload: 'f' }]);
    const untypedHost = 42 as unknown as string;
    expect(summarizeMatch(router.match(untypedHost, undefined, 'GET', '/'))).toBe('found fallback:f');
    expect(summarizeMatch(router.match(undefined, ['shop'] as unknown as string, 'GET', '/'))).toBe('found fallback:f');
  });

  it('group - a selected group without a matching route is route-not-found naming the group', () => {
    const router = compileRouter([{ name: 'empty', hosts: ['empty.test'] }], []);
    expect(router.match('empty.test', undefined, 'GET', '/x')).toEqual({ kind: 'route-not-found', groupName: 'empty' });
    expect(router.match('other.test', undefined, 'GET', '/x')).toEqual({ kind: 'group-not-found' });
  });
});
