import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { ensureSwitchBucket } from '../../../bus/switches/switch-bucket.js';
import { writeSwitch } from '../../../bus/switches/write-switch.js';
import { defaultGatewayOptions, type GatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { builtinSwitches } from '../../../core/switches/builtin-switches.js';
import { builtinPlugins } from '../../../plugins/index.js';
import type { NatsNodeOptions } from '../../../ops/node/nats-node-options.js';
import { startNatsNode, type NatsNode } from '../../../ops/node/start-nats-node.js';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';
import { openControlPlane, sharedNatsUrl, type ControlPlane } from '../cli/control-plane-fixture.js';

const meta = { actor: 'tester', reason: 'test', kind: 'apply' } as const;
const WRITE_TOKEN = 'write-token-0123456789abcdef';
const READ_TOKEN = 'read-token-0123456789abcdef';

function document(body: string): Record<string, unknown> {
  return {
    version: 1,
    groups: [{ name: 'g', hosts: ['gateway.test'], default: true }],
    apis: [{ name: 'ping', group: 'g', match: { path: '/ping', type: 'exact' }, backend: { protocol: 'mock', body } }],
  };
}

function offlineSwitch(): (typeof builtinSwitches)[number] {
  const definition = builtinSwitches.find((candidate) => candidate.name === 'gantry.api.offline');
  if (definition === undefined) throw new Error('gantry.api.offline is not a built-in switch');
  return definition;
}

describe('nats node writes', () => {
  let plane: ControlPlane;
  let dir: string;
  let switchBucket: string;
  const started: NatsNode[] = [];

  beforeEach(async () => {
    plane = await openControlPlane();
    dir = await mkdtemp(join(tmpdir(), 'gantry-nats-writes-'));
    switchBucket = `node-sw-${randomBytes(5).toString('hex')}`;
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((node) => node.stop()));
    await (await jetstreamManager(plane.nc)).streams.delete(`KV_${switchBucket}`).catch(() => false);
    await plane.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(nodeId: string, extra: Partial<Omit<GatewayOptions, 'nodeId'>> = {}): Promise<NatsNode> {
    const { nodeId: _nodeId, ...defaults } = defaultGatewayOptions(new PluginCatalog(builtinPlugins), new StaticSwitches());
    const options: Partial<NatsNodeOptions> = {
      bus: { servers: [sharedNatsUrl] },
      dataDir: join(dir, nodeId),
      bucket: plane.bucket,
      switchBucket,
      auditStream: plane.auditStream,
      subjectRoot: plane.subjectRoot,
      heartbeatIntervalMs: 200,
    };
    const gateway = { ...defaults, processMetrics: false, logDir: join(dir, 'logs'), httpPort: 0, adminPort: 0, ...extra };
    const node = await startNatsNode({ nodeId, gateway, ...options });
    started.push(node);
    return node;
  }

  it('nats node writes - obeys a switch written to the bucket: offline answers 3000, back online 200', async () => {
    await writeChangeSet(await plane.kv(), document('up'), meta);
    const node = await start('w1');
    const base = `http://127.0.0.1:${node.gateway.httpPort}`;
    expect((await call(base, '/ping')).status).toBe(200);

    const kv = await ensureSwitchBucket(plane.nc, switchBucket);
    const placement = { scope: { kind: 'api', group: 'g', api: 'ping' } } as const;
    await writeSwitch(kv, offlineSwitch(), placement, true, { actor: 'tester', reason: 'INC-1' });
    const offline = await pollUntil(async () => {
      const answer = await call(base, '/ping');
      return answer.resultCode === 3000 ? answer : undefined;
    }, 'the API offline', 10_000);
    expect(offline.json()).toMatchObject({ code: 3000, tips: 'API g|ping is offline' });

    await writeSwitch(kv, offlineSwitch(), placement, false, { actor: 'tester', reason: 'INC-1 over' });
    const back = await pollUntil(async () => {
      const answer = await call(base, '/ping');
      return answer.status === 200 ? answer : undefined;
    }, 'the API back online', 10_000);
    expect(back.text).toBe('up');
  });

  it('nats node writes - a write token applies a config through the admin API, a read token is refused, both audited', async () => {
    await writeChangeSet(await plane.kv(), document('before'), meta);
    const node = await start('w2', {
      adminTokens: [{ name: 'ops-alice', token: WRITE_TOKEN, role: 'write' }, { name: 'viewer', token: READ_TOKEN, role: 'read' }],
    });
    const admin = `http://127.0.0.1:${node.gateway.adminPort}`;
    const body = JSON.stringify(document('after'));
    const headers = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

    const forbidden = await call(admin, '/gantry/config/apply?reason=try', { method: 'POST', headers: headers(READ_TOKEN), body });
    expect(forbidden.status).toBe(403);

    const applied = await call(admin, '/gantry/config/apply?reason=INC-2%20new%20body', { method: 'POST', headers: headers(WRITE_TOKEN), body });
    expect(applied.status).toBe(200);
    const { revision } = applied.json<{ revision: number; changed: { changed: string[] } }>();
    expect(applied.json()).toMatchObject({ changed: { added: [], removed: [] } });
    expect(revision).toBeGreaterThan(0);

    await pollUntil(() => (node.status().appliedRevision === revision ? true : undefined), 'the admin apply served', 10_000);
    expect((await call(`http://127.0.0.1:${node.gateway.httpPort}`, '/ping')).text).toBe('after');

    const events = await pollUntil(async () => {
      const all = await plane.auditEvents();
      return all.some((e) => e.kind === 'config.apply') && all.some((e) => e.kind === 'admin.refused') ? all : undefined;
    }, 'the admin audit events', 10_000);
    expect(events.filter((e) => e.kind === 'config.apply')).toEqual([
      expect.objectContaining({ actor: 'ops-alice', key: 'config', node: 'w2', reason: 'INC-2 new body', revision }),
    ]);
    expect(events.find((e) => e.kind === 'admin.refused')).toMatchObject({
      actor: 'viewer', node: 'w2', new: { write: 'config.apply', outcome: 'forbidden', status: 403 },
    });
  });
});
