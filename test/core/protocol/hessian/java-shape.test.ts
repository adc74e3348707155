import fc from 'fast-check';
import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Hessian2Reader, encodeHessian2, type HessianFlavor, type HessianShape } from '../../../../core/protocol/hessian/hessian2.js';
import { JavaException } from '../../../../core/protocol/hessian/java-exception.js';
import { JavaTypedMap, asJava, fromHessian } from '../../../../core/protocol/index.js';
import { javaTypedOrder } from '../../../support/java-typed-order.js';

// The java shape keeps every Java type on the decoded value, so that encoding it again gives the
// same Hessian value. Referees: the bytes themselves (our encoder wrote the originals, so a
// faithful round trip is byte-identical), hessian.js 2.11 with `withType` (an independent decoder:
// class names, typed lists and maps), and the spec's byte codes for scalars (hessian.js's withType
// does not tell a long from an int). fromHessian of the java shape must be the JSON of before.

function decode(buf: Buffer, shape: HessianShape, flavor: HessianFlavor = '4.x'): unknown {
  return new Hessian2Reader('test', buf, flavor, shape).read();
}

/** What the fronts write for a java-shape value. */
function reencode(value: unknown): Buffer {
  return encodeHessian2([asJava(value, 'java.lang.Object')]);
}

function referee(buf: Buffer): unknown {
  return hessian.decode(buf, '2.0', true);
}

/** The Hessian type of a top-level scalar, by its first byte code (spec section 3). */
function scalarKind(buf: Buffer): 'int' | 'long' | 'double' | 'other' {
  const code = buf[0] as number;
  if ((code >= 0x80 && code <= 0xd7) || code === 0x49) return 'int';
  if ((code >= 0xd8 && code <= 0xff) || (code >= 0x38 && code <= 0x3f) || code === 0x4c || code === 0x59) return 'long';
  if ((code >= 0x5b && code <= 0x5f) || code === 0x44) return 'double';
  return 'other';
}

const order = javaTypedOrder;

/** A map key set the encoders would not take for a `{ $class, $ }` wrapper. */
const mapKey = fc.oneof(fc.constantFrom('a', 'b', '$', '$class', 'ü 中', ''), fc.string({ maxLength: 6 }).filter((key) => key !== '__proto__'));
const entries = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> =>
  fc.dictionary(mapKey, value, { maxKeys: 4 }).filter((record) => !('$class' in record && '$' in record));

const LONG_EDGES = [0n, 1n, -1n, 15n, -8n, 2047n, 262143n, 2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n), -(2n ** 31n) - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)];
/** A long as our decoders give it: a number when safe, else its decimal text. */
const longValue = (big: bigint): number | string => (big >= -(2n ** 53n) + 1n && big <= 2n ** 53n - 1n ? Number(big) : big.toString());

/** Values in hessian.js's convention; `fieldNames` of POJOs (hessian.js reads its own POJO fields named `$class` and `$` as a wrapper). */
const javaValues = (fieldNames: readonly string[]): fc.Arbitrary<unknown> => fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.oneof(fc.constantFrom(...LONG_EDGES), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })).map((big) => ({ $class: 'long', $: longValue(big) })),
    fc.double().map(($) => ({ $class: 'double', $ })),
    fc.integer({ min: -40000, max: 40000 }).map(($) => ({ $class: 'double', $ })),
    fc.double().filter((n) => !Number.isInteger(n) && Number.isFinite(n)),
    fc.date({ noInvalidDate: true }),
    fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.record({ $class: fc.constantFrom('java.util.List', 'java.util.LinkedList', 'java.util.HashSet', '[java.lang.Object', '[com.x.Item'), $: fc.array(tie('value'), { maxLength: 4 }) }),
    entries(tie('value')),
    fc.record({ $class: fc.constantFrom('java.util.LinkedHashMap', 'java.util.TreeMap'), $: entries(tie('value')) }),
    entries(tie('value')).map((map) => new JavaTypedMap('com.x.SortedIndex', map)),
    fc.record({ $class: fc.constantFrom('com.x.Item', 'com.x.Order'), $: fc.dictionary(fc.constantFrom(...fieldNames), tie('value'), { maxKeys: 3 }) }),
    fc.record({ $class: fc.constant('java.lang.IllegalStateException'), $: fc.record({ detailMessage: fc.option(fc.string({ maxLength: 10 })), cause: fc.constant(null) }) }),
  ),
})).value;
const javaValue = javaValues(['sku', 'qty', 'at', '$class', '$']);

