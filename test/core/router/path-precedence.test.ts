import { describe, expect, it } from 'vitest';
import { compileRouter, type RouteInput } from '../../../core/router/index.js';
import { summarizeMatch } from './match-summary.js';

type Row = [path: string, expected: string];

function routerWith(routes: readonly Omit<RouteInput<string>, 'group'>[]) {
  const router = compileRouter(
    [{ name: 'g', hosts: ['g.test'] }],
    routes.map((r) => ({ ...r, group: 'g' })),
  );
  return (path: string) => summarizeMatch(router.match('g.test', undefined, 'GET', path));
}

describe('path precedence', () => {
  it('path - an exact route beats a prefix route on the same path', () => {
    const match = routerWith([
      { path: '/items', type: 'prefix', payload: 'prefix' },
      { path: '/items', type: 'exact', payload: 'exact' },
    ]);
    const rows: Row[] = [
      ['/items', 'found g:exact'],
      ['/items/', 'found g:prefix'],
      ['/items/42', 'found g:prefix'],
    ];
    for (const [path, expected] of rows) expect(match(path), path).toBe(expected);
  });

  it('path - the longest matching prefix wins, down to /', () => {
    const match = routerWith([
      { path: '/', type: 'prefix', payload: 'root' },
      { path: '/api/v1', type: 'prefix', payload: 'v1' },
      { path: '/api', type: 'prefix', payload: 'api' },
      { path: '/api/v1/users/admin', type: 'prefix', payload: 'admin' },
    ]);
    const rows: Row[] = [
      ['/api/v1/users/admin/7', 'found g:admin'],
      ['/api/v1/users/7', 'found g:v1'],
      ['/api/v1', 'found g:v1'],
      ['/api/v2/x', 'found g:api'],
      ['/api', 'found g:api'],
      ['/apix', 'found g:root'],
      ['/', 'found g:root'],
      ['/anything/else', 'found g:root'],
    ];
    for (const [path, expected] of rows) expect(match(path), path).toBe(expected);
  });

  it('path - prefix matching is by whole segments', () => {
    const match = routerWith([{ path: '/items', type: 'prefix', payload: 'items' }]);
    const rows: Row[] = [
      ['/items', 'found g:items'],
      ['/items/', 'found g:items'],
      ['/items/42/x', 'found g:items'],
      ['/itemsx', 'route-not-found g'],
      ['/item', 'route-not-found g'],
      ['/items%2Fx', 'route-not-found g'],
      ['/', 'route-not-found g'],
    ];
    for (const [path, expected] of rows) expect(match(path), path).toBe(expected);
  });

  it('path - a prefix ending in / matches beneath it and the bare path', () => {
    const match = routerWith([{ path: '/static/', type: 'prefix', payload: 'static' }]);
    const rows: Row[] = [
      ['/static', 'found g:static'],
      ['/static/', 'found g:static'],
      ['/static/css/site.css', 'found g:static'],
      ['/staticx', 'route-not-found g'],
    ];
    for (const [path, expected] of rows) expect(match(path), path).toBe(expected);
  });

  it('path - matchedPath is the configured path as written', () => {
    const router = compileRouter(
      [{ name: 'g', hosts: [], default: true }],
      [
        { group: 'g', path: '/static/', type: 'prefix', payload: 1 },
        { group: 'g', path: '/items', type: 'exact', payload: 2 },
      ],
    );
    expect(router.match(undefined, undefined, 'GET', '/static/a.js')).toEqual({
      kind: 'found',
      payload: 1,
      matchedPath: '/static/',
      groupName: 'g',
    });
    expect(router.match(undefined, undefined, 'GET', '/items')).toMatchObject({ matchedPath: '/items', payload: 2 });
  });

  it('path - exact paths compare as strings, so a trailing slash is a different route', () => {
    const match = routerWith([
      { path: '/items', type: 'exact', payload: 'bare' },
      { path: '/items/', type: 'exact', payload: 'slash' },
    ]);
    expect(match('/items')).toBe('found g:bare');
    expect(match('/items/')).toBe('found g:slash');
    expect(match('/items/1')).toBe('route-not-found g');
  });

  it('path - a query string is ignored', () => {
    const match = routerWith([
      { path: '/items', type: 'exact', payload: 'exact' },
      { path: '/files', type: 'prefix', payload: 'files' },
    ]);
    expect(match('/items?page=2')).toBe('found g:exact');
    expect(match('/items?')).toBe('found g:exact');
    expect(match('/files?next=/a/b')).toBe('found g:files');
    expect(match('/filesx?x=/files')).toBe('route-not-found g');
  });

  it('path - a prefix is found beneath nodes that carry no route', () => {
    const match = routerWith([
      { path: '/a', type: 'prefix', payload: 'a' },
      { path: '/a/b/c/d', type: 'prefix', payload: 'abcd' },
    ]);
    expect(match('/a/b/c/x')).toBe('found g:a');
    expect(match('/a/b/c/d/e')).toBe('found g:abcd');
  });

  it('path - empty segments in a request path are compared as segments', () => {
    const match = routerWith([
      { path: '/api', type: 'prefix', payload: 'api' },
      { path: '/api/v1', type: 'prefix', payload: 'v1' },
    ]);
    expect(match('/api//v1')).toBe('found g:api');
    expect(match('//api')).toBe('route-not-found g');
  });

  it('path - the same path in two groups routes by group', () => {
    const router = compileRouter(
      [
        { name: 'a', hosts: ['a.test'] },
        { name: 'b', hosts: ['b.test'] },
      ],
      [
        { group: 'a', path: '/items', type: 'exact', payload: 'a-items' },
        { group: 'b', path: '/items', type: 'exact', payload: 'b-items' },
      ],
    );
    expect(summarizeMatch(router.match('a.test', undefined, 'GET', '/items'))).toBe('found a:a-items');
    expect(summarizeMatch(router.match('b.test', undefined, 'GET', '/items'))).toBe('found b:b-items');
  });

  it('path - empty, relative or odd paths are route-not-found and never throw', () => {
    const match = routerWith([
      { path: '/', type: 'prefix', payload: 'root' },
      { path: '/', type: 'exact', payload: 'exact-root' },
    ]);
    expect(match('/')).toBe('found g:exact-root');
    const odd = ['', 'items', '*', '?', '?/x', 'http://g.test/x', ' /x', '\u0000', '%2F'];
    for (const path of odd) expect(match(path), JSON.stringify(path)).toBe('route-not-found g');
    expect(match(`/${'a/'.repeat(5_000)}`)).toBe('found g:root');
    const router = compileRouter([{ name: 'g', hosts: [], default: true }], []);
    expect(() => router.match(undefined, undefined, 'GET', undefined as unknown as string)).not.toThrow();
    expect(router.match(undefined, undefined, undefined as unknown as string, '/')).toEqual({ kind: 'route-not-found', groupName: 'g' });
  });

  it('path - results are shared read-only objects', () => {
    const router = compileRouter([{ name: 'g', hosts: [], default: true }], [{ group: 'g', path: '/', type: 'prefix', payload: 'p' }]);
    const first = router.match(undefined, undefined, 'GET', '/a');
    expect(first).toBe(router.match(undefined, undefined, 'GET', '/b'));
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(router.match(undefined, 'nope', 'GET', '/'))).toBe(true);
  });
});
