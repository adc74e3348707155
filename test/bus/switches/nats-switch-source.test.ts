import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NatsSwitchSource } from '../../../bus/switches/nats-switch-source.js';
import type { NatsSwitchSourceState, SwitchRefusal } from '../../../bus/switches/nats-switch-source-options.js';
import { encodeStoredSwitch } from '../../../bus/switches/stored-switch.js';
import { switchRefusedAuditEvent } from '../../../bus/switches/switch-audit.js';
import { switchKey } from '../../../bus/switches/switch-keys.js';
import { deleteSwitch, writeSwitch } from '../../../bus/switches/write-switch.js';
import { BuiltinSwitchNames } from '../../../core/switches/builtin-switches.js';
import { SwitchBoard } from '../../../core/switches/switch-board.js';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { call } from '../../core/pipeline/gateway-calls.js';
import { EventLog } from '../support/event-log.js';
import { freePort } from '../support/restartable-nats.js';
import { eventually, logLevelSwitch as level, offlineSwitch as offline, openSwitchBucket, sharedNatsUrl, type SwitchBucketFixture } from '../support/switch-fixture.js';

const onPing = { scope: { kind: 'api', group: 'g', api: 'ping' } } as const;
const meta = { actor: 'alice', reason: 'test' };

const document = baseConfig({ apis: [{ name: 'ping', group: 'g', match: { path: '/ping', type: 'exact' }, backend: { protocol: 'mock', body: 'pong' } }] });

/** A node: a board fed by a NATS switch source, and a gateway serving with that board. */
interface SwitchedNode {
  readonly board: SwitchBoard;
  readonly source: NatsSwitchSource;
  readonly gateway: TestGateway;
  readonly refusals: EventLog<SwitchRefusal>;
  readonly states: EventLog<NatsSwitchSourceState>;
  stop(): Promise<void>;
}

async function startNode(bucket: string, nodeId: string, servers = sharedNatsUrl): Promise<SwitchedNode> {
  const board = new SwitchBoard({ nodeId });
  const refusals = new EventLog<SwitchRefusal>();
  const states = new EventLog<NatsSwitchSourceState>();
  const source = new NatsSwitchSource(board, {
    bus: { servers: [servers], reconnectTimeWaitMs: 100 },
    bucket,
    retryDelayMs: 100,
    onRefused: (refusal) => refusals.push(refusal),
    onStateChange: (state) => states.push(state),
  });
  await source.start();
  const gateway = await startTestGateway(document, [], { switches: board, nodeId });
  return {
    board, source, gateway, refusals, states,
    async stop() {
      await source.close();
      await gateway.stop();
    },
  };
}

/** Polls the node until `/ping` answers with `resultCode` (bounded; never a timing assertion). */
function untilResult(node: SwitchedNode, resultCode: number): Promise<true> {
  return eventually(async () => ((await call(node.gateway.url, '/ping')).resultCode === resultCode ? true : undefined), `/ping answering ${resultCode}`);
}

