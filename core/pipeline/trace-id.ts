import { randomFillSync } from 'node:crypto';

// Why a pool: one randomFillSync and one hex conversion per 4 KiB of randomness (256 trace ids),
// instead of a crypto call and a native Buffer→hex call per id (~60 ns each). An id is then a slice
// of the pool's hex text, which V8 makes without copying. Both id sizes divide the pool, so a
// refill only ever happens at its very end.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolHex = '';
let offset = POOL_BYTES;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolHex = pool.toString('hex');
    offset = 0;
  }
  const hex = poolHex.slice(offset * 2, (offset + bytes) * 2);
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

/** `00-<trace id>-<span id>-01`: a sampled W3C trace context (version 00, flags 01). */
const TRACEPARENT_LENGTH = 55;
const TRACEPARENTS_PER_BATCH = 64;
let traceparents = '';
let nextTraceparent = TRACEPARENTS_PER_BATCH;

/**
 * A W3C `traceparent` for a new trace: fresh trace and span ids, sampled. Its trace id is
 * `traceparent.slice(3, 35)`.
 *
 * Why batches: a header value built by concatenation is a rope that the header validator flattens
 * (copies) on every call, ~130 ns more than a slice of text formatted once per 64 contexts. A
 * slice of a flat string is flat and costs no copy.
 */
export function newTraceparent(): string {
  if (nextTraceparent === TRACEPARENTS_PER_BATCH) {
    const batch: string[] = [];
    for (let i = 0; i < TRACEPARENTS_PER_BATCH; i++) batch.push(`00-${newTraceId()}-${newSpanId()}-01`);
    traceparents = batch.join('');
    nextTraceparent = 0;
  }
  const start = nextTraceparent++ * TRACEPARENT_LENGTH;
  return traceparents.slice(start, start + TRACEPARENT_LENGTH);
}
