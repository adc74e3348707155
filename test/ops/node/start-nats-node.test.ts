import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { collectNodes } from '../../../bus/status/collect-nodes.js';
import { sendNodeCommand } from '../../../bus/status/send-node-command.js';
import { defaultGatewayOptions, type GatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { builtinPlugins } from '../../../plugins/index.js';
import type { NatsNodeOptions } from '../../../ops/node/nats-node-options.js';
import { startNatsNode, type NatsNode } from '../../../ops/node/start-nats-node.js';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';
import { badPluginDocument } from '../cli/cli-configs.js';
import { freePort } from '../cli/cli-process.js';
import { openControlPlane, sharedNatsUrl, type ControlPlane } from '../cli/control-plane-fixture.js';

const meta = { actor: 'tester', reason: 'test', kind: 'apply' } as const;

function document(body: string): Record<string, unknown> {
  return {
    version: 1,
    groups: [{ name: 'g', hosts: ['gateway.test'], default: true }],
    apis: [{ name: 'ping', group: 'g', match: { path: '/ping', type: 'exact' }, backend: { protocol: 'mock', body }, plugins: [{ name: 'request-id' }] }],
  };
}

describe('nats node', () => {
  let plane: ControlPlane;
  let dir: string;
  const started: NatsNode[] = [];

  beforeEach(async () => {
    plane = await openControlPlane();
    dir = await mkdtemp(join(tmpdir(), 'gantry-nats-node-'));
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((node) => node.stop()));
    await plane.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  function gatewayOptions(): Omit<GatewayOptions, 'nodeId'> {
    const { nodeId: _nodeId, ...options } = defaultGatewayOptions(new PluginCatalog(builtinPlugins), new StaticSwitches());
    return { ...options, processMetrics: false, logDir: join(dir, 'logs'), httpPort: 0, adminPort: 0 };
  }

  async function start(nodeId: string, extra: Partial<NatsNodeOptions> = {}): Promise<NatsNode> {
    const node = await startNatsNode({
      nodeId,
      gateway: gatewayOptions(),
      bus: { servers: [sharedNatsUrl] },
      dataDir: join(dir, nodeId),
      bucket: plane.bucket,
      auditStream: plane.auditStream,
      subjectRoot: plane.subjectRoot,
      heartbeatIntervalMs: 200,
      ...extra,
    });
    started.push(node);
    return node;
  }

  it('nats node - serves the committed revision, reports it on the bus and audits the apply', async () => {
    const written = await writeChangeSet(await plane.kv(), document('one'), meta);
    const node = await start('a1');
    expect((await call(`http://127.0.0.1:${node.gateway.httpPort}`, '/ping')).text).toBe('one');
    expect(node.status()).toMatchObject({ state: 'serving', appliedRevision: written.revision, plugins: [{ name: 'request-id', version: '1.0.0' }] });
    const [listed] = await collectNodes(plane.nc, { subjectRoot: plane.subjectRoot });
    expect(listed).toMatchObject({ id: 'a1', state: 'serving', appliedRevision: written.revision, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const applied = await pollUntil(async () => (await plane.auditEvents()).find((e) => e.kind === 'config.applied'), 'the applied event', 10_000);
    expect(applied).toMatchObject({ actor: 'node:a1', node: 'a1', revision: written.revision, key: `nats:${plane.bucket}` });
  });

  it('nats node - a refused commit is audited with its reason, shown in status, and the old config keeps serving', async () => {
    const kv = await plane.kv();
    const good = await writeChangeSet(kv, document('good'), meta);
    const node = await start('a2');
    const bad = await writeChangeSet(kv, badPluginDocument('bad'), meta);
    const refused = await pollUntil(() => node.status().refused, 'the refusal', 10_000);
    expect(refused.revision).toBe(bad.revision);
    expect(refused.reason).toMatch(/^apis\[0\]\(ping\)\.plugins\[0\]\(header-rewrite\)\.config\.request\.set\["bad name"\]: /);
    expect(node.status().appliedRevision).toBe(good.revision);
    expect((await call(`http://127.0.0.1:${node.gateway.httpPort}`, '/ping')).text).toBe('good');
    const event = await pollUntil(async () => (await plane.auditEvents()).find((e) => e.kind === 'config.refused'), 'the refused event', 10_000);
    expect(event).toMatchObject({ node: 'a2', revision: bad.revision, old: { revision: good.revision } });
    expect(event.reason).toContain('bad name');
    await node.gateway.logs.flushAll();
    const configLog = await readFile(join(dir, 'logs', 'gantry-config.log'), 'utf8');
    expect(configLog).toContain(`[nats][source] connected, revision ${good.revision}, from nats:${plane.bucket}`);

    const fixed = await writeChangeSet(kv, document('fixed'), meta);
    await pollUntil(() => (node.status().appliedRevision === fixed.revision ? true : undefined), 'the fix applied', 10_000);
    expect(node.status().refused).toBeUndefined();
  });

  it('nats node - answers status, dump-config and set-log-level, and drain stops it', async () => {
    const written = await writeChangeSet(await plane.kv(), document('cmd'), meta);
    const node = await start('a3');
    const options = { subjectRoot: plane.subjectRoot };
    const status = await sendNodeCommand(plane.nc, 'a3', 'status', undefined, 2000, options);
    expect(status).toMatchObject({ ok: true, result: { id: 'a3', state: 'serving', appliedRevision: written.revision } });
    const dump = await sendNodeCommand(plane.nc, 'a3', 'dump-config', undefined, 2000, options);
    expect(dump).toMatchObject({ ok: true, result: { revision: written.revision, config: { apis: [{ name: 'ping', backend: { body: 'cmd' } }] } } });
    expect(await sendNodeCommand(plane.nc, 'a3', 'set-log-level', { level: 'debug' }, 2000, options)).toEqual({ ok: true, result: { level: 'debug' } });
    expect(node.gateway.logs.level).toBe('debug');
    const wrong = await sendNodeCommand(plane.nc, 'a3', 'set-log-level', { level: 'loud' }, 2000, options);
    expect(wrong).toMatchObject({ ok: false, code: 'handler-failed', error: 'level must be one of debug, info, warn, error, got "loud"' });

    expect(await sendNodeCommand(plane.nc, 'a3', 'drain', undefined, 2000, options)).toEqual({ ok: true, result: { draining: true } });
    const stopped = await node.stopped;
    expect(stopped).toEqual({ reason: 'drain command', unfinishedCalls: 0, auditUndelivered: 0 });
    // The server drops the node's subscriptions once it has seen the connection close.
    await pollUntil(async () => {
      const reply = await sendNodeCommand(plane.nc, 'a3', 'status', undefined, 200, options);
      return !reply.ok && reply.code === 'no-responder' ? true : undefined;
    }, 'no node a3 listening', 5000);
  });

  it('nats node - starts from its last-good copy while NATS is unreachable and reports itself stale', async () => {
    const written = await writeChangeSet(await plane.kv(), document('last-good'), meta);
    const first = await start('a4');
    await first.stop('test');
    const port = await freePort();
    const offline = await start('a4', { bus: { servers: [`nats://127.0.0.1:${port}`] }, configWaitMs: 200, retryDelayMs: 100, auditFlushTimeoutMs: 100 });
    expect(offline.source.state.origin).toBe(`last-good:${join(dir, 'a4', 'last-good.json')}`);
    expect(offline.status()).toMatchObject({ state: 'stale', appliedRevision: written.revision });
    expect((await call(`http://127.0.0.1:${offline.gateway.httpPort}`, '/ping')).text).toBe('last-good');
    // Its applied event cannot leave: it waits in the spool for the next start.
    expect(await offline.stop('test')).toMatchObject({ auditUndelivered: 1 });
  });

  it('nats node - while waiting for a first commit it reports starting, and a drain gives up the start', async () => {
    const starting = start('a6');
    starting.catch(() => undefined);
    const listed = await pollUntil(async () => (await collectNodes(plane.nc, { subjectRoot: plane.subjectRoot, waitMs: 300 }))[0], 'the starting node', 10_000);
    expect(listed).toMatchObject({ id: 'a6', state: 'starting', appliedRevision: null, plugins: [] });
    expect(await sendNodeCommand(plane.nc, 'a6', 'set-log-level', { level: 'debug' }, 2000, { subjectRoot: plane.subjectRoot }))
      .toEqual({ ok: false, code: 'handler-failed', error: 'the node has no config yet (starting)' });
    expect(await sendNodeCommand(plane.nc, 'a6', 'drain', undefined, 2000, { subjectRoot: plane.subjectRoot })).toMatchObject({ ok: true });
    await expect(starting).rejects.toMatchObject({ code: 'GANTRY_NODE_START_ABORTED' });
  });

  it('nats node - a start with neither NATS nor a last-good copy gives up when its signal aborts', async () => {
    const port = await freePort();
    const abort = new AbortController();
    const starting = start('a5', { bus: { servers: [`nats://127.0.0.1:${port}`] }, retryDelayMs: 100, signal: abort.signal });
    setTimeout(() => abort.abort(), 300);
    await expect(starting).rejects.toMatchObject({ code: 'GANTRY_NODE_START_ABORTED' });
  });
});
