/**
 * A NATS node with the plugin registry, for the integration suites: a control plane of its own
 * (config bucket, audit stream, subject root), a plugin bucket of its own, a trusted signing key,
 * and helpers to publish TypeScript `stamp` releases and to call the node.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectStore } from '@nats-io/obj';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { ensurePluginBucket } from '../../../bus/plugins/plugin-bucket.js';
import { publishPlugin } from '../../../bus/plugins/plugin-registry.js';
import { createSigningKey, signingKeyFromSeed, type PluginSigningKey } from '../../../bus/plugins/plugin-signature.js';
import { defaultGatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import type { PluginDefinition } from '../../../sdk/plugin/plugin.js';
import type { NatsNodeOptions } from '../../../ops/node/nats-node-options.js';
import { startNatsNode, type NatsNode } from '../../../ops/node/start-nats-node.js';
import { parsePluginManifest } from '../../../sdk/plugin/manifest.js';
import { stampModuleSource, tsManifest } from '../../bus/plugins/plugin-bucket-fixture.js';
import { uniqueName } from '../../bus/support/test-bucket.js';
import { openControlPlane, sharedNatsUrl, type ControlPlane } from '../../ops/cli/control-plane-fixture.js';

/** Live `stamp` instances by version, counted by the modules themselves (create +1, close -1). */
export function liveStampInstances(): Record<string, number> {
  return ((globalThis as { __gantryStampLive?: Record<string, number> }).__gantryStampLive ??= {});
}

export interface RegistryNodeFixture {
  readonly plane: ControlPlane;
  readonly os: ObjectStore;
  readonly pluginBucket: string;
  readonly key: PluginSigningKey;
  readonly dir: string;
  /** Signs `stamp@version` with `key` (the trusted one by default) and stores it. */
  publishStamp(version: string, key?: PluginSigningKey, name?: string): Promise<void>;
  /** Commits a config with one API per entry of `apis` (path `/<name>`, mock backend). */
  commit(apis: Record<string, unknown[]>): Promise<number>;
  /** Starts the node, trusting `key`; `extra` overrides options (an unreachable `bus`, …). */
  /** `builtins`: plugins the node has built in (none by default). */
  startNode(nodeId: string, extra?: Partial<NatsNodeOptions>, builtins?: readonly PluginDefinition[]): Promise<NatsNode>;
  cleanup(): Promise<void>;
}

export async function openRegistryNode(): Promise<RegistryNodeFixture> {
  const plane = await openControlPlane();
  const pluginBucket = uniqueName('gantry-plugins');
  const os = await ensurePluginBucket(plane.nc, pluginBucket);
  const key = createSigningKey();
  const dir = await mkdtemp(join(tmpdir(), 'gantry-registry-node-'));
  const nodes: NatsNode[] = [];
  return {
    plane, os, pluginBucket, key, dir,
    async publishStamp(version, signer = key, name = 'stamp') {
      const manifest = parsePluginManifest(tsManifest(name, version));
      await publishPlugin(os, { manifest, module: new TextEncoder().encode(stampModuleSource(name, version)), key: signingKeyFromSeed(signer.seed), actor: 'tester' });
    },
    async commit(apis) {
      const document = {
        version: 1,
        groups: [{ name: 'g', hosts: ['gateway.test'], default: true }],
        apis: Object.entries(apis).map(([name, plugins]) => ({ name, group: 'g', match: { path: `/${name}`, type: 'prefix' }, backend: { protocol: 'mock', body: name }, plugins })),
      };
      return (await writeChangeSet(await plane.kv(), document, { actor: 'tester', reason: 'test', kind: 'apply' })).revision;
    },
    async startNode(nodeId, extra = {}, builtins = []) {
      const { nodeId: _id, ...gateway } = defaultGatewayOptions(new PluginCatalog(builtins), new StaticSwitches());
      const node = await startNatsNode({
        nodeId,
        gateway: { ...gateway, processMetrics: false, logDir: join(dir, nodeId, 'logs'), httpPort: 0, adminPort: 0 },
        bus: { servers: [sharedNatsUrl] },
        dataDir: join(dir, nodeId),
        bucket: plane.bucket,
        auditStream: plane.auditStream,
        subjectRoot: plane.subjectRoot,
        heartbeatIntervalMs: 200,
        plugins: { bucket: pluginBucket, trustedKeys: [key.publicKey] },
        ...extra,
      });
      nodes.push(node);
      return node;
    },
    async cleanup() {
      await Promise.all(nodes.splice(0).map((node) => node.stop()));
      await os.destroy().catch(() => undefined);
      await plane.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One call to the node: status and the `x-stamp` it carried. */
export async function stampOf(node: NatsNode, path: string): Promise<{ status: number; stamp: string | null; code: string | null }> {
  const response = await fetch(`http://127.0.0.1:${node.gateway.httpPort}${path}`, { headers: { host: 'gateway.test' } });
  await response.arrayBuffer();
  return { status: response.status, stamp: response.headers.get('x-stamp'), code: response.headers.get('x-gateway-result-code') };
}
