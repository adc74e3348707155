import { describe, expect, it } from 'vitest';
import { builtinPlugins, headerRewrite, requestId } from '../../plugins/index.js';

describe('builtin plugins', () => {
  it('builtin - lists request-id and header-rewrite with their priorities', () => {
    expect(builtinPlugins.map((plugin) => [plugin.name, plugin.priority])).toEqual([['request-id', 11000], ['header-rewrite', 1000]]);
    expect(builtinPlugins).toContain(requestId);
    expect(builtinPlugins).toContain(headerRewrite);
    expect(Object.isFrozen(builtinPlugins)).toBe(true);
  });

  it('builtin - every definition is frozen and speaks plugin API version 1', () => {
    for (const plugin of builtinPlugins) {
      expect(plugin.apiVersion).toBe(1);
      expect(Object.isFrozen(plugin)).toBe(true);
    }
  });
});