/** Whether a typed-decoded value holds a plain object whose own keys are exactly `$class` and `$`. */
function hasWrapperLookalike(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value) || value instanceof Date || Buffer.isBuffer(value)) return false;
  seen.add(value);
  const keys = Object.keys(value);
  if (!Array.isArray(value) && keys.length === 2 && keys.includes('$class') && keys.includes('$')) return true;
  return keys.some((key) => hasWrapperLookalike((value as Record<string, unknown>)[key], seen));
}

describe('hessian 2 decoder, java shape', () => {
  it('a POJO whose only fields are `$class` and `$` stays a POJO in the java shape (the typed decode cannot tell it from a wrapper)', () => {
    const bytes = encodeHessian2([{ a: { $class: 'com.x.Item', $: { $: null, $class: { $class: 'long', $: '-9223372036854775808' } } } }]);
    expect(fromHessian(decode(bytes, 'java'))).toEqual({ a: { $: null, $class: '-9223372036854775808' } });
    expect(reencode(decode(bytes, 'java'))).toEqual(bytes);
    expect(hasWrapperLookalike(decode(bytes, 'typed'))).toBe(true);
  });

  it('keeps the Java types of the Order pass-through used to lose', () => {
    const bytes = encodeHessian2([order()]);
    const decoded = decode(bytes, 'java');
    expect(decoded).toEqual({
      $class: 'com.x.Order',
      $: {
        id: { $class: 'long', $: 5 },
        big: { $class: 'long', $: '9007199254740993' },
        at: new Date(0),
        ratio: { $class: 'double', $: 2 },
        blob: Buffer.from('hi'),
        items: [{ $class: 'com.x.Item', $: { sku: 'a' } }],
      },
    });
    const again = reencode(decoded);
    expect(again).toEqual(bytes);
    expect(referee(again)).toEqual(referee(bytes));
  });

  it('writes back long edge values as longs, integral doubles as doubles, ints as ints', () => {
    for (const big of LONG_EDGES) {
      const bytes = encodeHessian2([{ $class: 'long', $: big.toString() }]);
      const decoded = decode(bytes, 'java');
      expect(decoded).toEqual({ $class: 'long', $: longValue(big) });
      const again = reencode(decoded);
      expect(scalarKind(again)).toBe('long');
      expect(again).toEqual(bytes);
    }
    for (const n of [0, 1, 2, -1, 127, 128, 32767, 40000, 2 ** 31, 1e300, 0.5, -0, Number.NaN, Number.POSITIVE_INFINITY]) {
      const again = reencode(decode(encodeHessian2([{ $class: 'double', $: n }]), 'java'));
      expect(scalarKind(again)).toBe('double');
      expect(again).toEqual(encodeHessian2([{ $class: 'double', $: n }]));
    }
    for (const n of [0, -16, 47, 2047, 262143, 2 ** 31 - 1, -(2 ** 31)]) {
      expect(scalarKind(reencode(decode(encodeHessian2([n]), 'java')))).toBe('int');
    }
  });

  it('keeps typed maps of any class, and tags an untyped map that has a `$class` key', () => {
    const custom = new JavaTypedMap('com.x.SortedIndex', { a: 1 });
    const bytes = encodeHessian2([custom]);
    expect(referee(bytes)).toEqual({ $class: 'com.x.SortedIndex', $: { a: 1 } });
    expect(decode(bytes, 'java')).toEqual(custom);
    expect(reencode(decode(bytes, 'java'))).toEqual(bytes);

    const tricky = encodeHessian2([{ $class: 'not a class', other: 1 }]);
    const decoded = decode(tricky, 'java');
    expect(decoded).toEqual({ $class: 'java.util.HashMap', $: { $class: 'not a class', other: 1 } });
    expect(reencode(decoded)).toEqual(tricky);
  });

  it('keeps shared references and cycles as references', () => {
    const shared = { $class: 'com.x.Item', $: { sku: 'a' } };
    const node: { $class: string; $: Record<string, unknown> } = { $class: 'com.x.Node', $: { shared } };
    node.$.self = node;
    const bytes = encodeHessian2([[shared, node, shared]]);
    const decoded = decode(bytes, 'java') as unknown[];
    expect(decoded[0]).toBe(decoded[2]);
    expect(reencode(decoded)).toEqual(bytes);
    expect(fromHessian(decoded)).toEqual(fromHessian(decode(bytes, 'typed')));
  });

  it('gives exceptions as JavaException, written back as their class', () => {
    const bytes = encodeHessian2([{ $class: 'java.lang.IllegalStateException', $: { detailMessage: 'boom', cause: null, code: { $class: 'long', $: 7 } } }]);
    const decoded = decode(bytes, 'java');
    expect(decoded).toBeInstanceOf(JavaException);
    expect((decoded as JavaException).fields.code).toEqual({ $class: 'long', $: 7 });
    expect(reencode(decoded)).toEqual(bytes);
  });

  it('round-trips random values: same bytes, same value for hessian.js withType, same JSON as before', () => {
    fc.assert(
      fc.property(javaValue, (value) => {
        const bytes = encodeHessian2([value]);
        const decoded = decode(bytes, 'java');
        const again = reencode(decoded);
        expect(again).toEqual(bytes);
        expect(referee(again)).toEqual(referee(bytes));
        const typed = decode(bytes, 'typed');
        // A POJO or map whose only keys are `$class` and `$` is, decoded typed, indistinguishable
        // from a `{ $class, $ }` wrapper, so fromHessian unwraps it; the java shape keeps it apart.
        if (!hasWrapperLookalike(typed)) expect(fromHessian(decoded)).toEqual(fromHessian(typed));
        expect(decode(again, 'java')).toEqual(decoded);
      }),
      { numRuns: 1500 },
    );
  });

  it('round-trips what hessian.js writes: the same value for hessian.js withType', () => {
    fc.assert(
      fc.property(javaValues(['sku', 'qty', 'at']), (value) => {
        const bytes = hessian.encode(value, '2.0');
        const decoded = decode(bytes, 'java');
        expect(referee(reencode(decoded))).toEqual(referee(bytes));
        expect(fromHessian(decoded)).toEqual(fromHessian(decode(bytes, 'typed')));
      }),
      { numRuns: 2000 },
    );
  });

  it('3.x (hessian.js-1 withType): POJOs, longs, doubles, dates and exceptions keep their types; JSON as before', () => {
    const bytes = encodeHessian2([order(), { $class: 'java.lang.IllegalStateException', $: { detailMessage: 'boom', cause: null } }], '3.x');
    const reader = new Hessian2Reader('test', bytes, '3.x', 'java');
    const decoded = reader.read() as { $class: string; $: Record<string, unknown> };
    const exception = reader.read();
    expect(decoded.$class).toBe('com.x.Order');
    expect(decoded.$.id).toEqual({ $class: 'long', $: 5 });
    expect(decoded.$.ratio).toEqual({ $class: 'double', $: 2 });
    expect(decoded.$.at).toEqual({ $class: 'java.util.Date', $: new Date(0) });
    expect((decoded.$.items as unknown[])[0]).toEqual({ $class: 'com.x.Item', $: { sku: 'a' } });
    expect(exception).toEqual({ $class: 'java.lang.IllegalStateException', $: { detailMessage: 'boom', cause: null } });
    const typed = new Hessian2Reader('test', bytes, '3.x', 'typed');
    expect(fromHessian(decoded)).toEqual(fromHessian(typed.read()));
    expect(fromHessian(exception)).toEqual(fromHessian(typed.read()));
    // Written again in 4.x (a 3.x caller, a 4.x backend): the same types.
    expect(decode(reencode(decoded), 'java')).toEqual(decode(encodeHessian2([order()]), 'java'));
  });
});
