import { describe, expect, it } from 'vitest';
import { rewriteUpstreamPath } from '../../../core/snapshot/compiled-api.js';

describe('rewrite upstream path', () => {
  const table: [backendPath: string | undefined, clientPath: string, matchedPath: string, upstream: string][] = [
    [undefined, '/items/42', '/items', '/items/42'],
    [undefined, '/a/b', '/', '/a/b'],
    ['/v1/items', '/items', '/items', '/v1/items'],
    ['/v1/items', '/items/42', '/items', '/v1/items/42'],
    ['/v1/items', '/items/', '/items', '/v1/items/'],
    ['/v1/items/', '/items/42', '/items', '/v1/items/42'],
    ['/v1/items/', '/items', '/items', '/v1/items/'],
    ['/v1', '/items/42/x', '/items/', '/v1/42/x'],
    ['/v1', '/items/', '/items/', '/v1'],
    ['/v1', '/items', '/items/', '/v1'],
    ['/', '/items/42', '/items', '/42'],
    ['/', '/items', '/items', '/'],
    ['/up', '/a/b', '/', '/up/a/b'],
    ['/up/', '/a/b', '/', '/up/a/b'],
    ['/exact-target', '/ping', '/ping', '/exact-target'],
  ];

  it.each(table)('rewrite upstream path - backend %s, client %s, matched %s → %s', (backendPath, clientPath, matchedPath, upstream) => {
    expect(rewriteUpstreamPath(backendPath, clientPath, matchedPath)).toBe(upstream);
  });
});
