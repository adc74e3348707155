/**
 * Reading JSON records that come off the bus (audit events, node statuses): anything may arrive on
 * a subject, so decoding never throws and yields a plain object or nothing.
 */

/** True for a plain JSON object (not null, not an array). */
export function isJsonRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON object `text` holds; null when it is not JSON or not an object. */
export function parseJsonRecord(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return isJsonRecord(value) ? value : null;
}
