import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePluginBucket } from '../../../bus/plugins/plugin-bucket.js';
import { publishPlugin, yankRelease } from '../../../bus/plugins/plugin-registry.js';
import { createSigningKey, signingKeyFromSeed } from '../../../bus/plugins/plugin-signature.js';
import { parsePluginManifest } from '../../../sdk/plugin/manifest.js';
import { requestId } from '../../../plugins/request-id/plugin.js';
import { stampModuleSource, tsManifest } from '../../bus/plugins/plugin-bucket-fixture.js';
import { uniqueName } from '../../bus/support/test-bucket.js';
import { collectNodes } from '../../../bus/status/collect-nodes.js';
import { pollUntil } from '../../core/pipeline/gateway-calls.js';
import { freePort } from '../../ops/cli/cli-process.js';
import { openRegistryNode, stampOf, type RegistryNodeFixture } from './registry-node-fixture.js';

describe('plugin registry on a node', () => {
  let fx: RegistryNodeFixture;

  beforeEach(async () => {
    fx = await openRegistryNode();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('registry node - loads the bound version before serving, reports it with its sha256, and audits the load', async () => {
    await fx.publishStamp('1.0.0');
    await fx.commit({ a: [{ name: 'stamp@^1' }] });
    const node = await fx.startNode('r1');
    expect(await stampOf(node, '/a')).toMatchObject({ status: 200, stamp: '1.0.0' });
    expect(node.status().plugins).toEqual([{ name: 'stamp', version: '1.0.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const [listed] = await collectNodes(fx.plane.nc, { subjectRoot: fx.plane.subjectRoot });
    expect(listed?.plugins).toEqual(node.status().plugins);
    const loaded = await pollUntil(async () => (await fx.plane.auditEvents()).find((e) => e.kind === 'plugin.loaded'), 'plugin.loaded', 10_000);
    expect(loaded).toMatchObject({ actor: 'node:r1', node: 'r1', key: 'stamp@1.0.0' });

    // Binding another version is a config change: the node loads it before the new snapshot serves.
    await fx.publishStamp('2.0.0');
    const revision = await fx.commit({ a: [{ name: 'stamp@2.0.0' }] });
    await pollUntil(() => (node.status().appliedRevision === revision ? true : undefined), `revision ${revision}`, 10_000);
    expect(await stampOf(node, '/a')).toMatchObject({ status: 200, stamp: '2.0.0' });
  });

  it('registry node - a version published into the bound range swaps in; a yank swaps back; an exact pin keeps a yanked version', async () => {
    await fx.publishStamp('1.0.0');
    await fx.commit({ a: [{ name: 'stamp@^1' }], pinned: [{ name: 'stamp@1.1.0' }] });
    const node = await fx.startNode('r2');
    expect((await stampOf(node, '/pinned')).code).toBe('7777');
    await fx.publishStamp('1.1.0');
    await pollUntil(async () => ((await stampOf(node, '/a')).stamp === '1.1.0' ? true : undefined), 'the swap to 1.1.0');
    expect((await stampOf(node, '/pinned')).stamp).toBe('1.1.0');
    await fx.publishStamp('2.0.0');
    await yankRelease(fx.os, 'stamp', '1.1.0', { actor: 'tester', reason: 'bad' });
    await pollUntil(async () => ((await stampOf(node, '/a')).stamp === '1.0.0' ? true : undefined), 'the swap back to 1.0.0');
    expect((await stampOf(node, '/pinned')).stamp).toBe('1.1.0');
    expect(node.status().plugins.map((p) => `${p.name}@${p.version}`)).toEqual(['stamp@1.0.0', 'stamp@1.1.0']);
  });

  it('registry node - a release signed by an untrusted key is refused alone and audited; the last good version keeps serving', async () => {
    await fx.publishStamp('1.0.0');
    await fx.publishStamp('1.0.0', createSigningKey(), 'other');
    await fx.commit({ a: [{ name: 'stamp@^1' }], b: [{ name: 'other' }], c: [{ name: 'other', failurePolicy: 'open' }, { name: 'stamp' }] });
    const node = await fx.startNode('r3');
    expect(await stampOf(node, '/b')).toMatchObject({ status: 502, code: '7777' });
    expect(await stampOf(node, '/c')).toMatchObject({ status: 200, stamp: '1.0.0' });
    await fx.publishStamp('1.5.0', createSigningKey());
    const refused = await pollUntil(async () => (await fx.plane.auditEvents()).find((e) => e.kind === 'plugin.refused' && e.key === 'stamp@1.5.0'), 'the refusal of 1.5.0', 10_000);
    expect(refused.reason).toMatch(/^signed by untrusted key A/);
    expect((await fx.plane.auditEvents()).find((e) => e.kind === 'plugin.refused' && e.key === 'other@1.0.0')?.reason).toMatch(/untrusted key/);
    expect(await stampOf(node, '/a')).toMatchObject({ status: 200, stamp: '1.0.0' });
  });

  it('registry node - a release named like a built-in plugin is refused at any version: the name is reserved on the node', async () => {
    await fx.publishStamp('1.0.0');
    // 1.5.0 satisfies the binding's range better than the built-in 1.0.0, but must not be picked.
    await fx.publishStamp('1.5.0', undefined, 'request-id');
    await fx.commit({ a: [{ name: 'stamp@^1' }], b: [{ name: 'request-id@^1' }] });
    const node = await fx.startNode('r5', {}, [requestId]);
    const refused = await pollUntil(async () => (await fx.plane.auditEvents()).find((e) => e.kind === 'plugin.refused' && e.key === 'request-id@1.5.0'), 'the refusal of request-id@1.5.0', 10_000);
    expect(refused.reason).toMatch(/built in/);
    // The API keeps the built-in: its answer carries the id header the built-in request-id sets.
    const answer = await fetch(`http://127.0.0.1:${node.gateway.httpPort}/b`, { headers: { host: 'gateway.test' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('registry node - restarted while NATS is unreachable, it serves its last-good config with the plugin versions it kept on disk', async () => {
    await fx.publishStamp('1.0.0');
    await fx.publishStamp('1.2.0');
    await fx.commit({ a: [{ name: 'stamp@^1' }] });
    const first = await fx.startNode('r4');
    expect((await stampOf(first, '/a')).stamp).toBe('1.2.0');
    await first.stop();
    const port = await freePort();
    const again = await fx.startNode('r4', { bus: { servers: [`nats://127.0.0.1:${port}`] }, configWaitMs: 300, retryDelayMs: 100 });
    expect(await stampOf(again, '/a')).toMatchObject({ status: 200, stamp: '1.2.0' });
    expect(again.status()).toMatchObject({ state: 'stale', plugins: [{ name: 'stamp', version: '1.2.0' }] });
  });

  it('registry node - a bucket created after the node started is found, and its plugins bound', async () => {
    const late = uniqueName('gantry-plugins');
    await fx.commit({ a: [] });
    const node = await fx.startNode('r5', { plugins: { bucket: late, trustedKeys: [fx.key.publicKey] } });
    expect((await stampOf(node, '/a')).status).toBe(200);
    const os = await ensurePluginBucket(fx.plane.nc, late);
    try {
      await publishPlugin(os, { manifest: parsePluginManifest(tsManifest('stamp', '1.0.0')), module: new TextEncoder().encode(stampModuleSource('stamp', '1.0.0')), key: signingKeyFromSeed(fx.key.seed), actor: 'tester' });
      // Bound once the node has seen the bucket (it looks every 2 s), so the config is not refused.
      await pollUntil(() => (node.plugins.indexed('stamp').length > 0 ? true : undefined), 'the node to find the bucket', 10_000);
      await fx.commit({ a: [{ name: 'stamp@^1' }] });
      await pollUntil(async () => ((await stampOf(node, '/a')).stamp === '1.0.0' ? true : undefined), 'stamp bound from the late bucket', 10_000);
    } finally {
      await os.destroy();
    }
  });
});
