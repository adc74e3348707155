import { describe, expect, it } from 'vitest';
import { builtinSwitches } from '../../../core/switches/builtin-switches.js';
import { SwitchCatalog, checkSwitchDefinition } from '../../../core/switches/switch-catalog.js';
import type { SwitchDefinition } from '../../../core/switches/switch-definition.js';

const strict: SwitchDefinition = { name: 'cors.strict', type: 'bool', default: false, scopes: ['global', 'api'], description: 'strict origin checks' };

describe('switch catalog', () => {
  it('switch catalog - knows the built-ins, each of them well-formed', () => {
    const catalog = new SwitchCatalog();
    expect(catalog.list().map((d) => d.name)).toEqual([
      'gantry.log.level', 'gantry.digest.sample-percent', 'gantry.api.offline', 'gantry.api.degrade', 'gantry.plugin.enabled',
    ]);
    for (const definition of builtinSwitches) expect(() => checkSwitchDefinition(definition)).not.toThrow();
  });

  it('switch catalog - adds the switches a plugin declares under its own name', () => {
    const catalog = new SwitchCatalog([{ name: 'cors', switches: [strict] }]);
    expect(catalog.get('cors.strict')).toEqual(strict);
    expect(Object.isFrozen(catalog.get('cors.strict'))).toBe(true);
    expect(catalog.list().at(-1)?.name).toBe('cors.strict');
  });

  it('switch catalog - refuses plugin switches outside the plugin name or under gantry', () => {
    expect(() => new SwitchCatalog([{ name: 'cors', switches: [{ ...strict, name: 'auth.strict' }] }])).toThrow(/switch auth.strict must be named "cors.<something>"/);
    expect(() => new SwitchCatalog([{ name: 'gantry', switches: [{ ...strict, name: 'gantry.log.level' }] }])).toThrow(TypeError);
  });

  it('switch catalog - a plugin is taken with all its switches or none', () => {
    const catalog = new SwitchCatalog();
    const bad = { ...strict, name: 'cors.limit', type: 'int' as const, default: 5, max: 3 };
    expect(() => catalog.addPluginSwitches({ name: 'cors', switches: [strict, bad] })).toThrow(/default must be an integer from/);
    expect(catalog.get('cors.strict')).toBeUndefined();
  });

  it('switch catalog - malformed definitions are refused with the rule broken', () => {
    const cases: [Partial<SwitchDefinition>, RegExp][] = [
      [{ name: 'single' }, /name must be dotted/],
      [{ name: 'cors..x' }, /name must be dotted/],
      [{ scopes: [] }, /at least one scope/],
      [{ scopes: ['global', 'global'] }, /must not repeat/],
      [{ type: 'enum', default: 'a' }, /distinct string values/],
      [{ values: ['a'] }, /only apply to an enum/],
      [{ min: 1 }, /do not apply to a bool/],
      [{ type: 'int', default: 1, min: 5, max: 2 }, /min \(5\) is above max \(2\)/],
      [{ type: 'percent', default: 1, max: 200 }, /within 0-100/],
      [{ description: ' ' }, /description must not be empty/],
      [{ default: 'no' }, /default must be true or false/],
    ];
    for (const [change, message] of cases) {
      expect(() => checkSwitchDefinition({ ...strict, ...change } as SwitchDefinition), JSON.stringify(change)).toThrow(message);
    }
  });
});
