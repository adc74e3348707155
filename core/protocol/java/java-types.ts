import { JavaException } from '../hessian/java-exception.js';
import { JsonAsJava } from './json-as-java.js';
import { isCopiedKey, isPlainObject, isTyped, mismatch } from './json-checks.js';
import { parseJavaType, type JavaTypeRef } from './type-names.js';

/** A value for the Hessian encoders (hessian.js's convention): a plain JS value, or `{ $class, $ }` naming the Java type. */
export type HessianValue =
  | null
  | boolean
  | number
  | string
  | Buffer
  | Date
  | HessianValue[]
  | { $class: string; $: unknown }
  | JsonAsJava
  | { [key: string]: HessianValue };

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Converter = (value: unknown, type: string) => HessianValue;

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
};
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function integerConverter(kind: 'byte' | 'short' | 'int', hessianClass: string): Converter {
  const [min, max] = INT_RANGES[kind] as readonly [number, number];
  return (value, type) => {
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw mismatch(value, type);
    return { $class: hessianClass, $: n };
  };
}

function longConverter(hessianClass: string): Converter {
  return (value, type) => {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw mismatch(value, type, 'beyond 2^53: pass it as a decimal string');
      return { $class: hessianClass, $: value };
    }
    if (typeof value === 'string' && /^-?\d+$/.test(value)) {
      const big = BigInt(value);
      if (big < LONG_MIN || big > LONG_MAX) throw mismatch(value, type, 'outside 64 bits');
      // The encoders write a decimal string exactly to 64 bits (BigInt / Long.fromString).
      return { $class: hessianClass, $: Number.isSafeInteger(Number(value)) ? Number(value) : big.toString() };
    }
    throw mismatch(value, type);
  };
}

function floatConverter(hessianClass: string): Converter {
  return (value, type) => {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || Number.isNaN(n)) throw mismatch(value, type);
    return { $class: hessianClass, $: n };
  };
}

function booleanConverter(hessianClass: string): Converter {
  return (value, type) => {
    if (typeof value === 'boolean') return { $class: hessianClass, $: value };
    if (value === 'true' || value === 'false') return { $class: hessianClass, $: value === 'true' };
    throw mismatch(value, type);
  };
}

const stringConverter: Converter = (value, type) => {
  if (typeof value !== 'string') throw mismatch(value, type);
  return value;
};

const charConverter: Converter = (value, type) => {
  if (typeof value !== 'string' || [...value].length !== 1) throw mismatch(value, type, 'one character');
  return { $class: 'char', $: value };
};

const bigDecimalConverter: Converter = (value, type) => {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw mismatch(value, type);
  return { $class: 'java.math.BigDecimal', $: { value: text } };
};

const dateConverter: Converter = (value, type) => {
  // A Date is a decoded value passed through (RPC → RPC); JSON brings epoch ms or ISO text.
  const date = typeof value === 'number' || typeof value === 'string' ? new Date(value) : value instanceof Date ? value : undefined;
  if (!date || Number.isNaN(date.getTime())) throw mismatch(value, type, 'epoch milliseconds or ISO 8601');
  return { $class: 'java.util.Date', $: date };
};

function listConverter(hessianClass: string): Converter {
  return (value, type) => {
    if (!Array.isArray(value)) throw mismatch(value, type, 'an array');
    return { $class: hessianClass, $: value.map(inferHessian) };
  };
}

function mapConverter(hessianClass: string): Converter {
  return (value, type) => {
    if (!isPlainObject(value)) throw mismatch(value, type, 'an object');
    return { $class: hessianClass, $: mapValues(value) };
  };
}

/** Declared list types → the class written. */
const LIST_CLASSES: ReadonlyMap<string, string> = new Map([
  ['java.util.List', 'java.util.ArrayList'],
  ['java.util.ArrayList', 'java.util.ArrayList'],
  ['java.util.LinkedList', 'java.util.LinkedList'],
  ['java.util.Collection', 'java.util.ArrayList'],
  ['java.util.Set', 'java.util.HashSet'],
  ['java.util.HashSet', 'java.util.HashSet'],
]);

/** Declared map types → the class written. */
const MAP_CLASSES: ReadonlyMap<string, string> = new Map([
  ['java.util.Map', 'java.util.HashMap'],
  ['java.util.HashMap', 'java.util.HashMap'],
  ['java.util.LinkedHashMap', 'java.util.LinkedHashMap'],
]);

