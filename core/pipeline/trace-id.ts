import { randomFillSync } from 'node:crypto';

// Why a pool: one randomFillSync per 256 ids instead of one syscall-backed call per request.
const POOL_IDS = 256;
const pool = Buffer.allocUnsafe(16 * POOL_IDS);
let offset = pool.length;

/** A random 128-bit trace id as 32 lower-case hex chars (W3C trace-context compatible). */
export function newTraceId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + 16);
  offset += 16;
  return id;
}
