import { describe, expect, it } from 'vitest';
import { compileJsonPath, readJsonPath, writeJsonPath } from '../../../../core/invoke/rpc/json-path.js';

describe('json path', () => {
  it('json path - compiles fields and indexes, refuses anything else', () => {
    expect(compileJsonPath('$')).toEqual([]);
    expect(compileJsonPath('$.order.items[2].sku')).toEqual(['order', 'items', 2, 'sku']);
    expect(compileJsonPath('order.items')).toBeUndefined();
    expect(compileJsonPath('$.a..b')).toBeUndefined();
    expect(compileJsonPath('$[x]')).toBeUndefined();
  });

  it('json path - reads present and missing values', () => {
    const doc = { order: { items: [{ sku: 'a' }, { sku: 'b' }] } };
    expect(readJsonPath(doc, ['order', 'items', 1, 'sku'])).toBe('b');
    expect(readJsonPath(doc, ['order', 'nope', 0])).toBeUndefined();
    expect(readJsonPath('text', ['a'])).toBeUndefined();
  });

  it('json path - writes, creating objects and arrays on the way', () => {
    expect(writeJsonPath(undefined, ['a', 'b'], 1)).toEqual({ a: { b: 1 } });
    expect(writeJsonPath({ a: 1 }, ['list', 0, 'x'], 'y')).toEqual({ a: 1, list: [{ x: 'y' }] });
    expect(writeJsonPath({ a: 1 }, [], 'whole')).toBe('whole');
  });
});
