import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Hessian2Reader, encodeHessian2, type HessianFlavor } from '../../../../core/protocol/hessian/hessian2.js';
import {
  decodeBoltFrame,
  decodeDubboFrame,
  decodeDubboResponse,
  decodeSofaResponse,
  encodeDubboResponse,
  encodeSofaResponse,
  fromHessian,
  javaException,
  type BoltResponse,
} from '../../../../core/protocol/index.js';

// The json shape (decoding straight to what fromHessian makes) against the typed decoder followed
// by fromHessian, on everything Hessian carries: dates, binary, exceptions, non-finite doubles,
// longs beyond 2^53, `{ $class, $ }`-shaped maps, shared references and cycles.

function typedThenJson(buf: Buffer, count: number, flavor: HessianFlavor = '4.x'): unknown[] {
  const reader = new Hessian2Reader('test', buf, flavor);
  return Array.from({ length: count }, () => fromHessian(reader.read()));
}

function jsonShape(buf: Buffer, count: number, flavor: HessianFlavor = '4.x'): unknown[] {
  const reader = new Hessian2Reader('test', buf, flavor, 'json');
  return Array.from({ length: count }, () => reader.read());
}

function expectSame(buf: Buffer, count: number, flavor: HessianFlavor = '4.x'): void {
  const expected = typedThenJson(buf, count, flavor);
  const actual = jsonShape(buf, count, flavor);
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

const wireValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY).map(($) => ({ $class: 'double', $ })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((big) => ({ $class: 'long', $: big.toString() })),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 70 }),
    fc.date({ noInvalidDate: true }),
    fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
    fc.array(tie('value'), { maxLength: 6 }),
    // Keys `$class` + `$` would make a typed value for the encoders; such maps come below.
    fc.dictionary(fc.oneof(fc.constantFrom('$', 'a', 'b', '__proto__'), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 4 }),
    fc.record({ $class: fc.constantFrom('com.example.Item', 'com.example.Order'), $: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'this$0'), tie('value'), { maxKeys: 3 }) }),
    fc.record({ $class: fc.constant('java.lang.IllegalStateException'), $: fc.record({ detailMessage: fc.option(fc.string({ maxLength: 10 })), cause: fc.constant(null) }) }),
    // A map whose entries look like a typed value: fromHessian unwraps it.
    fc.record({ $class: fc.constant('java.util.HashMap'), $: fc.record({ $class: fc.constantFrom('x.Y', 'int'), $: tie('value') }) }),
  ),
})).value;

/** A value written twice (a back reference) inside a list, and a value that contains itself. */
function sharedAndCyclic(inner: unknown): unknown[] {
  const shared = { $class: 'java.util.HashMap', $: { inner } };
  const cyclic: { $class: string; $: Record<string, unknown> } = { $class: 'com.example.Node', $: { inner } };
  cyclic.$.self = cyclic;
  const exception: { $class: string; $: Record<string, unknown> } = { $class: 'java.lang.RuntimeException', $: { detailMessage: 'boom', cause: null } };
  exception.$.cause = exception; // as Java writes every Throwable without a cause
  return [shared, [shared, inner, shared], cyclic, exception, [cyclic, shared]];
}

