import { ProtocolError } from '../errors.js';

// Checks shared by the two ways JSON becomes Hessian: toHessian (builds typed values) and
// JavaJsonEncoder (writes them straight from the JSON). Both must agree to the byte.

export function mismatch(value: unknown, type: string, why = ''): ProtocolError {
  const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
  return new ProtocolError('type-mismatch', `java type ${type}: cannot take ${shown}${why ? ` (${why})` : ''}`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date);
}

/** Already in encoder form: exactly `{ $class, $ }`. */
export function isTyped(value: Record<string, unknown>): value is { $class: string; $: unknown } {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof value.$class === 'string' && '$' in value;
}

/**
 * Keys a converted map or POJO keeps: toHessian copies fields by assignment, and assigning
 * `__proto__` (an own key after JSON.parse) sets the copy's prototype instead, so it never reaches
 * the wire. `$class` names the class and is no field.
 */
export function isCopiedKey(key: string): boolean {
  return key !== '__proto__';
}
