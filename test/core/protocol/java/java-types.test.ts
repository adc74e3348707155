import { describe, expect, it } from 'vitest';
import { fromHessian, inferHessian, toHessian } from '../../../../core/protocol/index.js';
import { decodeHessian, encodeHessian } from '../hessian-round-trip.js';
import { reasonOf } from '../reason-of.js';

describe('java types - JSON to hessian.js values', () => {
  it('types scalars as their declared Java type', () => {
    expect(toHessian(1, 'int')).toEqual({ $class: 'int', $: 1 });
    expect(toHessian('12', 'java.lang.Integer')).toEqual({ $class: 'java.lang.Integer', $: 12 });
    expect(toHessian(1, 'double')).toEqual({ $class: 'double', $: 1 });
    expect(toHessian('true', 'boolean')).toEqual({ $class: 'boolean', $: true });
    expect(toHessian('x', 'char')).toEqual({ $class: 'char', $: 'x' });
    expect(toHessian('s', 'java.lang.String')).toBe('s');
    expect(toHessian(null, 'java.lang.Long')).toBeNull();
    expect(toHessian('1.50', 'java.math.BigDecimal')).toEqual({ $class: 'java.math.BigDecimal', $: { value: '1.50' } });
  });

  it('keeps a long beyond 2^53 exact when given as a decimal string', () => {
    const value = toHessian('-9223372036854775808', 'long');
    expect(value).toEqual({ $class: 'long', $: '-9223372036854775808' });
    expect(fromHessian(decodeHessian(encodeHessian(value)))).toBe('-9223372036854775808');
    expect(fromHessian(decodeHessian(encodeHessian(toHessian('9007199254740993', 'java.lang.Long'))))).toBe('9007199254740993');
    expect(fromHessian(decodeHessian(encodeHessian(toHessian(42, 'long'))))).toBe(42);
  });

  it('refuses values that do not fit', () => {
    expect(reasonOf(() => toHessian(2 ** 31, 'int'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian(1.5, 'int'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian(300, 'byte'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian(2 ** 53 + 2, 'long'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian('9223372036854775808', 'long'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian(1, 'java.lang.String'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian(null, 'int'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian('no', 'java.util.Date'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian({}, 'java.util.List'))).toBe('type-mismatch');
    expect(reasonOf(() => toHessian([1], 'com.a.Pojo'))).toBe('type-mismatch');
  });

  it('types arrays element by element, byte[] from base64', () => {
    expect(toHessian([1, 2], 'int[]')).toEqual({ $class: '[int', $: [{ $class: 'int', $: 1 }, { $class: 'int', $: 2 }] });
    expect(toHessian(['a'], '[Ljava.lang.String;')).toEqual({ $class: '[java.lang.String', $: ['a'] });
    expect(toHessian('aGk=', 'byte[]')).toEqual(Buffer.from('hi'));
    expect(reasonOf(() => toHessian([1, 'x'], 'int[]'))).toBe('type-mismatch');
  });

  it('types collections, maps and POJOs, with a value-level $class winning', () => {
    expect(toHessian([1, 'x'], 'java.util.List')).toEqual({ $class: 'java.util.ArrayList', $: [1, 'x'] });
    expect(toHessian({ a: 1 }, 'java.util.Map')).toEqual({ $class: 'java.util.HashMap', $: { a: 1 } });
    expect(toHessian({ name: 'n', inner: { $class: 'com.a.Inner', v: 2 } }, 'com.a.Pojo')).toEqual({
      $class: 'com.a.Pojo',
      $: { name: 'n', inner: { $class: 'com.a.Inner', $: { v: 2 } } },
    });
    expect(toHessian({ $class: 'com.a.Sub', x: 1 }, 'com.a.Base')).toEqual({ $class: 'com.a.Sub', $: { x: 1 } });
    expect(toHessian({ $class: 'long', $: '5' }, 'java.lang.Object')).toEqual({ $class: 'long', $: '5' });
  });

  it('infers untyped values as hessian.js does', () => {
    expect(inferHessian([1, 'a', null, { k: true }])).toEqual([1, 'a', null, { k: true }]);
    // Non-finite numbers (only decoded values have them) stay doubles.
    expect(inferHessian(Number.NaN)).toEqual({ $class: 'double', $: Number.NaN });
  });
});

describe('java types - hessian.js values to JSON', () => {
  it('turns dates, bytes, exceptions and typed wrappers into JSON', () => {
    expect(fromHessian(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(fromHessian(Buffer.from('hi'))).toBe('aGk=');
    const error = Object.assign(new Error('boom'), { name: 'java.lang.IllegalStateException' });
    expect(fromHessian(error)).toEqual({ exception: 'java.lang.IllegalStateException', message: 'boom' });
    expect(fromHessian({ $class: 'com.a.P', $: { a: [1, { $class: 'int', $: 2 }] } })).toEqual({ a: [1, 2] });
    expect(fromHessian(new Map<unknown, unknown>([[1, 'one']]))).toEqual({ 1: 'one' });
    expect(fromHessian(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('breaks reference cycles with null', () => {
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    expect(fromHessian(node)).toEqual({ name: 'a', self: null });
  });

  it('decodes a POJO written from JSON back to the same JSON, a nested long typed in place', () => {
    const typed = toHessian({ id: { $class: 'long', $: '9007199254740993' }, tags: ['x'], nested: { ok: true, ratio: 0.5 } }, 'com.a.Pojo');
    expect(fromHessian(decodeHessian(encodeHessian(typed)))).toEqual({ id: '9007199254740993', tags: ['x'], nested: { ok: true, ratio: 0.5 } });
  });
});
