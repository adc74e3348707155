import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHessian2 } from '../../../../core/protocol/hessian/hessian2.js';
import {
  JavaException,
  JsonAsJava,
  asJava,
  decodeBoltFrame,
  decodeSofaRequest,
  encodeDubboRequest,
  encodeDubboResponse,
  encodeSofaRequest,
  encodeSofaResponse,
  fromHessian,
  toHessian,
  type BoltRequest,
  type HessianFlavor,
  type HessianValue,
} from '../../../../core/protocol/index.js';
import { jsonValues } from '../json-arbitrary.js';

// asJava + the encoder's one-walk conversion must give exactly the bytes (or the error) of the old
// path, toHessian's typed copy written by the encoder.

const DECLARED = [
  'boolean', 'java.lang.Boolean', 'byte', 'short', 'int', 'java.lang.Integer', 'long', 'java.lang.Long', 'float', 'double',
  'char', 'java.lang.String', 'java.math.BigDecimal', 'java.util.Date',
  'java.util.List', 'java.util.ArrayList', 'java.util.LinkedList', 'java.util.Collection', 'java.util.Set', 'java.util.HashSet',
  'java.util.Map', 'java.util.HashMap', 'java.util.LinkedHashMap', 'java.lang.Object',
  'com.example.Order', 'String', 'int[]', '[I', 'java.lang.String[]', '[Ljava.lang.String;', 'long[][]', 'byte[]', 'com.example.Item[]',
] as const;

/** `$class` values a JSON object may carry: POJOs, and names the typed path treats specially. */
const CLASS_NAMES = ['com.example.Item', 'com.example.Order', 'int', 'java.lang.String', 'double', 'boolean', 'java.util.Date', 'java.util.HashMap', 'java.util.LinkedHashMap', 'java.util.ArrayList', 'java.lang.Object'];

const KEYS = fc.oneof(fc.constantFrom('a', 'name', '$class', '$', '__proto__', '0', 'x y', 'ключ'), fc.string({ maxLength: 6 }));

const LONGS = ['9223372036854775807', '-9223372036854775808', '9007199254740993', '-9007199254740993', '123'];

const jsonValue = jsonValues({
  scalars: [
    fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 60, 0.5, -0),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(...LONGS),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
  ],
  keys: KEYS,
  maxItems: 9,
  more: (value) => [
    fc.record({ $class: fc.constantFrom(...CLASS_NAMES), a: value, b: value }),
    // Already typed: passes through both paths.
    fc.constantFrom(...LONGS).map((text) => ({ $class: 'long', $: text })),
  ],
});

/** Values as the gateway gets them: parsed from JSON (so `__proto__` is an own key). */
const parsed = jsonValue.map((value) => JSON.parse(JSON.stringify(value) ?? 'null') as unknown);

