/**
 * A control plane of the bench's own on the shared NATS: fresh config and switch buckets, audit
 * stream and subject root per run, plus the in-process nodes that follow them. Everything it
 * creates is removed by `close`, so runs never see each other.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectBus, ensureConfigBucket } from '../../../bus/index.js';
import { ensureSwitchBucket } from '../../../bus/switches/index.js';
import { defaultGatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { builtinPlugins } from '../../../plugins/index.js';
import { startNatsNode, type NatsNode } from '../../node/index.js';

/** The bench's buckets, connection and nodes. */
export interface BenchPlane {
  readonly nc: NatsConnection;
  readonly configKv: KV;
  readonly switchKv: KV;
  readonly nodes: NatsNode[];
  /** Starts a node following this plane (it waits for the first commit, so write one first). */
  startNode(nodeId: string): Promise<NatsNode>;
  /** Stops every node, deletes the buckets and the audit stream, closes the connection. */
  close(): Promise<void>;
}

/** Opens a plane with unique names on `natsUrl`. */
export async function openBenchPlane(natsUrl: string): Promise<BenchPlane> {
  const tag = randomBytes(4).toString('hex');
  const bucket = `bench-config-${tag}`;
  const switchBucket = `bench-switches-${tag}`;
  const auditStream = `BENCH_AUDIT_${tag}`;
  const subjectRoot = `bench-${tag}`;
  const dir = await mkdtemp(join(tmpdir(), 'gantry-cp-bench-'));
  const nc = await connectBus({ servers: [natsUrl], name: `gantry-bench-${tag}` });
  const configKv = await ensureConfigBucket(nc, bucket);
  const switchKv = await ensureSwitchBucket(nc, switchBucket);
  const nodes: NatsNode[] = [];

  async function startNode(nodeId: string): Promise<NatsNode> {
    const { nodeId: _unused, ...gateway } = defaultGatewayOptions(new PluginCatalog(builtinPlugins), new StaticSwitches());
    const node = await startNatsNode({
      nodeId,
      gateway: { ...gateway, processMetrics: false, logDir: join(dir, nodeId, 'logs'), httpPort: 0, adminPort: 0 },
      bus: { servers: [natsUrl] },
      dataDir: join(dir, nodeId),
      bucket,
      switchBucket,
      auditStream,
      subjectRoot,
      configWaitMs: 10_000,
    });
    nodes.push(node);
    return node;
  }

  async function close(): Promise<void> {
    await Promise.all(nodes.splice(0).map((node) => node.stop('bench done').catch(() => undefined)));
    const jsm = await jetstreamManager(nc);
    for (const stream of [`KV_${bucket}`, `KV_${switchBucket}`, auditStream]) await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
    await rm(dir, { recursive: true, force: true });
  }

  return { nc, configKv, switchKv, nodes, startNode, close };
}