describe('nats switch source', () => {
  let bus: SwitchBucketFixture;
  const nodes: SwitchedNode[] = [];
  beforeEach(async () => {
    bus = await openSwitchBucket();
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.stop();
    await bus.cleanup();
  });

  it('nats switch source - values already in the bucket are on the board when start resolves', async () => {
    await writeSwitch(bus.kv, level, { scope: { kind: 'global' } }, 'warn', meta);
    await writeSwitch(bus.kv, offline, onPing, true, meta);
    const node = await startNode(bus.bucket, 'n1');
    nodes.push(node);
    expect(node.source.state).toMatchObject({ connected: true, synced: true });
    expect(node.board.get(BuiltinSwitchNames.logLevel)).toBe('warn');
    expect(node.gateway.gateway.logs.error.level).toBe('warn');
    expect((await call(node.gateway.url, '/ping')).resultCode).toBe(3000);
  });

  it('nats switch source - an empty bucket syncs at once', async () => {
    const node = await startNode(bus.bucket, 'n1');
    nodes.push(node);
    expect(node.source.state).toMatchObject({ synced: true, revision: 0 });
    expect((await call(node.gateway.url, '/ping')).text).toBe('pong');
  });

  it('nats switch source - a value written with writeSwitch reaches the gateway, its deletion too', async () => {
    const node = await startNode(bus.bucket, 'n1');
    nodes.push(node);
    const written = await writeSwitch(bus.kv, offline, onPing, true, meta);
    await untilResult(node, 3000);
    expect(node.source.state.revision).toBe(written.record.revision);
    await deleteSwitch(bus.kv, { name: offline.name, ...onPing });
    await untilResult(node, 1100);
    expect(node.board.entries()).toEqual([]);
  });

  it('nats switch source - an invalid value put straight into the bucket is refused, reported once, previous kept', async () => {
    const node = await startNode(bus.bucket, 'n1');
    nodes.push(node);
    await writeSwitch(bus.kv, offline, onPing, true, meta);
    await untilResult(node, 3000);
    const key = switchKey({ name: offline.name, ...onPing });
    const revision = await bus.kv.put(key, encodeStoredSwitch({ value: 'yes', actor: 'mallory', reason: 'skip validation', time: '' }));
    await node.refusals.waitForCount(1);
    const [refusal] = node.refusals.items;
    expect(refusal).toMatchObject({ key, revision, value: 'yes', kept: true, actor: 'mallory' });
    expect(refusal?.error.code).toBe('invalid-value');
    expect((await call(node.gateway.url, '/ping')).resultCode).toBe(3000);
    expect(refusal && switchRefusedAuditEvent(refusal, 'n1')).toEqual({
      kind: 'switch.refused', actor: 'node:n1', node: 'n1', key: 'gantry.api.offline@api:g/ping', old: true, new: 'yes', revision,
      reason: 'gantry.api.offline at api:g/ping: must be true or false, got "yes" (written by mallory)',
    });

    // Unreadable entries are refused too; then a valid value is taken again.
    await bus.kv.put(key, 'not json');
    await node.refusals.waitForCount(2);
    expect(node.refusals.items[1]?.error.code).toBe('invalid-entry');
    await writeSwitch(bus.kv, offline, onPing, false, meta);
    await untilResult(node, 1100);
    expect(node.refusals.items).toHaveLength(2);
  });

  it('nats switch source - a value at a scope the switch does not allow is refused', async () => {
    const node = await startNode(bus.bucket, 'n1');
    nodes.push(node);
    const key = switchKey({ name: level.name, scope: { kind: 'group', group: 'g' } });
    await bus.kv.put(key, encodeStoredSwitch({ value: 'debug', actor: 'x', reason: '', time: '' }));
    await node.refusals.waitForCount(1);
    expect(node.refusals.items[0]?.error.code).toBe('scope-not-allowed');
    expect(node.refusals.items[0]?.kept).toBeUndefined();
  });

  it('nats switch source - without NATS, start gives up after connectTimeoutMs and the board keeps its defaults', async () => {
    const board = new SwitchBoard({ nodeId: 'n1' });
    const errors: Error[] = [];
    const source = new NatsSwitchSource(board, {
      bus: { servers: [`nats://127.0.0.1:${await freePort()}`] }, bucket: bus.bucket, connectTimeoutMs: 200, retryDelayMs: 50, onError: (e) => errors.push(e),
    });
    try {
      expect(await source.start()).toEqual({ connected: false, synced: false, revision: 0 });
      expect(board.get(BuiltinSwitchNames.apiOffline)).toBe(false);
      await eventually(() => (errors.length > 0 ? true : undefined), 'the connect failure reported');
    } finally {
      await source.close();
    }
  });

  it('nats switch source - two gateways both obey one flip', async () => {
    const first = await startNode(bus.bucket, 'n1');
    nodes.push(first);
    const second = await startNode(bus.bucket, 'n2');
    nodes.push(second);
    await writeSwitch(bus.kv, offline, { scope: { kind: 'global' } }, true, meta);
    await Promise.all([untilResult(first, 3000), untilResult(second, 3000)]);
    // A node value reaches only its node.
    await writeSwitch(bus.kv, level, { scope: { kind: 'node', node: 'n2' } }, 'error', meta);
    await eventually(() => (second.gateway.gateway.logs.error.level === 'error' ? true : undefined), 'n2 at level error');
    expect(first.gateway.gateway.logs.error.level).toBe('info');
    await writeSwitch(bus.kv, offline, { scope: { kind: 'global' } }, false, meta);
    await Promise.all([untilResult(first, 1100), untilResult(second, 1100)]);
  });
});
