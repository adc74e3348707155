import { randomFillSync } from 'node:crypto';

// Why a pool: one randomFillSync per 4 KiB (256 trace ids) instead of one crypto call per request.
// Both id sizes divide the pool, so a refill only ever happens at its very end.
const pool = Buffer.allocUnsafe(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/**
 * A random 128-bit trace id as 32 lower-case hex chars, valid as a W3C trace-context trace id
 * (which forbids all zeros; the retry costs one string compare per call and practically never runs).
 */
export function newTraceId(): string {
  const id = randomHex(16);
  return id === ZERO_TRACE_ID ? newTraceId() : id;
}

/** A random 64-bit span (parent) id as 16 lower-case hex chars, valid in a W3C `traceparent`. */
export function newSpanId(): string {
  const id = randomHex(8);
  return id === ZERO_SPAN_ID ? newSpanId() : id;
}
