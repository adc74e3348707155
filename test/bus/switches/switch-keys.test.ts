import { describe, expect, it } from 'vitest';
import { decodeKeyPart, encodeKeyPart, parseSwitchKey, switchKey } from '../../../bus/switches/switch-keys.js';
import type { SwitchAddress } from '../../../core/switches/switch-scope.js';
import { SwitchError } from '../../../core/switches/switch-error.js';

const KV_KEY = /^[-/_=.a-zA-Z0-9]+$/;

describe('switch keys', () => {
  it('switch keys - each scope has a readable key that parses back to its address', () => {
    const cases: [SwitchAddress, string][] = [
      [{ name: 'gantry.log.level', scope: { kind: 'global' } }, 'gantry.log.level/global'],
      [{ name: 'gantry.log.level', scope: { kind: 'node', node: 'gantry-3' } }, 'gantry.log.level/node/gantry-3'],
      [{ name: 'gantry.api.offline', scope: { kind: 'group', group: 'shop' } }, 'gantry.api.offline/group/shop'],
      [{ name: 'gantry.api.offline', scope: { kind: 'api', group: 'shop', api: 'get-item' } }, 'gantry.api.offline/api/shop/get-item'],
      [{ name: 'gantry.plugin.enabled', scope: { kind: 'api', group: 'shop', api: 'get-item' }, plugin: 'cors' }, 'gantry.plugin.enabled/api/shop/get-item/plugin=cors'],
      [{ name: 'gantry.plugin.enabled', scope: { kind: 'global' }, plugin: 'rate.limit' }, 'gantry.plugin.enabled/global/plugin=rate=2elimit'],
    ];
    for (const [address, key] of cases) {
      expect(switchKey(address)).toBe(key);
      expect(parseSwitchKey(key)).toEqual(address);
    }
  });

  it('switch keys - names with dots and odd node ids stay valid, distinct keys', () => {
    const odd: SwitchAddress[] = [
      { name: 'x.y', scope: { kind: 'group', group: 'a..b' } },
      { name: 'x.y', scope: { kind: 'group', group: 'a.' } },
      { name: 'x.y', scope: { kind: 'node', node: '10.0.0.7:8080' } },
      { name: 'x.y', scope: { kind: 'node', node: 'ünïcode/=node' } },
      { name: 'x.y', scope: { kind: 'api', group: 'a', api: 'b/c' } },
      { name: 'x.y', scope: { kind: 'api', group: 'a/b', api: 'c' } },
    ];
    const keys = odd.map(switchKey);
    expect(new Set(keys).size).toBe(odd.length);
    for (const [i, key] of keys.entries()) {
      expect(key).toMatch(KV_KEY);
      expect(key).not.toMatch(/\.\.|\.$|\.\//);
      expect(parseSwitchKey(key)).toEqual(odd[i]);
    }
    expect(encodeKeyPart('shop.v2')).toBe('shop=2ev2');
  });

  it('switch keys - only the canonical spelling of a part reads back', () => {
    expect(decodeKeyPart('shop=2ev2')).toBe('shop.v2');
    expect(decodeKeyPart('=61')).toBeUndefined();
    expect(decodeKeyPart('a=zz')).toBeUndefined();
    expect(decodeKeyPart('')).toBeUndefined();
  });

  it('switch keys - malformed keys are refused as invalid entries naming the key', () => {
    for (const key of ['nodots/global', 'gantry.log.level', 'gantry.log.level/everywhere', 'gantry.log.level/api/shop', 'gantry.log.level/global/extra', 'gantry.log.level/group/shop/plugin=', 'gantry.log.level/group/=61']) {
      let caught: unknown;
      try {
        parseSwitchKey(key);
      } catch (error) {
        caught = error;
      }
      expect(caught, key).toBeInstanceOf(SwitchError);
      expect((caught as SwitchError).code).toBe('invalid-entry');
      expect((caught as SwitchError).message).toContain(`"${key}"`);
    }
  });
});
