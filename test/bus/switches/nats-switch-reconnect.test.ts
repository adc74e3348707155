import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { NatsSwitchSource } from '../../../bus/switches/nats-switch-source.js';
import type { NatsSwitchSourceState } from '../../../bus/switches/nats-switch-source-options.js';
import { switchKey } from '../../../bus/switches/switch-keys.js';
import { writeSwitch } from '../../../bus/switches/write-switch.js';
import { BuiltinSwitchNames } from '../../../core/switches/builtin-switches.js';
import { SwitchBoard } from '../../../core/switches/switch-board.js';
import { EventLog } from '../support/event-log.js';
import { startCuttableProxy, type CuttableProxy } from './cuttable-proxy.js';
import { eventually, logLevelSwitch as level, offlineSwitch as offline, openSwitchBucket, type SwitchBucketFixture } from '../support/switch-fixture.js';

const onPing = { scope: { kind: 'api', group: 'g', api: 'ping' } } as const;
const meta = { actor: 'alice', reason: 'test' };

describe('nats switch source reconnect', () => {
  let bus: SwitchBucketFixture;
  let proxy: CuttableProxy;
  let source: NatsSwitchSource | undefined;
  beforeEach(async () => {
    bus = await openSwitchBucket();
    proxy = await startCuttableProxy(4222);
  });
  afterEach(async () => {
    await source?.close();
    source = undefined;
    await proxy.close();
    await bus.cleanup();
  });

  it('nats switch source reconnect - changes made while the node was cut off apply when it is back, removals included', async () => {
    await writeSwitch(bus.kv, offline, onPing, true, meta);
    const board = new SwitchBoard({ nodeId: 'n1' });
    const states = new EventLog<NatsSwitchSourceState>();
    source = new NatsSwitchSource(board, { bus: { servers: [proxy.url], reconnectTimeWaitMs: 100 }, bucket: bus.bucket, retryDelayMs: 100, onStateChange: (s) => states.push(s) });
    await source.start();
    expect(board.resolve(BuiltinSwitchNames.apiOffline, { group: 'g', api: 'ping' })).toBe(true);

    proxy.cut();
    await states.waitFor((items) => items.at(-1)?.connected === false, 15_000, 'disconnect');
    // While cut off: the node keeps its values; the bucket changes behind its back, and the
    // deletion leaves no marker for a watch to replay (only a fresh replay can tell it is gone).
    expect(board.resolve(BuiltinSwitchNames.apiOffline, { group: 'g', api: 'ping' })).toBe(true);
    const key = switchKey({ name: offline.name, ...onPing });
    await bus.kv.delete(key);
    await (await jetstreamManager(bus.nc)).streams.purge(`KV_${bus.bucket}`, { filter: `$KV.${bus.bucket}.${key}`, keep: 0 });
    await writeSwitch(bus.kv, level, { scope: { kind: 'global' } }, 'error', meta);

    proxy.restore();
    await states.waitFor((items) => items.at(-1)?.connected === true, 15_000, 'reconnect');
    await eventually(() => (board.resolve(BuiltinSwitchNames.logLevel) === 'error' ? true : undefined), 'level error after reconnect');
    await eventually(() => (board.resolve(BuiltinSwitchNames.apiOffline, { group: 'g', api: 'ping' }) === undefined ? true : undefined), 'offline removed after reconnect');
    expect(board.entries()).toEqual([{ address: { name: level.name, scope: { kind: 'global' } }, value: 'error' }]);

    // And it keeps following live changes.
    await writeSwitch(bus.kv, level, { scope: { kind: 'global' } }, 'debug', meta);
    await eventually(() => (board.resolve(BuiltinSwitchNames.logLevel) === 'debug' ? true : undefined), 'level debug');
  });
});
