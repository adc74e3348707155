import { describe, expect, it } from 'vitest';
import type { SwitchDefinition } from '../../../core/switches/switch-definition.js';
import { builtinSwitches, BuiltinSwitchNames } from '../../../core/switches/builtin-switches.js';
import { SwitchError } from '../../../core/switches/switch-error.js';
import { parseSwitchValue, validateSwitchSetting, validateSwitchValue } from '../../../core/switches/validate-switch-value.js';
import { GLOBAL_SCOPE } from '../../../core/switches/switch-scope.js';

function definition(parts: Partial<SwitchDefinition> & Pick<SwitchDefinition, 'type' | 'default'>): SwitchDefinition {
  return { name: 'test.switch', scopes: ['global', 'api'], description: 'a test switch', ...parts };
}

function builtin(name: string): SwitchDefinition {
  const found = builtinSwitches.find((d) => d.name === name);
  if (found === undefined) throw new Error(`no built-in ${name}`);
  return found;
}

describe('switch values', () => {
  it('switch values - bool takes true and false only', () => {
    const bool = definition({ type: 'bool', default: false });
    expect(validateSwitchValue(bool, true)).toEqual({ ok: true, value: true });
    expect(validateSwitchValue(bool, false)).toEqual({ ok: true, value: false });
    for (const wrong of ['true', 1, 0, null, undefined, {}]) {
      const checked = validateSwitchValue(bool, wrong);
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.message).toMatch(/must be true or false/);
    }
  });

  it('switch values - int takes integers within min and max', () => {
    const int = definition({ type: 'int', default: 5, min: 1, max: 10 });
    expect(validateSwitchValue(int, 1)).toEqual({ ok: true, value: 1 });
    expect(validateSwitchValue(int, 10)).toEqual({ ok: true, value: 10 });
    expect(validateSwitchValue(int, 2.5)).toEqual({ ok: false, message: 'must be an integer, got 2.5' });
    expect(validateSwitchValue(int, 11)).toEqual({ ok: false, message: 'must be an integer from 1 to 10, got 11' });
    expect(validateSwitchValue(int, 0)).toEqual({ ok: false, message: 'must be an integer from 1 to 10, got 0' });
    expect(validateSwitchValue(int, '3').ok).toBe(false);
  });

  it('switch values - number takes finite numbers within min and max', () => {
    const number = definition({ type: 'number', default: 0.5, min: 0, max: 1 });
    expect(validateSwitchValue(number, 0.25)).toEqual({ ok: true, value: 0.25 });
    expect(validateSwitchValue(number, 1.5)).toEqual({ ok: false, message: 'must be a number from 0 to 1, got 1.5' });
    expect(validateSwitchValue(number, Number.NaN).ok).toBe(false);
    expect(validateSwitchValue(number, Number.POSITIVE_INFINITY).ok).toBe(false);
    // Without bounds any finite number is fine.
    expect(validateSwitchValue(definition({ type: 'number', default: 0 }), -1e9)).toEqual({ ok: true, value: -1e9 });
  });

  it('switch values - percent takes 0 to 100, fractions included, narrowed by min and max', () => {
    const percent = builtin(BuiltinSwitchNames.digestSamplePercent);
    expect(validateSwitchValue(percent, 0)).toEqual({ ok: true, value: 0 });
    expect(validateSwitchValue(percent, 12.5)).toEqual({ ok: true, value: 12.5 });
    expect(validateSwitchValue(percent, 100)).toEqual({ ok: true, value: 100 });
    expect(validateSwitchValue(percent, 101)).toEqual({ ok: false, message: 'must be a percentage from 0 to 100, got 101' });
    expect(validateSwitchValue(percent, -1).ok).toBe(false);
    const narrowed = definition({ type: 'percent', default: 10, max: 50 });
    expect(validateSwitchValue(narrowed, 60)).toEqual({ ok: false, message: 'must be a percentage from 0 to 50, got 60' });
  });

  it('switch values - string takes strings within the length bounds', () => {
    const string = definition({ type: 'string', default: 'x', min: 1, max: 3 });
    expect(validateSwitchValue(string, 'abc')).toEqual({ ok: true, value: 'abc' });
    expect(validateSwitchValue(string, '')).toEqual({ ok: false, message: 'must be 1-3 characters long, got 0' });
    expect(validateSwitchValue(string, 'abcd').ok).toBe(false);
    expect(validateSwitchValue(string, 3)).toEqual({ ok: false, message: 'must be a string, got 3' });
    // Without a max a string is bounded at 1024 characters.
    expect(validateSwitchValue(definition({ type: 'string', default: '' }), 'x'.repeat(1025)).ok).toBe(false);
  });

  it('switch values - enum takes its declared values only', () => {
    const level = builtin(BuiltinSwitchNames.logLevel);
    expect(validateSwitchValue(level, 'warn')).toEqual({ ok: true, value: 'warn' });
    expect(validateSwitchValue(level, 'verbose')).toEqual({ ok: false, message: 'must be one of debug, info, warn, error, got "verbose"' });
    expect(validateSwitchValue(level, 'WARN').ok).toBe(false);
  });

  it('switch values - command-line text reads as the switch type', () => {
    const bool = definition({ type: 'bool', default: false });
    expect(parseSwitchValue(bool, 'true')).toEqual({ ok: true, value: true });
    expect(parseSwitchValue(bool, 'off')).toEqual({ ok: true, value: false });
    expect(parseSwitchValue(bool, 'yes').ok).toBe(false);
    expect(parseSwitchValue(definition({ type: 'int', default: 0 }), '42')).toEqual({ ok: true, value: 42 });
    expect(parseSwitchValue(definition({ type: 'int', default: 0 }), '4x')).toEqual({ ok: false, message: 'must be an integer, got "4x"' });
    expect(parseSwitchValue(builtin(BuiltinSwitchNames.digestSamplePercent), '12.5%')).toEqual({ ok: true, value: 12.5 });
    expect(parseSwitchValue(definition({ type: 'string', default: '' }), '42')).toEqual({ ok: true, value: '42' });
  });
});