/** Declared type → converter; boxes accept null, primitives do not. */
const converters = new Map<string, Converter>([
  ['boolean', booleanConverter('boolean')],
  ['java.lang.Boolean', booleanConverter('java.lang.Boolean')],
  ['byte', integerConverter('byte', 'byte')],
  ['java.lang.Byte', integerConverter('byte', 'java.lang.Byte')],
  ['short', integerConverter('short', 'short')],
  ['java.lang.Short', integerConverter('short', 'java.lang.Short')],
  ['int', integerConverter('int', 'int')],
  ['java.lang.Integer', integerConverter('int', 'java.lang.Integer')],
  ['long', longConverter('long')],
  ['java.lang.Long', longConverter('java.lang.Long')],
  ['float', floatConverter('float')],
  ['java.lang.Float', floatConverter('java.lang.Float')],
  ['double', floatConverter('double')],
  ['java.lang.Double', floatConverter('java.lang.Double')],
  ['char', charConverter],
  ['java.lang.Character', charConverter],
  ['java.lang.String', stringConverter],
  ['java.math.BigDecimal', bigDecimalConverter],
  ['java.util.Date', dateConverter],
  ...[...LIST_CLASSES].map(([name, hessianClass]): [string, Converter] => [name, listConverter(hessianClass)]),
  ...[...MAP_CLASSES].map(([name, hessianClass]): [string, Converter] => [name, mapConverter(hessianClass)]),
  ['java.lang.Object', (value) => inferHessian(value)],
]);

const PRIMITIVES = new Set(['boolean', 'byte', 'short', 'int', 'long', 'float', 'double', 'char']);

/**
 * Turns a JSON value into what the encoder must write for a parameter declared as `javaType`.
 * Throws ProtocolError('type-mismatch') when the value cannot be that type. A `long` beyond 2^53
 * must come as a decimal string; it is written exactly.
 */
export function toHessian(value: unknown, javaType: string): HessianValue {
  return convert(value, parsedType(javaType), javaType);
}

/** Parsed type names: a gateway sends the same few declared types on every call. */
const parsedTypes = new Map<string, JavaTypeRef>();
const MAX_PARSED_TYPES = 4096;

function parsedType(javaType: string): JavaTypeRef {
  let ref = parsedTypes.get(javaType);
  if (ref === undefined) {
    ref = parseJavaType(javaType);
    if (parsedTypes.size >= MAX_PARSED_TYPES) parsedTypes.clear();
    parsedTypes.set(javaType, ref);
  }
  return ref;
}

/**
 * What the gateway sends for a parameter declared as `javaType`: the same bytes as toHessian's
 * result, with the same checks of the value's top level (and of every array element, for array
 * types), but lists, maps and POJOs are not copied: they come back as a JsonAsJava that the
 * Hessian encoder converts while writing (one walk instead of two). Their content is inferred, so
 * it cannot fail for a JSON value; a non-JSON value inside (a Date, a Buffer) fails while encoding,
 * with toHessian's error. Throws ProtocolError('type-mismatch').
 */
export function asJava(value: unknown, javaType: string): HessianValue {
  const ref = parsedType(javaType);
  if (value === null || value === undefined || ref.dims > 0) return convert(value, ref, javaType);
  const element = ref.element;
  const listClass = LIST_CLASSES.get(element);
  if (listClass !== undefined) {
    if (!Array.isArray(value)) throw mismatch(value, javaType, 'an array');
    return new JsonAsJava(value, 'list', listClass);
  }
  const mapClass = MAP_CLASSES.get(element);
  if (mapClass !== undefined) {
    if (!isPlainObject(value)) throw mismatch(value, javaType, 'an object');
    return new JsonAsJava(value, 'map', mapClass);
  }
  if (element === 'java.lang.Object') {
    if (Array.isArray(value) || (isPlainObject(value) && !isTyped(value))) return new JsonAsJava(value, 'any', '');
    return inferHessian(value);
  }
  const converter = converters.get(element);
  if (converter) return converter(value, javaType);
  if (!isPlainObject(value)) throw mismatch(value, javaType, 'an object');
  return isTyped(value) ? value : new JsonAsJava(value, 'pojo', element);
}

/**
 * A JsonAsJava as toHessian would have typed it (for encoders that do not know it: hessian.js-1,
 * the 3.x flavour); any other value as it is.
 */
export function typedCopy(value: HessianValue): HessianValue {
  if (!(value instanceof JsonAsJava)) return value;
  const json = value.json;
  switch (value.shape) {
    case 'list':
      return { $class: value.javaClass, $: (json as readonly unknown[]).map(inferHessian) };
    case 'map':
      return { $class: value.javaClass, $: mapValues(json as Record<string, unknown>) };
    case 'pojo':
      return pojo(json, value.javaClass, value.javaClass);
    case 'any':
      return inferHessian(json);
  }
}

