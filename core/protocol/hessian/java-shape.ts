// The 'java' decode shape keeps every Java type the encoders can write back: POJOs, typed lists
// and typed maps as `{ $class, $ }`, longs as `{ $class: 'long', $ }` (decimal strings beyond
// 2^53), doubles as `{ $class: 'double', $ }`; ints, strings, booleans, null, Date and Buffer
// stay plain because the encoders write those back as the same Hessian value on their own.

import { isPlainObject, isTyped } from '../java/json-checks.js';

/**
 * A map whose Hessian type is neither a HashMap nor a map class the encoder knows by name (a
 * `TreeMap` subclass, a custom `Map`): a plain `{ $class, $ }` of such a class would be written as
 * an object with fields, so the decoder marks it and the encoder writes it back as a typed map.
 * Its own properties are exactly `$class` and `$`, so fromHessian, isTyped and hessian.js see a
 * wrapper.
 */
export class JavaTypedMap {
  constructor(
    readonly $class: string,
    readonly $: Record<string, unknown>,
  ) {}
}

/** The class a plain map is tagged with when its keys could be mistaken for a wrapper's. */
export const UNTYPED_MAP_CLASS = 'java.util.HashMap';

/** A long in the java shape. */
export function javaLong(value: number | string): { $class: 'long'; $: number | string } {
  return { $class: 'long', $: value };
}

/** A double in the java shape (every double: an integral one must not come back as an int). */
export function javaDouble(value: number): { $class: 'double'; $: number } {
  return { $class: 'double', $: value };
}

/** A java-shape value whose own Java type the encoders write: a `{ $class, $ }` wrapper, a date, a byte[]. */
export function carriesJavaType(value: unknown): value is { $class: string; $: unknown } | Date | Buffer {
  if (value instanceof Date || Buffer.isBuffer(value)) return true;
  return isPlainObject(value) && isTyped(value);
}

/**
 * The plain value of a `{ $class, $ }` wrapper, anything else as it is: for the envelope fields a
 * codec reads itself (SofaResponse.isError, errorMsg, responseProps) when a whole frame body was
 * decoded in the java shape.
 */
export function plainOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('$class' in value) || !('$' in value)) return value;
  return Object.keys(value).length === 2 ? (value as { $: unknown }).$ : value;
}
