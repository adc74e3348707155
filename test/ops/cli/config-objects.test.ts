import { describe, expect, it } from 'vitest';
import { findObject, objectKey, objectKindOf, objectName, objectNames, objectTable } from '../../../ops/cli/config-objects.js';

const document = {
  version: 1,
  groups: [{ name: 'shop', hosts: ['shop.test'], default: true }],
  apis: [{ name: 'orders', group: 'shop', match: { path: '/orders', type: 'prefix', methods: ['GET', 'POST'] }, backend: { protocol: 'http', cluster: 'orders' } }],
  clusters: [{ name: 'orders', lb: 'weighted', endpoints: [{ url: 'http://10.0.0.1:80' }, { url: 'http://10.0.0.2:80' }] }],
  bindings: [
    { id: 'trace-all', plugin: 'request-id', scope: 'global' },
    { plugin: 'header-rewrite', scope: 'api', group: 'shop', api: 'orders', enabled: false },
  ],
};

describe('cli config objects', () => {
  it('cli config objects - kinds are named singular or plural', () => {
    expect(['api', 'apis', 'groups', 'cluster', 'bindings', 'config'].map(objectKindOf)).toEqual(['api', 'api', 'group', 'cluster', 'binding', undefined]);
  });

  it('cli config objects - APIs are group/name, bindings their id or their placement, each with its KV key', () => {
    expect(objectNames(document, 'api')).toEqual(['shop/orders']);
    expect(objectNames(document, 'binding')).toEqual(['trace-all', 'api/shop/orders/header-rewrite']);
    expect(objectKey('binding', document.bindings[1] as Record<string, unknown>)).toBe('binding.api/shop/orders/header-rewrite');
    expect(findObject(document, 'binding', 'binding.trace-all')).toBe(document.bindings[0]);
    expect(findObject(document, 'binding', 'api/shop/orders/header-rewrite')).toBe(document.bindings[1]);
    expect(findObject(document, 'api', 'api.shop.orders')).toBe(document.apis[0]);
    expect(findObject(document, 'api', 'orders')).toBeUndefined();
    expect(objectName('cluster', document.clusters[0] as Record<string, unknown>)).toBe('orders');
  });

  it('cli config objects - tables show what an operator scans for', () => {
    expect(objectTable('api', document.apis)).toBe('API          MATCH           METHODS   BACKEND      PLUGINS\nshop/orders  prefix /orders  GET,POST  http orders  -\n');
    expect(objectTable('cluster', document.clusters)).toBe('NAME    LB        ENDPOINTS\norders  weighted  http://10.0.0.1:80,http://10.0.0.2:80\n');
    expect(objectTable('binding', document.bindings)).toBe(
      'BINDING                         PLUGIN          SCOPE   TARGET       ENABLED\n'
      + 'trace-all                       request-id      global  -            yes\n'
      + 'api/shop/orders/header-rewrite  header-rewrite  api     shop/orders  no\n',
    );
    expect(objectTable('group', document.groups)).toBe('NAME  HOSTS      DEFAULT\nshop  shop.test  yes\n');
  });
});
