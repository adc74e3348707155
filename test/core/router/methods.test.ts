import { describe, expect, it } from 'vitest';
import { compileRouter, type RouteInput } from '../../../core/router/index.js';
import { summarizeMatch } from './match-summary.js';

function routerWith(routes: readonly Omit<RouteInput<string>, 'group'>[]) {
  const router = compileRouter(
    [{ name: 'g', hosts: [], default: true }],
    routes.map((r) => ({ ...r, group: 'g' })),
  );
  return (method: string, path: string) => summarizeMatch(router.match(undefined, undefined, method, path));
}

describe('methods', () => {
  it('method - a route without methods accepts any method, in any case', () => {
    const match = routerWith([{ path: '/any', type: 'exact', payload: 'any' }]);
    for (const method of ['GET', 'POST', 'PURGE', 'get', '']) expect(match(method, '/any'), method).toBe('found g:any');
  });

  it('method - config methods are upper-cased; request methods compare case-sensitively', () => {
    const match = routerWith([{ path: '/items', type: 'exact', methods: ['get', 'Post'], payload: 'items' }]);
    expect(match('GET', '/items')).toBe('found g:items');
    expect(match('POST', '/items')).toBe('found g:items');
    expect(match('get', '/items')).toBe('route-not-found g');
    expect(match('DELETE', '/items')).toBe('route-not-found g');
  });

  it('method - routes sharing a path split by method', () => {
    const match = routerWith([
      { path: '/items', type: 'exact', methods: ['GET', 'HEAD'], payload: 'read' },
      { path: '/items', type: 'exact', methods: ['POST'], payload: 'create' },
      { path: '/items', type: 'prefix', methods: ['GET'], payload: 'prefix-read' },
      { path: '/items', type: 'prefix', methods: ['DELETE'], payload: 'prefix-delete' },
    ]);
    expect(match('GET', '/items')).toBe('found g:read');
    expect(match('HEAD', '/items')).toBe('found g:read');
    expect(match('POST', '/items')).toBe('found g:create');
    expect(match('DELETE', '/items/3')).toBe('found g:prefix-delete');
    expect(match('GET', '/items/3')).toBe('found g:prefix-read');
  });

  it('method - falls back from the exact route to the prefix route on the same path', () => {
    const match = routerWith([
      { path: '/items', type: 'exact', methods: ['GET'], payload: 'exact-get' },
      { path: '/items', type: 'prefix', methods: ['POST'], payload: 'prefix-post' },
    ]);
    expect(match('GET', '/items')).toBe('found g:exact-get');
    expect(match('POST', '/items')).toBe('found g:prefix-post');
    expect(match('PUT', '/items')).toBe('route-not-found g');
  });

  it('method - falls back through shorter prefixes before route-not-found', () => {
    const match = routerWith([
      { path: '/api/v1/orders', type: 'exact', methods: ['GET'], payload: 'exact' },
      { path: '/api/v1', type: 'prefix', methods: ['POST'], payload: 'v1-post' },
      { path: '/api', type: 'prefix', methods: ['PUT'], payload: 'api-put' },
      { path: '/', type: 'prefix', methods: ['DELETE'], payload: 'root-delete' },
    ]);
    expect(match('GET', '/api/v1/orders')).toBe('found g:exact');
    expect(match('POST', '/api/v1/orders')).toBe('found g:v1-post');
    expect(match('PUT', '/api/v1/orders')).toBe('found g:api-put');
    expect(match('DELETE', '/api/v1/orders')).toBe('found g:root-delete');
    expect(match('PATCH', '/api/v1/orders')).toBe('route-not-found g');
  });

  it('method - an any-method prefix catches what a more specific route refuses', () => {
    const match = routerWith([
      { path: '/upload', type: 'prefix', methods: ['POST'], payload: 'upload' },
      { path: '/', type: 'prefix', payload: 'catch-all' },
    ]);
    expect(match('POST', '/upload/a')).toBe('found g:upload');
    expect(match('GET', '/upload/a')).toBe('found g:catch-all');
  });

  it('method - describe lists methods upper-cased, de-duplicated and sorted, null for any', () => {
    const router = compileRouter(
      [{ name: 'g', hosts: [], default: true }],
      [
        { group: 'g', path: '/a', type: 'exact', methods: ['post', 'GET', 'get'], payload: 0 },
        { group: 'g', path: '/b', type: 'exact', payload: 1 },
      ],
    );
    const routes = router.describe().groups[0]?.routes ?? [];
    expect(routes.map((r) => r.methods)).toEqual([['GET', 'POST'], null]);
  });
});
