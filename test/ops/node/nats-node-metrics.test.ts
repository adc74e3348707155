/**
 * `gantry_nats_connected` and `gantry_nats_disconnects_total` on a real NATS node: its connections
 * go through a TCP relay the test cuts and restores, so the node really loses and regains NATS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { defaultGatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { startNatsNode, type NatsNode } from '../../../ops/node/start-nats-node.js';
import { metricValue, pollUntil } from '../../core/pipeline/gateway-calls.js';
import { openControlPlane, type ControlPlane } from '../cli/control-plane-fixture.js';

/** A TCP relay to the shared nats-server that can drop every connection and refuse new ones. */
interface Relay {
  readonly url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
  const sockets = new Set<Socket>();
  const relay = (client: Socket): void => {
    const server = createConnection({ host: '127.0.0.1', port: 4222 });
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(server).pipe(client);
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
  };
  let listener: Server = createServer(relay);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as AddressInfo).port;
  const stop = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    cut: stop,
    async restore() {
      listener = createServer(relay);
      await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
    },
    close: () => (listener.listening ? stop() : Promise.resolve()),
  };
}

const meta = { actor: 'tester', reason: 'test', kind: 'apply' } as const;
const document = {
  version: 1,
  groups: [{ name: 'g', hosts: ['gateway.test'], default: true }],
  apis: [{ name: 'ping', group: 'g', match: { path: '/ping', type: 'exact' }, backend: { protocol: 'mock', body: 'pong' } }],
};

describe('nats node metrics', () => {
  let plane: ControlPlane;
  let dir: string;
  let relay: Relay;
  let node: NatsNode | undefined;

  beforeEach(async () => {
    plane = await openControlPlane();
    dir = await mkdtemp(join(tmpdir(), 'gantry-nats-metrics-'));
    relay = await startRelay();
  });
  afterEach(async () => {
    await node?.stop();
    node = undefined;
    await relay.close();
    await plane.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('nats metrics - each connection reports up, down while NATS is unreachable, and counts the loss', async () => {
    await writeChangeSet(await plane.kv(), document, meta);
    const { nodeId: _nodeId, ...gateway } = defaultGatewayOptions(new PluginCatalog([]), new StaticSwitches());
    node = await startNatsNode({
      nodeId: 'm1',
      gateway: { ...gateway, processMetrics: false, logDir: join(dir, 'logs'), httpPort: 0, adminPort: 0 },
      bus: { servers: [relay.url], reconnectTimeWaitMs: 100 },
      dataDir: join(dir, 'm1'),
      bucket: plane.bucket,
      auditStream: plane.auditStream,
      subjectRoot: plane.subjectRoot,
      retryDelayMs: 100,
    });
    const metricsUrl = `http://127.0.0.1:${node.gateway.adminPort}/metrics`;
    const connected = async (connection: string, value: number): Promise<true | undefined> => {
      const text = await (await fetch(metricsUrl)).text();
      return metricValue(text, 'gantry_nats_connected', { connection }) === value ? true : undefined;
    };
    for (const connection of ['node', 'config', 'switches']) await pollUntil(() => connected(connection, 1), `${connection} up`, 10_000);
    const before = await (await fetch(metricsUrl)).text();
    expect(metricValue(before, 'gantry_nats_disconnects_total', { connection: 'node' })).toBe(0);

    await relay.cut();
    await pollUntil(() => connected('node', 0), 'node connection down', 10_000);
    await relay.restore();
    await pollUntil(() => connected('node', 1), 'node connection back', 10_000);
    const after = await (await fetch(metricsUrl)).text();
    expect(metricValue(after, 'gantry_nats_disconnects_total', { connection: 'node' })).toBe(1);
  });
});
