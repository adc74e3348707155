import { describe, expect, it } from 'vitest';
import { SwitchError } from '../../../core/switches/switch-error.js';
import { formatSwitchAddress, formatSwitchScope, parseSwitchScope } from '../../../core/switches/switch-scope.js';

describe('switch scopes', () => {
  it('switch scopes - each written form reads back to the same text', () => {
    for (const text of ['global', 'group:shop', 'api:shop/get-item', 'api:shop.v2/items', 'node:gantry-3', 'node:10.0.0.7:8080']) {
      expect(formatSwitchScope(parseSwitchScope(text))).toBe(text);
    }
    expect(parseSwitchScope('api:shop/get-item')).toEqual({ kind: 'api', group: 'shop', api: 'get-item' });
  });

  it('switch scopes - malformed scopes are refused with invalid-scope', () => {
    for (const text of ['', 'everywhere', 'group:', 'group:Shop', 'api:shop', 'api:shop/', 'api:/a', 'node:', 'node:has space']) {
      let caught: unknown;
      try {
        parseSwitchScope(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(SwitchError);
      expect((caught as SwitchError).code).toBe('invalid-scope');
    }
  });

  it('switch scopes - an address names switch, scope and plugin', () => {
    expect(formatSwitchAddress({ name: 'gantry.plugin.enabled', scope: { kind: 'api', group: 'shop', api: 'get' }, plugin: 'cors' })).toBe('gantry.plugin.enabled@api:shop/get plugin=cors');
    expect(formatSwitchAddress({ name: 'gantry.log.level', scope: { kind: 'global' } })).toBe('gantry.log.level@global');
  });
});
