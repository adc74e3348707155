/**
 * The node keeps following the registry across a NATS server restart: a version published after
 * the restart still swaps in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBus } from '../../../bus/connection.js';
import { ensureConfigBucket } from '../../../bus/config/config-bucket.js';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { ensurePluginBucket } from '../../../bus/plugins/plugin-bucket.js';
import { publishPlugin } from '../../../bus/plugins/plugin-registry.js';
import { isPluginRegistryError } from '../../../bus/plugins/plugin-registry-error.js';
import { createSigningKey, signingKeyFromSeed } from '../../../bus/plugins/plugin-signature.js';
import { defaultGatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { startNatsNode, type NatsNode } from '../../../ops/node/start-nats-node.js';
import { parsePluginManifest } from '../../../sdk/plugin/manifest.js';
import { stampModuleSource, tsManifest } from '../../bus/plugins/plugin-bucket-fixture.js';
import { createRestartableNats, type RestartableNats } from '../../bus/support/restartable-nats.js';
import { pollUntil } from '../../core/pipeline/gateway-calls.js';
import { stampOf } from './registry-node-fixture.js';

describe('registry across a NATS restart', () => {
  let nats: RestartableNats | undefined;
  let node: NatsNode | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await node?.stop();
    await nats?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('registry restart - a version published after the server restarted swaps in', async () => {
    nats = await createRestartableNats();
    await nats.start();
    dir = await mkdtemp(join(tmpdir(), 'gantry-registry-restart-'));
    const key = createSigningKey();
    const publish = async (version: string): Promise<void> => {
      const nc = await connectBus({ servers: [nats?.url ?? ''], name: 'gantry-test-publisher' });
      try {
        const manifest = parsePluginManifest(tsManifest('stamp', version));
        await publishPlugin(await ensurePluginBucket(nc, 'gantry-plugins'), { manifest, module: new TextEncoder().encode(stampModuleSource('stamp', version)), key: signingKeyFromSeed(key.seed), actor: 'tester' });
      } finally {
        await nc.close();
      }
    };
    await publish('5.0.0');
    const nc = await connectBus({ servers: [nats.url], name: 'gantry-test-writer' });
    await writeChangeSet(await ensureConfigBucket(nc, 'gantry-config'), {
      version: 1, groups: [{ name: 'g', default: true }],
      apis: [{ name: 'a', group: 'g', match: { path: '/a', type: 'exact' }, backend: { protocol: 'mock' }, plugins: [{ name: 'stamp@^5' }] }],
    }, { actor: 'tester', reason: 'test', kind: 'apply' });
    await nc.close();

    const { nodeId: _id, ...gateway } = defaultGatewayOptions(new PluginCatalog(), new StaticSwitches());
    node = await startNatsNode({
      nodeId: 'restart', gateway: { ...gateway, processMetrics: false, logDir: join(dir, 'logs'), httpPort: 0, adminPort: 0 },
      bus: { servers: [nats.url], reconnectTimeWaitMs: 100 }, dataDir: join(dir, 'data'), retryDelayMs: 100, heartbeatIntervalMs: 200,
      plugins: { bucket: 'gantry-plugins', trustedKeys: [key.publicKey] },
    });
    expect((await stampOf(node, '/a')).stamp).toBe('5.0.0');

    await nats.stop();
    await nats.start();
    await pollUntil(async () => {
      try {
        await publish('5.1.0');
        return true;
      } catch (error) {
        // An attempt whose ack was lost may have stored it: then it exists, which is what we wanted.
        return isPluginRegistryError(error, 'exists') ? true : undefined;
      }
    }, 'a publish after the restart', 10_000, 200);
    const running = node;
    await pollUntil(async () => ((await stampOf(running, '/a')).stamp === '5.1.0' ? true : undefined), 'the swap to 5.1.0 after the restart', 15_000, 100);
  });
});
