import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWasmPlugin, type WasmFailureEvent, type WasmPluginDefinition } from '../../../core/wasm/index.js';
import { parsePluginManifest } from '../../../sdk/plugin/manifest.js';
import { baseConfig } from '../../support/gateway-harness.js';
import { startUpstreamGateway, type UpstreamGateway } from '../../core/support/upstream-gateway.js';
import { call } from '../../core/pipeline/gateway-calls.js';
import { MISBEHAVE_PATH, watModule } from '../../fixtures/wasm/wat-module.js';
import { loadExamplePlugin } from '../support/built-wasm-plugin.js';

interface Echo {
  url: string;
  headers: Record<string, string | undefined>;
}

describe('WASM plugins in the real gateway', () => {
  let gw: UpstreamGateway;
  let plugins: WasmPluginDefinition[];
  const failures: WasmFailureEvent[] = [];

  beforeAll(async () => {
    const spinManifest = parsePluginManifest({
      name: 'spin', version: '1.0.0', kind: 'wasm', priority: 0, phases: ['request'],
      configSchema: { type: 'object' }, limits: { timeoutMs: 30, memoryMiB: 4 },
    });
    // A breaker that stays closed, so every looping call really runs into the time limit.
    const calm = { errorThresholdPercentage: 100, volumeThreshold: 1_000, rollingCountTimeoutMs: 10_000, resetTimeoutMs: 1_000 };
    plugins = [
      await loadExamplePlugin('wasm-allow-deny'),
      await loadExamplePlugin('wasm-stamp'),
      await loadWasmPlugin(spinManifest, await watModule('spin'), { breaker: calm, onFailure: (event) => failures.push(event) }),
    ];
    gw = await startUpstreamGateway((upstreamUrl) => baseConfig({
      apis: [
        {
          name: 'shop', group: 'g', match: { path: '/shop', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up' },
          plugins: [
            { name: 'wasm-allow-deny', config: { denyPaths: ['/shop/admin'], denyHeaders: [{ name: 'x-debug' }] } },
            { name: 'wasm-stamp', config: { value: 'edge-7' } },
          ],
        },
        {
          name: 'slow', group: 'g', match: { path: '/slow', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up' },
          plugins: [{ name: 'spin', config: {} }],
        },
      ],
      clusters: [{ name: 'up', endpoints: [{ url: upstreamUrl }] }],
    }), plugins);
  }, 120_000);

  afterAll(async () => {
    await gw.stop();
    // Retired snapshots close their plugin instances; every Extism instance is gone.
    for (const plugin of plugins) expect(plugin.stats().liveGuests).toBe(0);
  });

  it('wasm in the gateway - allow-deny lets a call through and stamp marks the response', async () => {
    const answer = await call(gw.url, '/shop/items');
    expect(answer.status).toBe(200);
    expect(answer.json<Echo>().url).toBe('/shop/items');
    expect(answer.headers['x-gantry-stamp']).toBe('edge-7');
  });

  it('wasm in the gateway - allow-deny answers 403 / 8101 for a denied path or header, without calling upstream', async () => {
    const before = gw.upstream.received.length;
    const byPath = await call(gw.url, '/shop/admin/users');
    expect(byPath.status).toBe(403);
    expect(byPath.resultCode).toBe(8101);
    const byHeader = await call(gw.url, '/shop/items', { headers: { 'x-debug': '1' } });
    expect(byHeader.resultCode).toBe(8101);
    expect(gw.upstream.received.length).toBe(before);
  });

  it('wasm in the gateway - a looping plugin gives 7777 on its API while other calls keep being served', async () => {
    const looping = call(gw.url, `/slow${MISBEHAVE_PATH}`);
    const others = await Promise.all([call(gw.url, '/shop/a'), call(gw.url, '/shop/b')]);
    const stopped = await looping;
    expect(stopped.resultCode).toBe(7777);
    expect(stopped.status).toBe(502);
    for (const other of others) expect(other.status).toBe(200);
    expect(failures.at(-1)).toMatchObject({ plugin: 'spin', kind: 'timeout' });
    const next = await call(gw.url, '/slow/ok');
    expect(next.status).toBe(200);
  });
});