describe('hessian 2 decoder, json shape', () => {
  it('gives what the typed decoder + fromHessian give, for one value and for a stream of several', () => {
    fc.assert(
      fc.property(fc.array(wireValue, { minLength: 1, maxLength: 4 }), (values) => {
        expectSame(encodeHessian2(values), values.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('falls back to the typed path on cycles, also mid-stream, and still agrees', () => {
    fc.assert(
      fc.property(wireValue, wireValue, (before, inner) => {
        const values = [before, ...sharedAndCyclic(inner), before];
        expectSame(encodeHessian2(values), values.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reads hessian.js\'s own writing the same way', () => {
    fc.assert(
      fc.property(fc.array(wireValue, { minLength: 1, maxLength: 3 }), (values) => {
        const encoder = new hessian.EncoderV2();
        for (const value of values) encoder.write(value);
        expectSame(Buffer.from(encoder.get()), values.length);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a wire key or field named __proto__ set a prototype', () => {
    const evil = { $class: 'java.util.HashMap', $: JSON.parse('{"__proto__": {"$class": "java.lang.IllegalStateException", "$": {"detailMessage": "x"}}, "a": 1}') as unknown };
    const pojo = { $class: 'com.example.P', $: JSON.parse('{"__proto__": [1], "b": 2}') as unknown };
    for (const shape of ['typed', 'json'] as const) {
      const [map, object] = [evil, pojo].map((value) => new Hessian2Reader('test', encodeHessian2([value]), '4.x', shape).read() as object);
      expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
      expect(map).toEqual({ a: 1 });
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect(object).toEqual({ b: 2 });
    }
  });

  it('converts the 3.x flavour with fromHessian', () => {
    const values = [{ $class: 'com.example.Item', $: { a: new Date(0), b: Buffer.from('hi'), c: { $class: 'long', $: '9223372036854775807' } } }];
    expectSame(encodeHessian2(values, '3.x'), 1, '3.x');
  });

  it('handles map keys that are not strings, out-of-range dates and chunked binary like the typed path', () => {
    const part = (value: unknown) => encodeHessian2([value]);
    const map = (...entries: Buffer[]) => Buffer.concat([Buffer.from([0x48]), ...entries, Buffer.from([0x5a])]);
    const cases = [
      map(part(1), part('int key'), part(new Date(0)), part('date key'), part(Buffer.from('k')), part('binary key'), part(null), part('null key')),
      map(part({ $class: 'java.util.HashMap', $: { name: 'ENUM' } }), part('object key')),
      map(part({ $class: 'java.util.HashMap', $: { $class: 'x.Y', $: 5 } }), part('typed-looking key'), part([1, 2]), part('list key')),
      map(part({ $class: 'java.lang.IllegalStateException', $: { detailMessage: 'm' } }), part('exception key')),
      map(part('9223372036854775807'), part(1), part({ $class: 'long', $: '9223372036854775807' }), part('long key'), part(1.5), part('double key')),
      map(part({ $class: 'double', $: Number.NaN }), part(true)),
      Buffer.from([0x4a, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // date beyond what a JS Date holds
      part(Buffer.alloc(70_000, 7)), // binary in 'A' chunks
      part('x'.repeat(70_000) + '😀'), // string in 'R' chunks
    ];
    for (const buf of cases) expectSame(buf, 1);
  });

  it('decodes SOFARPC and Dubbo answers in the json shape as fromHessian would render them', () => {
    const appResponse = { $class: 'com.example.Result', $: { id: { $class: 'long', $: '9223372036854775807' }, at: new Date(5), raw: Buffer.from('x'), items: [1, 'é'] } };
    const sofa = decodeBoltFrame(encodeSofaResponse(1, { isError: false, errorMsg: null, appResponse, responseProps: { a: 'b' } })) as BoltResponse;
    const typed = decodeSofaResponse(sofa);
    const json = decodeSofaResponse(sofa, { shape: 'json' });
    expect(typed.ok && json.ok).toBe(true);
    if (typed.ok && json.ok) {
      expect(json.result.appResponse).toEqual(fromHessian(typed.result.appResponse));
      expect(json.result.responseProps).toEqual(typed.result.responseProps);
    }
    const dubbo = decodeDubboFrame(encodeDubboResponse(2n, { kind: 'value', value: appResponse, attachments: { traceId: 't' } }));
    const dubboTyped = decodeDubboResponse(dubbo);
    const dubboJson = decodeDubboResponse(dubbo, { shape: 'json' });
    expect(dubboJson.kind === 'value' && dubboTyped.kind === 'value' && dubboJson.value).toEqual(dubboTyped.kind === 'value' && fromHessian(dubboTyped.value));
    const failed = decodeDubboFrame(encodeDubboResponse(3n, { kind: 'exception', exception: javaException('java.lang.IllegalStateException', 'no'), attachments: null }));
    expect(decodeDubboResponse(failed, { shape: 'json' })).toEqual({ kind: 'exception', exception: { exception: 'java.lang.IllegalStateException', message: 'no' }, attachments: null });
  });
});
