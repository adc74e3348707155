import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Hessian2Encoder } from '../../../../core/protocol/hessian/hessian2-encoder.js';
import { fromHessian, inferHessian, toHessian } from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';
import { jsonValues } from '../json-arbitrary.js';

function ours(values: unknown[]): Buffer {
  const encoder = new Hessian2Encoder();
  for (const value of values) encoder.write(value);
  return encoder.bytes();
}

function reference(values: unknown[]): Buffer {
  const encoder = new hessian.EncoderV2();
  for (const value of values) encoder.write(value);
  return Buffer.from(encoder.get());
}

/** hessian.js reads every value of the stream; the reference decoder for both encoders. */
function readAll(buf: Buffer, count: number): unknown[] {
  const decoder = new hessian.DecoderV2(buf);
  return Array.from({ length: count }, () => fromHessian(decoder.read()));
}

const jsonValue = jsonValues({
  scalars: [
    fc.maxSafeInteger(),
    // Integral doubles past 2^53 are the one deliberate difference, tested below.
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d) || Number.isSafeInteger(d)),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ maxLength: 300 }),
  ],
  keys: fc.string({ maxLength: 8 }),
  maxItems: 9,
});

describe('hessian 2 encoder', () => {
  it('writes values hessian.js reads back exactly as it reads its own', () => {
    fc.assert(
      fc.property(fc.array(jsonValue, { minLength: 1, maxLength: 3 }), (values) => {
        const typed = values.map(inferHessian);
        expect(readAll(ours(typed), typed.length)).toEqual(readAll(reference(typed), typed.length));
      }),
      { numRuns: 500 },
    );
  });

  it('writes typed values, edge longs, dates, long strings and binary like hessian.js', () => {
    const values = [
      toHessian('-9223372036854775808', 'long'),
      toHessian('9223372036854775807', 'java.lang.Long'),
      ...[-9, -8, 15, 16, -2048, 2047, -2049, 2048, -262144, 262143, 262144, 2 ** 31, -(2 ** 31) - 1].map((n) => toHessian(n, 'long')),
      ...[-17, -16, 47, 48, -2049, 2048, -262145, 262144, 2 ** 31 - 1, -(2 ** 31)].map((n) => toHessian(n, 'int')),
      ...[0, 1, -128, 127, -32768, 32767, 32768, 1.5, -0.25, 1e300].map((n) => toHessian(n, 'double')),
      toHessian(1700000000123, 'java.util.Date'),
      toHessian(Buffer.alloc(70_000, 7).toString('base64'), 'byte[]'),
      toHessian(Buffer.alloc(900, 7).toString('base64'), 'byte[]'),
      toHessian('x'.repeat(32_767) + '😀' + 'é中'.repeat(20_000), 'java.lang.String'),
      toHessian([[1, 2], [3]], 'int[][]'),
      toHessian(Array.from({ length: 20 }, (_, i) => `s${i}`), 'java.lang.String[]'),
      toHessian({ a: { $class: 'com.x.B', v: [1, { $class: 'com.x.B', v: [] }] }, m: { k: 1 } }, 'com.x.A'),
      toHessian({ k: 'v' }, 'java.util.LinkedHashMap'),
      { $class: 'java.util.HashSet', $: [1, 2] },
      { $class: 'java.lang.Object', $: 'plain' },
    ];
    expect(readAll(ours(values), values.length)).toEqual(readAll(reference(values), values.length));
  });

  it('keeps an untyped integral number past 2^53 a double (hessian.js would claim a long it cannot hold)', () => {
    expect(ours([2 ** 53])[0]).toBe(0x44);
    expect(readAll(ours([2 ** 60]), 1)).toEqual([2 ** 60]);
  });

  it('writes a repeated object once and refers back to it, cycles included', () => {
    const shared = { $class: 'com.x.P', $: { n: 1 } };
    const buf = ours([[shared, shared]]);
    expect(buf.includes(0x51)).toBe(true); // Q: a back reference
    expect(readAll(buf, 1)).toEqual([[{ n: 1 }, { n: 1 }]]);
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    expect(readAll(ours([node]), 1)).toEqual([{ name: 'a', self: null }]);
  });

  it('defines a class again when the same class comes with other fields', () => {
    const values = [
      { $class: 'com.x.P', $: { a: 1 } },
      { $class: 'com.x.P', $: { b: 2 } },
      { $class: 'com.x.P', $: { a: 3 } },
    ];
    expect(readAll(ours(values), 3)).toEqual([{ a: 1 }, { b: 2 }, { a: 3 }]);
  });

  it('refuses longs beyond 64 bits, mistyped scalars and nesting past the limit', () => {
    expect(reasonOf(() => ours([{ $class: 'long', $: '9223372036854775808' }]))).toBe('type-mismatch');
    expect(reasonOf(() => ours([{ $class: 'int', $: 'x' }]))).toBe('type-mismatch');
    let deep: unknown = 1;
    for (let i = 0; i < 300; i++) deep = [deep];
    expect(reasonOf(() => ours([deep]))).toBe('type-mismatch');
  });

  it('starts over on reset: no reference or class definition leaks into the next stream', () => {
    const encoder = new Hessian2Encoder();
    const value = { $class: 'com.x.P', $: { n: 1 } };
    encoder.write(value);
    const first = encoder.bytes();
    encoder.reset();
    encoder.write(value);
    expect(encoder.bytes()).toEqual(first);
  });
});
