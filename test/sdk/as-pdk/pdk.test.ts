import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gantryError } from '../../../core/pipeline/gantry-error.js';
import { loadWasmPlugin, type WasmPluginDefinition } from '../../../core/wasm/index.js';
import { readPluginManifest } from '../../../sdk/as-pdk/build-plugin.js';
import { createTestExchange, createTestHost, type TestHost } from '../../../sdk/testing/index.js';
import { builtWasm } from '../../plugins/support/built-wasm-plugin.js';

const probeDir = new URL('../../fixtures/wasm/pdk-probe/', import.meta.url).pathname;
let definition: WasmPluginDefinition;
const hosts: TestHost[] = [];

beforeAll(async () => {
  definition = await loadWasmPlugin(await readPluginManifest(probeDir), await builtWasm(probeDir));
}, 120_000);

afterAll(async () => {
  for (const host of hosts) await host.close();
});

async function host(config: unknown): Promise<TestHost> {
  const created = await createTestHost(definition, config);
  hosts.push(created);
  return created;
}

describe('AssemblyScript PDK', () => {
  it('pdk - reads the request view and its edits reach the exchange in order', async () => {
    const probe = await host({ nested: { list: [{ name: 'a' }, { name: 'b' }] }, flag: true, number: 2.5 });
    const { exchange, reply } = await probe.request({
      method: 'PUT', path: '/orders/1', query: 'x=1', route: { group: 'shop', api: 'orders' },
      headers: { 'x-in': 'hello', 'x-drop': 'bye', 'x-multi': '1', accept: '*/*' }, body: Buffer.from('body'),
    });
    expect(reply).toBeUndefined();
    expect(exchange.path).toBe('/rewritten/orders/1');
    expect(exchange.query).toBe('x=1&probe=1');
    expect(exchange.headers).toMatchObject({
      'x-multi': ['1', '2'], 'x-echo-method': 'PUT', 'x-echo-header': 'hello', 'x-route': 'shop/orders',
      'x-header-count': '4', 'x-nested': 'b', 'x-flag': 'yes', 'x-number': '2.5',
    });
    expect(exchange.headers['x-drop']).toBeUndefined();
    expect(exchange.body?.toString()).toBe('body!');
  });

  it('pdk - concurrent calls on one plugin instance each get their own decision', async () => {
    const probe = await host({});
    const paths = Array.from({ length: 8 }, (_, i) => `/c${i}`);
    await Promise.all(paths.map((path) => probe.request({ path }))); // fills the pool
    const outcomes = await Promise.all(paths.map((path) => probe.request({ path })));
    expect(outcomes.map((outcome) => outcome.exchange.path)).toEqual(paths.map((path) => `/rewritten${path}`));
  });

  it('pdk - non-ASCII text survives the view, the JSON config with escapes, and the reply body', async () => {
    const message = 'line1\nline2 "q" \\ é ✓ 😀';
    const probe = await host({ mode: 'reply', code: 2300, message });
    const { reply } = await probe.request({ path: '/ünïcode', body: Buffer.from('ünï') });
    expect(reply).toMatchObject({ code: 'NoAccessForThisAppId', status: 418, headers: { 'x-r': '1' } });
    expect(Buffer.from(reply?.body ?? '').toString('utf8')).toBe(message);
  });

  it('pdk - the response phase reads the head and sets the status', async () => {
    const probe = await host({});
    const { response } = await probe.response(createTestExchange(), { status: 503, headers: { 'x-upstream': 'u1' } });
    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({ 'x-upstream-status': '503', 'x-saw-upstream': 'u1' });
  });

  it('pdk - the error phase sees the result code and may answer instead', async () => {
    const probe = await host({});
    const answer = await probe.error(createTestExchange(), gantryError('InvokeServiceTimeout'));
    expect(answer).toMatchObject({ code: 'success', status: 200 });
    expect(Buffer.from(answer?.body ?? '').toString()).toBe('recovered from 4001/504');
  });
});