describe('switch settings', () => {
  it('switch settings - a scope the switch does not allow is refused, naming switch and scope', () => {
    const level = builtin(BuiltinSwitchNames.logLevel);
    const checked = validateSwitchSetting(level, { scope: { kind: 'api', group: 'shop', api: 'get-item' } }, 'warn');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error).toBeInstanceOf(SwitchError);
    expect(checked.error.code).toBe('scope-not-allowed');
    expect(checked.error.message).toBe('gantry.log.level at api:shop/get-item: scope api is not allowed (allowed: global, node)');
    expect(validateSwitchSetting(level, { scope: { kind: 'node', node: 'gantry-2' } }, 'warn')).toEqual({ ok: true, value: 'warn' });
  });

  it('switch settings - an invalid value is refused with the validator message', () => {
    const offline = builtin(BuiltinSwitchNames.apiOffline);
    const checked = validateSwitchSetting(offline, { scope: { kind: 'group', group: 'shop' } }, 'yes');
    expect(checked.ok ? '' : `${checked.error.code}: ${checked.error.message}`).toBe('invalid-value: gantry.api.offline at group:shop: must be true or false, got "yes"');
  });

  it('switch settings - a per-plugin switch needs a plugin, others refuse one', () => {
    const enabled = builtin(BuiltinSwitchNames.pluginEnabled);
    const missing = validateSwitchSetting(enabled, { scope: GLOBAL_SCOPE }, false);
    expect(missing.ok ? '' : missing.error.code).toBe('plugin-required');
    expect(validateSwitchSetting(enabled, { scope: GLOBAL_SCOPE, plugin: 'cors' }, false)).toEqual({ ok: true, value: false });
    const extra = validateSwitchSetting(builtin(BuiltinSwitchNames.apiOffline), { scope: GLOBAL_SCOPE, plugin: 'cors' }, true);
    expect(extra.ok ? '' : extra.error.code).toBe('plugin-not-allowed');
  });
});
