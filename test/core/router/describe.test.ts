import { describe, expect, it } from 'vitest';
import { compileRouter } from '../../../core/router/index.js';

describe('describe', () => {
  const router = compileRouter(
    [
      { name: 'shop', hosts: ['Shop.test', '*.shop.test'] },
      { name: 'fallback', hosts: [], default: true },
    ],
    [
      { group: 'fallback', path: '/', type: 'prefix', payload: { apiId: 'catch-all' } },
      { group: 'shop', path: '/items', type: 'exact', methods: ['get'], payload: { apiId: 'list' } },
      { group: 'shop', path: '/items/', type: 'prefix', payload: { apiId: 'item' } },
    ],
  );

  it('describe - lists groups in config order with hosts, default flag and routes', () => {
    expect(router.describe()).toEqual({
      groups: [
        {
          name: 'shop',
          hosts: ['shop.test', '*.shop.test'],
          default: false,
          routes: [
            { index: 1, path: '/items', type: 'exact', methods: ['GET'], payload: { apiId: 'list' } },
            { index: 2, path: '/items/', type: 'prefix', methods: null, payload: { apiId: 'item' } },
          ],
        },
        {
          name: 'fallback',
          hosts: [],
          default: true,
          routes: [{ index: 0, path: '/', type: 'prefix', methods: null, payload: { apiId: 'catch-all' } }],
        },
      ],
    });
  });

  it('describe - returns fresh arrays, so a caller editing one cannot change the router', () => {
    const first = router.describe();
    (first.groups[0]?.hosts as string[]).push('evil.test');
    (first.groups[0]?.routes[0]?.methods as string[]).push('DELETE');
    const second = router.describe();
    expect(second.groups[0]?.hosts).toEqual(['shop.test', '*.shop.test']);
    expect(second.groups[0]?.routes[0]?.methods).toEqual(['GET']);
    expect(router.match('evil.test', undefined, 'GET', '/items')).toMatchObject({ groupName: 'fallback' });
    expect(router.match('shop.test', undefined, 'DELETE', '/items')).toMatchObject({ kind: 'found', matchedPath: '/items/' });
  });
});
