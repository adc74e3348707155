import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore, type WasmPluginDefinition } from '../../../core/wasm/index.js';
import { createTestExchange, createTestHost, type TestHost } from '../../../sdk/testing/index.js';
import { loadExamplePlugin } from '../support/built-wasm-plugin.js';

let definition: WasmPluginDefinition;
const hosts: TestHost[] = [];

beforeAll(async () => {
  definition = await loadExamplePlugin('wasm-stamp', { keyValue: new MemoryKeyValueStore() });
}, 120_000);

afterAll(async () => {
  for (const host of hosts) await host.close();
  expect(definition.stats().liveGuests).toBe(0);
});

async function host(config: unknown, switches: Record<string, unknown> = {}): Promise<TestHost> {
  const created = await createTestHost(definition, config, { switches });
  hosts.push(created);
  return created;
}

describe('wasm-stamp - response', () => {
  it('wasm-stamp - declares its switch and takes no request phase', () => {
    expect(definition.switches?.map((definitionOf) => definitionOf.name)).toEqual(['wasm-stamp.enabled']);
    expect(definition.manifest.phases).toEqual(['response']);
  });

  it('wasm-stamp - stamps the response with the configured header, keeping the others', async () => {
    const stamp = await host({ header: 'x-served-by', value: 'édge-1' });
    expect(stamp.instance.onRequest).toBeUndefined();
    const { response, reply } = await stamp.response(createTestExchange(), { status: 201, headers: { 'content-type': 'text/plain' } });
    expect(reply).toBeUndefined();
    expect(response.status).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'text/plain', 'x-served-by': 'édge-1' });
  });

  it('wasm-stamp - the switch turns the stamp off and on between calls', async () => {
    const stamp = await host({}, { 'wasm-stamp.enabled': false });
    expect((await stamp.response(createTestExchange())).response.headers['x-gantry-stamp']).toBeUndefined();
    stamp.switches.set('wasm-stamp.enabled', true);
    expect((await stamp.response(createTestExchange())).response.headers['x-gantry-stamp']).toBe('gantry');
  });

  it('wasm-stamp - withTime appends the call time from the host clock', async () => {
    const stamp = await host({ withTime: true });
    const before = Date.now();
    const value = (await stamp.response(createTestExchange())).response.headers['x-gantry-stamp'];
    const time = Number(String(value).split(';t=')[1]);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('wasm-stamp - count keeps a running count in the per-node store, across instances', async () => {
    const first = await host({ count: true });
    const second = await host({ count: true });
    const counts: unknown[] = [];
    for (const stamp of [first, second, first]) counts.push((await stamp.response(createTestExchange())).response.headers['x-gantry-stamp-count']);
    expect(counts).toEqual(['1', '2', '3']);
  });
});