function convert(value: unknown, ref: JavaTypeRef, declared: string): HessianValue {
  if (value === null || value === undefined) {
    if (ref.dims === 0 && PRIMITIVES.has(ref.element)) throw mismatch(value, declared, 'a primitive cannot be null');
    return null;
  }
  if (ref.dims > 0) return convertArray(value, ref, declared);
  const converter = converters.get(ref.element);
  if (converter) return converter(value, declared);
  return pojo(value, ref.element, declared);
}

function convertArray(value: unknown, ref: JavaTypeRef, declared: string): HessianValue {
  if (ref.dims === 1 && ref.element === 'byte') {
    // A Buffer is a decoded byte[] passed through (RPC → RPC); JSON brings base64 text.
    if (Buffer.isBuffer(value)) return value;
    if (typeof value !== 'string') throw mismatch(value, declared, 'base64 text');
    return Buffer.from(value, 'base64');
  }
  if (!Array.isArray(value)) throw mismatch(value, declared, 'an array');
  const item: JavaTypeRef = { element: ref.element, dims: ref.dims - 1 };
  // The list type is '[' per dimension + the element name ('[int', '[java.lang.String'), as
  // sofa-bolt-node writes it; Java Hessian resolves the array's element class from that name.
  return { $class: `${'['.repeat(ref.dims)}${ref.element}`, $: value.map((v) => convert(v, item, declared)) };
}

/** A POJO as toHessian types it: `{ $class, $: inferred fields }` (own `$class` wins). */
export function toHessianPojo(value: Record<string, unknown>, className: string): HessianValue {
  return pojo(value, className, className);
}

function pojo(value: unknown, className: string, declared: string): HessianValue {
  if (!isPlainObject(value)) throw mismatch(value, declared, 'an object');
  if (isTyped(value)) return value;
  const ownClass = typeof value.$class === 'string' ? value.$class : className;
  const fields: Record<string, HessianValue> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== '$class' && isCopiedKey(key)) fields[key] = inferHessian(item);
  }
  return { $class: ownClass, $: fields };
}

/**
 * Without a declared type: JSON scalars as the encoder guesses them (int32 → int, other safe
 * integers → long, else double), arrays as lists, `{ $class, ... }` as that class, other objects as maps.
 * Decoded values that are no JSON keep their Java type, so that no decoded value is refused: a Date
 * as java.util.Date, a Buffer as byte[], a non-finite number as a double, a JavaException as its class.
 */
export function inferHessian(value: unknown): HessianValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $class: 'double', $: value };
  if (Array.isArray(value)) return value.map(inferHessian);
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (value instanceof JavaException) return { $class: value.name, $: value.fields };
  if (!isPlainObject(value)) throw mismatch(value, 'java.lang.Object');
  if (isTyped(value)) return value;
  if (typeof value.$class === 'string') return pojo(value, value.$class, value.$class);
  return mapValues(value);
}

function mapValues(value: Record<string, unknown>): Record<string, HessianValue> {
  const out: Record<string, HessianValue> = {};
  for (const [key, item] of Object.entries(value)) if (isCopiedKey(key)) out[key] = inferHessian(item);
  return out;
}

/**
 * Turns a decoded Hessian value into JSON. Longs beyond 2^53 already arrive as decimal strings
 * (the decoders never round them); dates become ISO 8601 text, byte[] base64, Java exceptions
 * `{ exception, message }`, non-finite doubles their name, and reference cycles null.
 */
export function fromHessian(value: unknown): JsonValue {
  return toJson(value, []);
}

/** `ancestors`: the containers being converted, outermost first (a short stack: a linear search beats a Set). */
function toJson(value: unknown, ancestors: object[]): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return null;
  }
  if (ancestors.includes(value)) return null;
  if (value instanceof JsonAsJava) return toJson(typedCopy(value), ancestors);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Error) return { exception: value.name, message: value.message };
  ancestors.push(value);
  let out: JsonValue;
  if (Array.isArray(value)) out = value.map((item) => toJson(item, ancestors));
  else if (value instanceof Map) {
    const entries: Record<string, JsonValue> = {};
    for (const [key, item] of value) entries[String(key)] = toJson(item, ancestors);
    out = entries;
  } else {
    // One Object.keys for both the typed-wrapper test and the copy (isTyped + Object.entries made two arrays).
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2 && typeof record.$class === 'string' && '$' in record) out = toJson(record.$, ancestors);
    else {
      const fields: Record<string, JsonValue> = {};
      for (const key of keys) fields[key] = toJson(record[key], ancestors);
      out = fields;
    }
  }
  // No try/finally: if a conversion throws, the whole fromHessian call fails with this stack.
  ancestors.pop();
  return out;
}
