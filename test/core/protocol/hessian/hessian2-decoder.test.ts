import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Hessian2Decoder } from '../../../../core/protocol/hessian/hessian2-decoder.js';
import { JavaException } from '../../../../core/protocol/hessian/java-exception.js';
import { fromHessian, inferHessian, toHessian } from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';
import { jsonValues } from '../json-arbitrary.js';

function ours(buf: Buffer): unknown {
  return new Hessian2Decoder(buf).read();
}

function theirs(buf: Buffer): unknown {
  return new hessian.DecoderV2(buf).read();
}

/** hessian.js's own encoder, the reference the decoder is checked against. */
function written(values: unknown[]): Buffer {
  const encoder = new hessian.EncoderV2();
  for (const value of values) encoder.write(value);
  return Buffer.from(encoder.get());
}

/** JSON-like values with the shapes RPC payloads have, strings with any Unicode included. */
const jsonValue = jsonValues({
  scalars: [fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 300 })],
  keys: fc.string({ maxLength: 8 }),
  maxItems: 5,
});

describe('hessian 2 decoder', () => {
  it('reads what hessian.js writes exactly as hessian.js reads it', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const buf = written([inferHessian(value)]);
        expect(fromHessian(ours(buf))).toEqual(fromHessian(theirs(buf)));
      }),
      { numRuns: 500 },
    );
  });

  it('reads typed values, longs at the edges, dates, binary and POJOs like hessian.js', () => {
    const values = [
      toHessian('-9223372036854775808', 'long'),
      toHessian('9223372036854775807', 'java.lang.Long'),
      toHessian(-262144, 'long'),
      toHessian(262143, 'long'),
      toHessian(2147483647, 'long'),
      toHessian(-2048, 'int'),
      toHessian(2 ** 31 - 1, 'int'),
      toHessian(1.5, 'float'),
      toHessian(-128, 'double'),
      toHessian(32767, 'double'),
      toHessian(1e300, 'double'),
      toHessian(1700000000000, 'java.util.Date'),
      toHessian(Buffer.alloc(70_000, 3).toString('base64'), 'byte[]'),
      toHessian('😀 é 中'.repeat(20_000), 'java.lang.String'),
      toHessian([[1, 2], [3]], 'int[][]'),
      toHessian({ a: { $class: 'com.x.B', v: [1, { $class: 'com.x.B', v: [] }] }, m: { k: 1 } }, 'com.x.A'),
      { $class: 'java.util.HashSet', $: [1, 2] },
    ];
    const buf = written(values);
    const decoder = new Hessian2Decoder(buf);
    const reference = new hessian.DecoderV2(buf);
    for (const _ of values) expect(fromHessian(decoder.read())).toEqual(fromHessian(reference.read()));
    expect(decoder.position).toBe(buf.length);
  });

  it('keeps back references and class definitions across values', () => {
    const shared = { $class: 'com.x.P', $: { n: 1 } };
    const buf = written([shared, shared, [shared]]);
    const decoder = new Hessian2Decoder(buf);
    expect([decoder.read(), decoder.read(), decoder.read()]).toEqual([{ n: 1 }, { n: 1 }, [{ n: 1 }]]);
  });

  it('turns *Exception classes into JavaException with the detail message', () => {
    const buf = written([{ $class: 'com.x.BizException', $: { detailMessage: 'no stock', code: 7 } }]);
    const value = ours(buf);
    expect(value).toBeInstanceOf(JavaException);
    expect(value).toMatchObject({ name: 'com.x.BizException', message: 'no stock', fields: { code: 7 } });
  });

  it('refuses truncated input, unknown codes, dangling references and deep nesting', () => {
    const buf = written([{ $class: 'com.x.P', $: { name: 'abcdef' } }]);
    for (let cut = 0; cut < buf.length; cut++) expect(reasonOf(() => ours(buf.subarray(0, cut)))).toBe('bad-payload');
    expect(reasonOf(() => ours(Buffer.from([0x47])))).toBe('bad-payload');
    expect(reasonOf(() => ours(Buffer.from([0x51, 0x90])))).toBe('bad-payload');
    expect(reasonOf(() => ours(Buffer.from([0x60])))).toBe('bad-payload');
    expect(reasonOf(() => ours(Buffer.alloc(1000, 0x57)))).toBe('bad-payload');
    expect(reasonOf(() => ours(Buffer.from([0x58, 0x49, 0x7f, 0xff, 0xff, 0xff, 0x90])))).toBe('bad-payload');
  });
});
