/**
 * Checks for the ids a client may send. They run on every call, so they walk char codes instead of
 * using regular expressions, and allocate only the string they return.
 */

const DASH = 0x2d;
const COMMA = 0x2c;
const LOWER_F = 0x66;
const ZERO = 0x30;

/** Longest client request id accepted; longer ones are replaced, not truncated. */
export const MAX_REQUEST_ID_LENGTH = 128;

function isLowerHexRun(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= ZERO && code <= 0x39) || (code >= 0x61 && code <= LOWER_F))) return false;
  }
  return true;
}

function isZeroRun(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== ZERO) return false;
  }
  return true;
}

/**
 * The trace id of a valid W3C `traceparent` (Trace Context Level 1, "traceparent Header"), else
 * undefined.
 *
 * `version "-" trace-id "-" parent-id "-" flags`, 2-32-16-2 lower-case hex digits. Refused: upper
 * case, version `ff`, an all-zero trace id or parent id, and a version-00 header of any length but
 * 55. A later version is read by its first 55 chars and may go on only after a dash (the spec's
 * "Versioning of traceparent").
 */
export function traceIdOfTraceparent(value: string): string | undefined {
  const length = value.length;
  if (length < 55) return undefined;
  if (value.charCodeAt(2) !== DASH || value.charCodeAt(35) !== DASH || value.charCodeAt(52) !== DASH) return undefined;
  if (!isLowerHexRun(value, 0, 2) || !isLowerHexRun(value, 3, 35) || !isLowerHexRun(value, 36, 52) || !isLowerHexRun(value, 53, 55)) {
    return undefined;
  }
  const v0 = value.charCodeAt(0);
  const v1 = value.charCodeAt(1);
  if (v0 === LOWER_F && v1 === LOWER_F) return undefined;
  if (v0 === ZERO && v1 === ZERO ? length !== 55 : length > 55 && value.charCodeAt(55) !== DASH) return undefined;
  if (isZeroRun(value, 3, 35) || isZeroRun(value, 36, 52)) return undefined;
  return value.slice(3, 35);
}

/**
 * True for a request id safe to adopt: 1 to 128 chars of visible ASCII without commas. Spaces and
 * commas are refused because a repeated header arrives joined with ", ", and the id lands in log
 * fields and error bodies.
 */
export function isAcceptableRequestId(value: string): boolean {
  const length = value.length;
  if (length === 0 || length > MAX_REQUEST_ID_LENGTH) return false;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f || code === COMMA) return false;
  }
  return true;
}

/**
 * A request id that already is a 128-bit id in another spelling — 32 hex digits, or a UUID
 * (8-4-4-4-12) — as a W3C trace id (lower case, no dashes); undefined for any other id, and for
 * all zeros, which W3C forbids.
 */
export function w3cTraceIdOf(requestId: string): string | undefined {
  let hex: string;
  if (requestId.length === 32) {
    hex = requestId.toLowerCase();
  } else if (
    requestId.length === 36 && requestId.charCodeAt(8) === DASH && requestId.charCodeAt(13) === DASH &&
    requestId.charCodeAt(18) === DASH && requestId.charCodeAt(23) === DASH
  ) {
    hex = (requestId.slice(0, 8) + requestId.slice(9, 13) + requestId.slice(14, 18) + requestId.slice(19, 23) + requestId.slice(24)).toLowerCase();
  } else {
    return undefined;
  }
  return isLowerHexRun(hex, 0, 32) && !isZeroRun(hex, 0, 32) ? hex : undefined;
}
