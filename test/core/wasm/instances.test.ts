import { describe, expect, it } from 'vitest';
import { loadedPluginInfo, MemoryKeyValueStore } from '../../../core/wasm/index.js';
import { headerRewrite } from '../../../plugins/header-rewrite/plugin.js';
import { createTestHost } from '../../../sdk/testing/index.js';
import { loadFixturePlugin } from './wasm-fixture-plugin.js';

describe('wasm instances', () => {
  it('instances - concurrent calls each get an instance; close frees them all', async () => {
    const definition = await loadFixturePlugin('trap', {}, { poolSize: 2 });
    const host = await createTestHost(definition, {});
    const results = await Promise.all(Array.from({ length: 8 }, () => host.request({ path: '/ok' })));
    expect(results.every((result) => result.reply === undefined)).toBe(true);
    expect(definition.stats().liveGuests).toBeLessThanOrEqual(2);
    await host.close();
    expect(definition.stats().liveGuests).toBe(0);
  });

  it('instances - one instance serves 12,000 calls (Extism buffers are reset after every call)', async () => {
    const definition = await loadFixturePlugin('trap', {}, { recycleAfterCalls: Number.POSITIVE_INFINITY, poolSize: 1 });
    const host = await createTestHost(definition, {});
    for (let i = 0; i < 12_000; i++) await host.request({ path: '/ok' });
    expect(definition.stats()).toMatchObject({ calls: 12_000, failures: 0, liveGuests: 1 });
    await host.close();
  });

  it('instances - a worn-out instance is replaced after recycleAfterCalls', async () => {
    const definition = await loadFixturePlugin('trap', {}, { recycleAfterCalls: 3, poolSize: 1 });
    const host = await createTestHost(definition, {});
    for (let i = 0; i < 10; i++) expect((await host.request({ path: '/ok' })).reply).toBeUndefined();
    expect(definition.stats().liveGuests).toBe(1);
    await host.close();
    expect(definition.stats().liveGuests).toBe(0);
  });

  it('instances - closing while a call is in flight closes that instance when the call ends', async () => {
    const definition = await loadFixturePlugin('trap');
    const host = await createTestHost(definition, {});
    const inFlight = host.request({ path: '/ok' });
    await host.close();
    expect((await inFlight).reply).toBeUndefined();
    expect(definition.stats().liveGuests).toBe(0);
  });

  it('instances - node status reports name, version, kind and the sha256 of the published bytes', async () => {
    const definition = await loadFixturePlugin('trap');
    expect(loadedPluginInfo(definition)).toEqual({ name: 'fixture-trap', version: '1.0.0', kind: 'wasm', sha256: definition.sha256 });
    expect(loadedPluginInfo(headerRewrite)).toEqual({ name: 'header-rewrite', version: '1.0.0', kind: 'ts', sha256: '' });
  });

  it('instances - gantry_input_copy past the end of the guest memory fails the call like a trap', async () => {
    const definition = await loadFixturePlugin('oob-copy');
    const host = await createTestHost(definition, {});
    const error: unknown = await host.request({ path: '/ok' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 7777, detail: 'plugin.fixture-oob-copy.trap' });
    await host.close();
  });

  it('instances - gantry_log writes to the plugin log at the given level', async () => {
    const definition = await loadFixturePlugin('logger');
    const host = await createTestHost(definition, {});
    await host.request({ path: '/ok' });
    expect(host.logs).toEqual(['warn: hi']);
    await host.close();
  });
});

describe('per-node key/value store', () => {
  it('kv - each plugin has its own space; values are copied in', () => {
    const store = new MemoryKeyValueStore();
    const value = new Uint8Array([1, 2]);
    expect(store.set('a', 'k', value)).toBe(true);
    value[0] = 9;
    expect(store.get('a', 'k')).toEqual(new Uint8Array([1, 2]));
    expect(store.get('b', 'k')).toBeUndefined();
    expect(store.set('a', 'k', undefined)).toBe(true);
    expect(store.get('a', 'k')).toBeUndefined();
  });

  it('kv - the quota refuses too many keys, oversized values and too many bytes', () => {
    const store = new MemoryKeyValueStore({ maxKeys: 2, maxKeyBytes: 4, maxValueBytes: 8, maxTotalBytes: 14 });
    expect(store.set('p', 'long-key', new Uint8Array(1))).toBe(false);
    expect(store.set('p', 'a', new Uint8Array(9))).toBe(false);
    expect(store.set('p', 'a', new Uint8Array(6))).toBe(true);
    expect(store.set('p', 'b', new Uint8Array(7))).toBe(false);
    expect(store.set('p', 'b', new Uint8Array(6))).toBe(true);
    expect(store.set('p', 'c', new Uint8Array(0))).toBe(false);
    expect(store.set('p', 'a', new Uint8Array(5))).toBe(true);
  });
});
