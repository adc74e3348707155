import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { call } from './gateway-calls.js';

/** A mock API whose answer body is its own name, so a test sees which route served it. */
function mockApi(name: string, group: string, path: string, type: 'exact' | 'prefix', methods?: string[]): Record<string, unknown> {
  return {
    name,
    group,
    match: { path, type, ...(methods ? { methods } : {}) },
    backend: { protocol: 'mock', status: 200, body: name },
  };
}

function routingConfig(): Record<string, unknown> {
  return {
    ...baseConfig({
      apis: [
        mockApi('items-exact', 'g', '/items', 'exact'),
        mockApi('items-prefix', 'g', '/items', 'prefix'),
        mockApi('items-special', 'g', '/items/special', 'prefix'),
        mockApi('orders-get', 'g', '/orders', 'exact', ['GET']),
        mockApi('orders-post', 'g', '/orders', 'prefix', ['POST']),
        mockApi('shop-home', 'shop', '/home', 'exact'),
        mockApi('wild-home', 'wild', '/home', 'exact'),
        mockApi('g-home', 'g', '/home', 'exact'),
      ],
    }),
    groups: [
      { name: 'g', hosts: ['gateway.test'], default: true },
      { name: 'shop', hosts: ['api.shop.test'] },
      { name: 'wild', hosts: ['*.shop.test'] },
    ],
  };
}

describe('routing', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway(routingConfig());
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('routing - x-gateway-group header selects the group by name', async () => {
    const answer = await call(gw.url, '/home', { headers: { 'x-gateway-group': 'shop', host: 'gateway.test' } });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('shop-home');
    expect(answer.resultCode).toBe(1100);
  });

  it('routing - unknown x-gateway-group is 3001 with no Host fallback', async () => {
    const answer = await call(gw.url, '/home', { headers: { 'x-gateway-group': 'nope', host: 'gateway.test' } });
    expect(answer.status).toBe(400);
    expect(answer.resultCode).toBe(3001);
    const body = answer.json<{ code: number; memo: string; tips: string; traceId: string }>();
    expect(body.code).toBe(3001);
    expect(body.memo).toBe('RouterGroupNotFound');
    expect(body.tips).toContain('nope');
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(body)).toEqual(['code', 'memo', 'tips', 'traceId']);
  });

  it('routing - an exact host wins over a wildcard covering it', async () => {
    expect((await call(gw.url, '/home', { headers: { host: 'api.shop.test' } })).text).toBe('shop-home');
    expect((await call(gw.url, '/home', { headers: { host: 'API.shop.test:8080' } })).text).toBe('shop-home');
  });

  it('routing - a wildcard host selects its group at any depth', async () => {
    expect((await call(gw.url, '/home', { headers: { host: 'm.shop.test' } })).text).toBe('wild-home');
    expect((await call(gw.url, '/home', { headers: { host: 'a.b.shop.test' } })).text).toBe('wild-home');
  });

  it('routing - an unknown host falls to the default group', async () => {
    expect((await call(gw.url, '/home', { headers: { host: 'elsewhere.test' } })).text).toBe('g-home');
    expect((await call(gw.url, '/home', { headers: { host: 'shop.test' } })).text).toBe('g-home');
  });

  it('routing - the exact route wins over a prefix route on the same path', async () => {
    expect((await call(gw.url, '/items')).text).toBe('items-exact');
    expect((await call(gw.url, '/items/42')).text).toBe('items-prefix');
    expect((await call(gw.url, '/items/')).text).toBe('items-prefix');
  });

  it('routing - the longest prefix wins', async () => {
    expect((await call(gw.url, '/items/special')).text).toBe('items-special');
    expect((await call(gw.url, '/items/special/7')).text).toBe('items-special');
    expect((await call(gw.url, '/items/specialx')).text).toBe('items-prefix');
  });

  it('routing - prefixes match whole segments only', async () => {
    const answer = await call(gw.url, '/itemsx');
    expect(answer.status).toBe(400);
    expect(answer.resultCode).toBe(3000);
  });

  it('routing - a method the best path refuses falls back to the next candidate', async () => {
    expect((await call(gw.url, '/orders')).text).toBe('orders-get');
    expect((await call(gw.url, '/orders', { method: 'POST', body: 'x' })).text).toBe('orders-post');
    const refused = await call(gw.url, '/orders', { method: 'DELETE' });
    expect(refused.resultCode).toBe(3000);
  });

  it('routing - an unknown route is 3000 with tips naming method, path and group', async () => {
    const answer = await call(gw.url, '/nowhere?x=1', { method: 'PUT', body: '' });
    expect(answer.status).toBe(400);
    expect(answer.resultCode).toBe(3000);
    const body = answer.json<{ code: number; memo: string; tips: string }>();
    expect(body.code).toBe(3000);
    expect(body.memo).toBe('RouterNotFound');
    expect(body.tips).toBe('no API for PUT /nowhere in group g');
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('routing - dot segments are removed before routing', async () => {
    expect((await call(gw.url, '/a/../items')).text).toBe('items-exact');
    expect((await call(gw.url, '/items/./special/x')).text).toBe('items-special');
    expect((await call(gw.url, '/../../items')).text).toBe('items-exact');
    expect((await call(gw.url, '//items')).text).toBe('items-exact');
  });

  it('routing - percent-encoded dots count as dots', async () => {
    expect((await call(gw.url, '/a/%2e%2e/items')).text).toBe('items-exact');
    expect((await call(gw.url, '/a/%2E%2e/items/42')).text).toBe('items-prefix');
    // An escaped slash is not a separator: `%2F` stays inside its segment.
    expect((await call(gw.url, '/items%2Fspecial')).resultCode).toBe(3000);
  });
});

describe('routing without a default group', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      ...baseConfig({ apis: [mockApi('home', 'g', '/home', 'exact')] }),
      groups: [{ name: 'g', hosts: ['gateway.test'] }],
    });
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('routing - no group for the host and no default group is 3001', async () => {
    const answer = await call(gw.url, '/home', { headers: { host: 'other.test' } });
    expect(answer.status).toBe(400);
    expect(answer.resultCode).toBe(3001);
    expect(answer.json<{ tips: string }>().tips).toContain('other.test');
    expect((await call(gw.url, '/home', { headers: { host: 'gateway.test' } })).text).toBe('home');
  });
});
