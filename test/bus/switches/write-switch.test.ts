import { describe, expect, it } from 'vitest';
import { encodeStoredSwitch } from '../../../bus/switches/stored-switch.js';
import { switchKey } from '../../../bus/switches/switch-keys.js';
import { deleteSwitch, readSwitch, readSwitches, writeSwitch } from '../../../bus/switches/write-switch.js';
import { switchSetAuditEvent, switchDeleteAuditEvent } from '../../../bus/switches/switch-audit.js';
import { BuiltinSwitchNames } from '../../../core/switches/builtin-switches.js';
import { SwitchError } from '../../../core/switches/switch-error.js';
import { builtinSwitch, logLevelSwitch, offlineSwitch as offline, openSwitchBucket } from '../support/switch-fixture.js';
import { useTestBucket } from '../support/test-bucket-scope.js';

const onItems = { scope: { kind: 'api', group: 'shop', api: 'get-item' } } as const;
const meta = { actor: 'alice', reason: 'incident 42', time: '2025-01-01T00:00:00.000Z' };

describe('switch writes', () => {
  const bus = useTestBucket(openSwitchBucket);

  it('switch writes - a valid value is stored with who and why, and the previous value is reported', async () => {
    const first = await writeSwitch(bus.kv, offline, onItems, true, meta);
    expect(first.previous).toBeUndefined();
    expect(first.record).toMatchObject({ key: 'gantry.api.offline/api/shop/get-item', stored: { value: true, actor: 'alice', reason: 'incident 42' } });
    const second = await writeSwitch(bus.kv, offline, onItems, false, { actor: 'bob', reason: 'fixed' });
    expect(second.previous?.stored).toEqual({ value: true, actor: 'alice', reason: 'incident 42', time: meta.time });
    expect(second.record.revision).toBeGreaterThan(first.record.revision);
    expect((await readSwitch(bus.kv, { name: offline.name, ...onItems }))?.stored.value).toBe(false);
    expect(switchSetAuditEvent(second)).toEqual({
      kind: 'switch.set', actor: 'bob', key: 'gantry.api.offline@api:shop/get-item', old: true, new: false, reason: 'fixed', revision: second.record.revision,
    });
  });

  it('switch writes - an invalid value or scope is refused before anything is written', async () => {
    await expect(writeSwitch(bus.kv, offline, onItems, 'yes', meta)).rejects.toThrow('gantry.api.offline at api:shop/get-item: must be true or false, got "yes"');
    const wrongScope = writeSwitch(bus.kv, logLevelSwitch, onItems, 'warn', meta);
    await expect(wrongScope).rejects.toBeInstanceOf(SwitchError);
    await expect(wrongScope).rejects.toMatchObject({ code: 'scope-not-allowed', switchName: 'gantry.log.level', scope: 'api:shop/get-item' });
    expect(await readSwitches(bus.kv)).toEqual([]);
  });

  it('switch writes - a deleted value can be written again, and delete reports what it removed', async () => {
    await writeSwitch(bus.kv, offline, onItems, true, meta);
    const removed = await deleteSwitch(bus.kv, { name: offline.name, ...onItems });
    expect(removed?.stored.value).toBe(true);
    expect(removed && switchDeleteAuditEvent(removed, { actor: 'bob', reason: 'over' })).toMatchObject({ kind: 'switch.delete', key: 'gantry.api.offline@api:shop/get-item', old: true });
    expect(await readSwitch(bus.kv, { name: offline.name, ...onItems })).toBeUndefined();
    expect(await deleteSwitch(bus.kv, { name: offline.name, ...onItems })).toBeUndefined();
    const again = await writeSwitch(bus.kv, offline, onItems, true, meta);
    expect(again.previous).toBeUndefined();
  });

  it('switch writes - reading the bucket lists readable values and says why others are not', async () => {
    await writeSwitch(bus.kv, offline, onItems, true, meta);
    await writeSwitch(bus.kv, builtinSwitch(BuiltinSwitchNames.pluginEnabled), { scope: { kind: 'global' }, plugin: 'cors' }, false, meta);
    await bus.kv.put('not-a-switch', encodeStoredSwitch({ value: 1, actor: '', reason: '', time: '' }));
    await bus.kv.put(switchKey({ name: offline.name, scope: { kind: 'global' } }), 'not json');
    const entries = await readSwitches(bus.kv);
    expect(entries.map((e) => (e.ok ? `${e.key}=${String(e.stored.value)}` : `${e.key}: ${e.error.code}`))).toEqual([
      'gantry.api.offline/api/shop/get-item=true',
      'gantry.api.offline/global: invalid-entry',
      'gantry.plugin.enabled/global/plugin=cors=false',
      'not-a-switch: invalid-entry',
    ]);
  });
});
