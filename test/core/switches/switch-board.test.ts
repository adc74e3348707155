import { describe, expect, it } from 'vitest';
import { BuiltinSwitchNames } from '../../../core/switches/builtin-switches.js';
import { SwitchBoard } from '../../../core/switches/switch-board.js';
import { SwitchCatalog } from '../../../core/switches/switch-catalog.js';
import type { SwitchDefinition } from '../../../core/switches/switch-definition.js';
import type { SwitchScope } from '../../../core/switches/switch-scope.js';

const OFFLINE = BuiltinSwitchNames.apiOffline;
const LEVEL = BuiltinSwitchNames.logLevel;
const limit: SwitchDefinition = { name: 'quota.limit', type: 'int', default: 10, min: 1, max: 100, scopes: ['global', 'group', 'api', 'node'], description: 'calls per second' };

function boardWithLimit(nodeId = 'n1'): SwitchBoard {
  return new SwitchBoard({ nodeId, catalog: new SwitchCatalog([{ name: 'quota', switches: [limit] }]) });
}

const global: SwitchScope = { kind: 'global' };
const group: SwitchScope = { kind: 'group', group: 'shop' };
const api: SwitchScope = { kind: 'api', group: 'shop', api: 'get' };
const node: SwitchScope = { kind: 'node', node: 'n1' };

describe('switch board', () => {
  it('switch board - resolves node over api over group over global over default', () => {
    const board = boardWithLimit();
    const target = { group: 'shop', api: 'get' };
    expect(board.get('quota.limit', target)).toBe(10);
    expect(board.resolve('quota.limit', target)).toBeUndefined();
    board.set({ name: 'quota.limit', scope: global }, 20);
    expect(board.get('quota.limit', target)).toBe(20);
    board.set({ name: 'quota.limit', scope: group }, 30);
    expect(board.get('quota.limit', target)).toBe(30);
    expect(board.get('quota.limit', { group: 'other', api: 'get' })).toBe(20);
    board.set({ name: 'quota.limit', scope: api }, 40);
    expect(board.get('quota.limit', target)).toBe(40);
    expect(board.get('quota.limit', { group: 'shop', api: 'put' })).toBe(30);
    board.set({ name: 'quota.limit', scope: node }, 50);
    expect(board.get('quota.limit', target)).toBe(50);
    expect(board.get('quota.limit')).toBe(50);
    // Peeled off again, most specific first.
    board.delete({ name: 'quota.limit', scope: node });
    expect(board.get('quota.limit', target)).toBe(40);
    board.delete({ name: 'quota.limit', scope: api });
    board.delete({ name: 'quota.limit', scope: group });
    board.delete({ name: 'quota.limit', scope: global });
    expect(board.get('quota.limit', target)).toBe(10);
    expect(board.entries()).toEqual([]);
  });

  it('switch board - without a route only node and global values count', () => {
    const board = boardWithLimit();
    board.set({ name: 'quota.limit', scope: api }, 40);
    expect(board.get('quota.limit')).toBe(10);
    board.set({ name: 'quota.limit', scope: global }, 20);
    expect(board.get('quota.limit')).toBe(20);
  });

  it('switch board - another node value is held but does not apply here, nor notify', () => {
    const board = boardWithLimit('n1');
    const heard: string[][] = [];
    board.onChange((changed) => heard.push([...changed]));
    expect(board.set({ name: 'quota.limit', scope: { kind: 'node', node: 'n2' } }, 99).kind).toBe('applied');
    expect(board.get('quota.limit')).toBe(10);
    expect(board.valueAt({ name: 'quota.limit', scope: { kind: 'node', node: 'n2' } })).toBe(99);
    expect(heard).toEqual([]);
  });

  it('switch board - a refused value keeps the previous one', () => {
    const board = boardWithLimit();
    board.set({ name: 'quota.limit', scope: global }, 20);
    const update = board.set({ name: 'quota.limit', scope: global }, 1000);
    expect(update.kind).toBe('refused');
    if (update.kind === 'refused') expect(update.error.message).toBe('quota.limit at global: must be an integer from 1 to 100, got 1000');
    expect(board.get('quota.limit')).toBe(20);
    expect(board.set({ name: LEVEL, scope: api }, 'warn').kind).toBe('refused');
  });

  it('switch board - per-plugin values are kept apart by plugin', () => {
    const board = new SwitchBoard();
    board.set({ name: BuiltinSwitchNames.pluginEnabled, scope: api, plugin: 'cors' }, false);
    expect(board.resolve(BuiltinSwitchNames.pluginEnabled, { group: 'shop', api: 'get', plugin: 'cors' })).toBe(false);
    expect(board.resolve(BuiltinSwitchNames.pluginEnabled, { group: 'shop', api: 'get', plugin: 'auth' })).toBeUndefined();
    expect(board.get(BuiltinSwitchNames.pluginEnabled, { group: 'shop', api: 'get', plugin: 'auth' })).toBe(true);
  });

  it('switch board - listeners hear each change once, a batch once with every name', () => {
    const board = boardWithLimit();
    const heard: string[][] = [];
    board.onChange((changed) => heard.push([...changed].sort()));
    board.set({ name: OFFLINE, scope: api }, true);
    board.set({ name: OFFLINE, scope: api }, true);
    expect(heard).toEqual([[OFFLINE]]);
    board.batch(() => {
      board.set({ name: LEVEL, scope: global }, 'warn');
      board.set({ name: 'quota.limit', scope: global }, 5);
      board.delete({ name: OFFLINE, scope: api });
    });
    expect(heard).toEqual([[OFFLINE], [OFFLINE, LEVEL, 'quota.limit'].sort()]);
  });

  it('switch board - a listener that throws does not keep the others from hearing', () => {
    const board = new SwitchBoard();
    const heard: string[] = [];
    board.onChange(() => {
      throw new Error('listener broke');
    });
    board.onChange((changed) => heard.push(...changed));
    expect(() => board.set({ name: OFFLINE, scope: global }, true)).toThrow('listener broke');
    expect(heard).toEqual([OFFLINE]);
  });

  it('switch board - values of unknown switches wait for a plugin to declare them', () => {
    const board = new SwitchBoard();
    expect(board.set({ name: 'quota.limit', scope: global }, 20)).toEqual({ kind: 'pending' });
    expect(board.set({ name: 'quota.limit', scope: group }, 500)).toEqual({ kind: 'pending' });
    expect(board.get('quota.limit')).toBeUndefined();
    const revalidated = board.declare({ name: 'quota', switches: [limit] });
    expect(revalidated.map((r) => r.update.kind).sort()).toEqual(['applied', 'refused']);
    expect(board.get('quota.limit')).toBe(20);
    expect(board.pendingEntries()).toEqual([]);
  });
});
