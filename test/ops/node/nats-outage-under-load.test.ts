import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { connectBus } from '../../../bus/connection.js';
import { ensureConfigBucket, writeChangeSet, type ChangeSetResult } from '../../../bus/index.js';
import { defaultGatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { startNatsNode, type NatsNode } from '../../../ops/node/index.js';
import { builtinPlugins } from '../../../plugins/index.js';
import { createRestartableNats } from '../../bus/support/restartable-nats.js';
import { startHttpUpstream } from '../../support/upstreams.js';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';

const meta = { actor: 'tester', reason: 'outage test', kind: 'apply' } as const;
const loadLoops = 8;
const loadMs = 3000;
const outageStartMs = 1000;
const outageMs = 500;

/** The config: `/work` proxied to the upstream, plus `/later` (a mock) once `withLater`. */
function document(upstreamUrl: string, withLater: boolean): Record<string, unknown> {
  const later = { name: 'later', group: 'g', match: { path: '/later', type: 'exact' }, backend: { protocol: 'mock', body: 'later' } };
  return {
    version: 1,
    groups: [{ name: 'g', hosts: ['gateway.test'], default: true }],
    apis: [
      { name: 'work', group: 'g', match: { path: '/work', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up', timeoutMs: 5000 } },
      ...(withLater ? [later] : []),
    ],
    clusters: [{ name: 'up', endpoints: [{ url: upstreamUrl }] }],
  };
}

/** Writes one change set through a connection of its own, as the CLI would. */
async function writeConfig(servers: string, bucket: string, config: unknown): Promise<ChangeSetResult> {
  const nc = await connectBus({ servers: [servers], name: 'gantry-outage-test-writer' });
  try {
    return await writeChangeSet(await ensureConfigBucket(nc, bucket), config, meta);
  } finally {
    await nc.close();
  }
}

interface LoadTally {
  ok: number;
  failures: string[];
}

/** `loops` keep-alive request loops against `origin` until `deadline` (epoch ms). */
async function runLoad(agent: Agent, origin: string, loops: number, deadline: number): Promise<LoadTally> {
  const tally: LoadTally = { ok: 0, failures: [] };
  const loop = async (index: number): Promise<void> => {
    for (let n = 0; Date.now() < deadline; n++) {
      try {
        const answer = await request(`${origin}/work/${index}/${n}`, { dispatcher: agent, headers: { host: 'gateway.test' } });
        const body = await answer.body.text();
        if (answer.statusCode === 200) tally.ok++;
        else tally.failures.push(`${answer.statusCode}: ${body.slice(0, 200)}`);
      } catch (error) {
        tally.failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: loops }, (_, index) => loop(index)));
  return tally;
}

describe('nats outage under load', () => {
  it('nats outage under load - NATS killed and restarted during bounded load: zero failed requests, later changes still apply', async () => {
    const tag = randomBytes(4).toString('hex');
    const bucket = `outage-config-${tag}`;
    const nats = await createRestartableNats();
    const upstream = await startHttpUpstream();
    const dir = await mkdtemp(join(tmpdir(), 'gantry-nats-outage-'));
    const agent = new Agent({ connections: loadLoops, keepAliveTimeout: 10_000 });
    let node: NatsNode | undefined;
    try {
      await nats.start();
      await writeConfig(nats.url, bucket, document(upstream.url, false));
      const { nodeId: _nodeId, ...gatewayDefaults } = defaultGatewayOptions(new PluginCatalog(builtinPlugins), new StaticSwitches());
      node = await startNatsNode({
        nodeId: `outage-${tag}`,
        gateway: { ...gatewayDefaults, processMetrics: false, logDir: join(dir, 'logs'), httpPort: 0, adminPort: 0 },
        // A short reconnect wait so the node is back soon after the server returns.
        bus: { servers: [nats.url], reconnectTimeWaitMs: 200 },
        dataDir: join(dir, 'node'),
        bucket,
        switchBucket: `outage-switches-${tag}`,
        auditStream: `OUTAGE_AUDIT_${tag}`,
        subjectRoot: `outage-${tag}`,
        heartbeatIntervalMs: 200,
        retryDelayMs: 100,
      });
      const origin = `http://127.0.0.1:${node.gateway.httpPort}`;

      const load = runLoad(agent, origin, loadLoops, Date.now() + loadMs);
      await new Promise((resolve) => setTimeout(resolve, outageStartMs));
      await nats.stop();
      // The outage must reach the node, or the test proves nothing.
      const running = node;
      await pollUntil(() => (running.source.state.connected ? undefined : true), 'the node to see NATS gone', 5000);
      await new Promise((resolve) => setTimeout(resolve, outageMs));
      await nats.start();
      const tally = await load;

      expect(tally.failures).toEqual([]);
      expect(tally.ok).toBeGreaterThan(100);

      const later = await writeConfig(nats.url, bucket, document(upstream.url, true));
      const served = await pollUntil(async () => {
        const answer = await call(origin, '/later', { headers: { host: 'gateway.test' } });
        return answer.status === 200 ? answer.text : undefined;
      }, 'the later change served', 10_000, 50);
      expect(served).toBe('later');
      expect(node.status()).toMatchObject({ appliedRevision: later.revision });
    } finally {
      await node?.stop('test');
      await agent.close();
      await upstream.close();
      await nats.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
