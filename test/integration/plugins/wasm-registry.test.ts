/**
 * WASM plugins through the registry: a signed Extism module is fetched, verified and loaded with
 * `loadWasmPlugin`, runs sandboxed (a trap fails only its call: 7777, or nothing under
 * `failurePolicy: open`), and swaps like a TypeScript plugin when a new version is published.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishPlugin } from '../../../bus/plugins/plugin-registry.js';
import { signingKeyFromSeed } from '../../../bus/plugins/plugin-signature.js';
import { parsePluginManifest } from '../../../sdk/plugin/manifest.js';
import { MISBEHAVE_PATH, watModule } from '../../fixtures/wasm/wat-module.js';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';
import type { NatsNode } from '../../../ops/node/start-nats-node.js';
import { openRegistryNode, type RegistryNodeFixture } from './registry-node-fixture.js';

/** A call with no headers but Host, so the exchange view stays short unless the path is long. */
async function stampOf(node: NatsNode, path: string): Promise<{ status: number; code: string }> {
  const result = await call(`http://127.0.0.1:${node.gateway.httpPort}`, path);
  return { status: result.status, code: String(result.resultCode) };
}

describe('wasm plugins from the registry', () => {
  let fx: RegistryNodeFixture;

  beforeEach(async () => {
    fx = await openRegistryNode();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  async function publishGuard(version: string): Promise<void> {
    const manifest = parsePluginManifest({ name: 'guard', version, kind: 'wasm', priority: 5, phases: ['request'], configSchema: { type: 'object' }, limits: { timeoutMs: 50, memoryMiB: 4 } });
    await publishPlugin(fx.os, { manifest, module: await watModule('trap'), key: signingKeyFromSeed(fx.key.seed), actor: 'tester' });
  }

  it('wasm registry - a signed module loads, traps fail only their call by failure policy, and a new version swaps in', async () => {
    await publishGuard('1.0.0');
    await fx.commit({ closed: [{ name: 'guard@^1' }], open: [{ name: 'guard@^1', failurePolicy: 'open' }] });
    const node = await fx.startNode('w1');
    expect((await stampOf(node, '/closed')).status).toBe(200);
    expect(await stampOf(node, `/closed${MISBEHAVE_PATH}`)).toMatchObject({ status: 502, code: '7777' });
    expect((await stampOf(node, `/open${MISBEHAVE_PATH}`)).status).toBe(200);
    expect((await stampOf(node, '/closed')).status).toBe(200);
    expect(node.status().plugins).toEqual([{ name: 'guard', version: '1.0.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

    await publishGuard('1.1.0');
    await pollUntil(() => (node.status().plugins.some((p) => p.version === '1.1.0') ? true : undefined), 'the swap to guard 1.1.0', 10_000);
    expect((await stampOf(node, '/closed')).status).toBe(200);
    expect(node.status().plugins.map((p) => p.version)).toEqual(['1.1.0']);
  });

  it('wasm registry - a plugin that keeps trapping opens its own breaker, which the node audits', async () => {
    await publishGuard('1.0.0');
    await fx.commit({ closed: [{ name: 'guard' }], other: [] });
    const node = await fx.startNode('w2');
    for (let i = 0; i < 8; i++) expect((await stampOf(node, `/closed${MISBEHAVE_PATH}`)).code).toBe('7777');
    expect((await stampOf(node, '/other')).status).toBe(200);
    const opened = await pollUntil(async () => (await fx.plane.auditEvents()).find((e) => e.kind === 'plugin.breaker'), 'the breaker audit', 10_000);
    expect(opened).toMatchObject({ actor: 'node:w2', key: 'guard@1.0.0', new: { state: 'open' } });
  });
});