function outcome(run: () => Buffer): Buffer | string {
  try {
    return run();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

function bothWays(values: readonly unknown[], types: readonly string[], flavor: HessianFlavor = '4.x'): void {
  const old = outcome(() => encodeHessian2(values.map((value, i) => toHessian(value, types[i] as string)), flavor));
  const now = outcome(() => encodeHessian2(values.map((value, i) => asJava(value, types[i] as string)), flavor));
  expect(now).toEqual(old);
}

describe('asJava + JavaJsonEncoder', () => {
  it('writes the bytes toHessian + the encoder write, or fails with the same error', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(parsed, fc.constantFrom(...DECLARED)), { minLength: 1, maxLength: 3 }), (pairs) => {
        bothWays(pairs.map(([value]) => value), pairs.map(([, type]) => type));
      }),
      { numRuns: 1500 },
    );
  });

  it('shares class definitions and reference numbers with typed values in the same stream', () => {
    fc.assert(
      fc.property(parsed, parsed, (a, b) => {
        const shared = { $class: 'java.util.HashMap', $: { k: 1 } };
        const types = ['com.example.Order', 'java.util.List'];
        const old = outcome(() => encodeHessian2([shared, toHessian({ a, shared }, types[0] as string), toHessian([b, shared], types[1] as string), shared]));
        const now = outcome(() => encodeHessian2([shared, asJava({ a, shared }, types[0] as string), asJava([b, shared], types[1] as string), shared]));
        expect(now).toEqual(old);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same bytes in the 3.x flavour (hessian.js-1 gets the typed copy)', () => {
    fc.assert(
      fc.property(parsed, fc.constantFrom(...DECLARED), (value, type) => bothWays([value], [type], '3.x')),
      { numRuns: 300 },
    );
  });

  it('reads back through fromHessian as toHessian\'s value does', () => {
    fc.assert(
      fc.property(parsed, fc.constantFrom(...DECLARED), (value, type) => {
        let old: unknown;
        try {
          old = fromHessian(toHessian(value, type));
        } catch {
          return;
        }
        expect(fromHessian(asJava(value, type))).toEqual(old);
      }),
      { numRuns: 500 },
    );
  });

  it('checks the top level at once, as the argument mapping needs for its 7902', () => {
    expect(() => asJava('x', 'java.util.List')).toThrow(/an array/);
    expect(() => asJava([1], 'java.util.Map')).toThrow(/an object/);
    expect(() => asJava(5, 'com.example.Order')).toThrow(/an object/);
    expect(() => asJava(null, 'int')).toThrow(/primitive/);
    expect(() => asJava(['1', 'x'], 'int[]')).toThrow(/int/);
    expect(() => asJava(() => 0, 'java.lang.Object')).toThrow(/java.lang.Object/);
    // Decoded values that are no JSON keep their Java type (RPC → RPC never fails on them).
    expect(asJava(new Date(0), 'java.lang.Object')).toEqual(new Date(0));
    expect(asJava(Buffer.from('x'), 'byte[]')).toEqual(Buffer.from('x'));
    expect(asJava(new Date(0), 'java.util.Date')).toEqual({ $class: 'java.util.Date', $: new Date(0) });
    expect(asJava({ a: 1 }, 'com.example.Order')).toBeInstanceOf(JsonAsJava);
    expect(asJava('9223372036854775807', 'long')).toEqual({ $class: 'long', $: '9223372036854775807' });
  });

  it('fails while encoding, with toHessian\'s error, on a value Hessian cannot carry deep inside', () => {
    const value = { when: () => 0 };
    expect(() => toHessian(value, 'com.example.Order')).toThrow(/java.lang.Object/);
    expect(() => encodeHessian2([asJava(value, 'com.example.Order')])).toThrow(/java.lang.Object/);
  });

  it('writes decoded dates, byte[], non-finite doubles and exceptions deep inside as toHessian types them', () => {
    const value = { when: new Date(5), blob: Buffer.from('b'), ratio: Number.NaN, far: [Number.NEGATIVE_INFINITY], error: new JavaException('x.BadException', { detailMessage: 'no' }) };
    expect(encodeHessian2([asJava(value, 'com.example.Order')])).toEqual(encodeHessian2([toHessian(value, 'com.example.Order')]));
    expect(encodeHessian2([asJava([value], 'java.lang.Object')])).toEqual(encodeHessian2([toHessian([value], 'java.lang.Object')]));
  });

  it('never lets a __proto__ key reach the wire or retype a map', () => {
    const value = JSON.parse('{"__proto__": {"$class": "int", "$": 1}, "a": [1, {"__proto__": null, "b": "é"}]}') as unknown;
    for (const type of ['com.example.Order', 'java.util.Map', 'java.lang.Object']) bothWays([value], [type]);
    const written = encodeHessian2([asJava(value, 'java.util.Map')]);
    expect(written.includes(Buffer.from('__proto__'))).toBe(false);
  });

  it('frames a SOFARPC call and answer, and a Dubbo call and answer, byte for byte as toHessian', () => {
    const order = JSON.parse(JSON.stringify({
      orderId: '9007199254740993',
      buyer: { id: 1234567, name: 'Ada 😀 Lovelace', vip: true, tags: null },
      items: [{ sku: 'SKU-1', qty: 1, price: 19.99 }, { $class: 'com.example.Item', sku: 'SKU-2', qty: 2, price: 20.99 }],
      nested: [[1, 2], { k: [null, 'v'] }],
    })) as unknown;
    const types = ['java.lang.String', 'long', 'com.example.Order'];
    const values = ['tenant-42', '9223372036854775807', order];
    const typed = (convert: (value: unknown, type: string) => HessianValue): HessianValue[] => values.map((v, i) => convert(v, types[i] as string));
    for (const hessian of ['4.x', '3.x'] as const) {
      const call = (args: HessianValue[]) => encodeSofaRequest(7, { service: 'com.example.S:1.0', method: 'place', argTypes: types, args, requestProps: { rpc_trace_context: { sofaTraceId: 't' } } }, { hessian });
      expect(call(typed(asJava))).toEqual(call(typed(toHessian)));
      const answer = (appResponse: HessianValue) => encodeSofaResponse(7, { isError: false, errorMsg: null, appResponse, responseProps: null }, { hessian });
      expect(answer(asJava(order, 'java.lang.Object'))).toEqual(answer(toHessian(order, 'java.lang.Object')));
    }
    const dubbo = (args: HessianValue[]) => encodeDubboRequest(3n, { dubboVersion: '2.0.2', path: 'com.example.S', version: '1.0', method: 'place', argTypes: types, args, attachments: { traceId: 't' } });
    expect(dubbo(typed(asJava))).toEqual(dubbo(typed(toHessian)));
    const reply = (value: HessianValue) => encodeDubboResponse(3n, { kind: 'value', value, attachments: { a: '1' } });
    expect(reply(asJava(order, 'com.example.Order'))).toEqual(reply(toHessian(order, 'com.example.Order')));
    const decoded = decodeSofaRequest(decodeBoltFrame(encodeSofaRequest(1, { service: 's:1.0', method: 'm', argTypes: types, args: typed(asJava) })) as BoltRequest);
    expect(decoded.args.map(fromHessian)).toEqual(['tenant-42', '9223372036854775807', fromHessian(toHessian(order, 'com.example.Order'))]);
  });
});
