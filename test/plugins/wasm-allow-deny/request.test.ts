import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmPluginDefinition } from '../../../core/wasm/index.js';
import { createTestHost, type TestHost } from '../../../sdk/testing/index.js';
import { loadExamplePlugin } from '../support/built-wasm-plugin.js';

let definition: WasmPluginDefinition;
const hosts: TestHost[] = [];

beforeAll(async () => {
  definition = await loadExamplePlugin('wasm-allow-deny');
}, 120_000);

afterAll(async () => {
  for (const host of hosts) await host.close();
  expect(definition.stats().liveGuests).toBe(0);
});

async function host(config: unknown): Promise<TestHost> {
  const created = await createTestHost(definition, config);
  hosts.push(created);
  return created;
}

describe('wasm-allow-deny - request', () => {
  it('wasm-allow-deny - an empty config lets everything through unchanged', async () => {
    const allowAll = await host({});
    const { exchange, reply } = await allowAll.request({ path: '/anything', headers: { 'x-a': '1' } });
    expect(reply).toBeUndefined();
    expect(exchange.path).toBe('/anything');
    expect(exchange.headers).toEqual({ 'x-a': '1' });
  });

  it('wasm-allow-deny - a denied path prefix is answered 8101 with 403', async () => {
    const deny = await host({ denyPaths: ['/admin'] });
    expect((await deny.request({ path: '/admin/users' })).reply).toMatchObject({ code: 'AccessControlForbidden', detail: 'plugin.wasm-allow-deny.reply' });
    expect((await deny.request({ path: '/shop' })).reply).toBeUndefined();
  });

  it('wasm-allow-deny - a denied header refuses by presence, or by exact value when one is given', async () => {
    const deny = await host({ denyHeaders: [{ name: 'X-Debug' }, { name: 'x-tenant', value: 'blocked' }] });
    expect((await deny.request({ headers: { 'x-debug': '0' } })).reply?.code).toBe('AccessControlForbidden');
    expect((await deny.request({ headers: { 'x-tenant': 'blocked' } })).reply?.code).toBe('AccessControlForbidden');
    expect((await deny.request({ headers: { 'x-tenant': 'fine' } })).reply).toBeUndefined();
  });

  it('wasm-allow-deny - allowPaths lets only listed prefixes through', async () => {
    const allow = await host({ allowPaths: ['/public', '/shop'] });
    expect((await allow.request({ path: '/shop/1' })).reply).toBeUndefined();
    expect((await allow.request({ path: '/private' })).reply?.code).toBe('AccessControlForbidden');
  });

  it('wasm-allow-deny - requireHeaders refuses a call missing one', async () => {
    const require = await host({ requireHeaders: ['authorization'] });
    expect((await require.request({ headers: { authorization: 'Bearer x' } })).reply).toBeUndefined();
    expect((await require.request({})).reply?.code).toBe('AccessControlForbidden');
  });

  it('wasm-allow-deny - code, status and a non-ASCII message shape the refusal', async () => {
    const custom = await host({ denyPaths: ['/'], code: 2300, status: 401, message: 'accès refusé ✋' });
    const { reply } = await custom.request({ path: '/x' });
    expect(reply).toMatchObject({ code: 'NoAccessForThisAppId', status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(Buffer.from(reply?.body ?? '').toString('utf8')).toBe('accès refusé ✋');
  });
});
