import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O, U, so ids read back unambiguously; its order matches ASCII order.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;

let lastTimeMs = -1;
let lastRandom: Buffer = Buffer.alloc(RANDOM_BYTES);

function encodeTime(timeMs: number): string {
  let out = '';
  let rest = timeMs;
  for (let i = 0; i < TIME_CHARS; i++) {
    out = (ALPHABET[rest % 32] ?? '0') + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  // 80 bits → 16 base32 characters, 5 bits at a time from the most significant end.
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Adds one to a big-endian byte string; false when it wrapped around. */
function incremented(bytes: Buffer): Buffer | null {
  const next = Buffer.from(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    const value = (next[i] ?? 0) + 1;
    next[i] = value & 0xff;
    if (value <= 0xff) return next;
  }
  return null;
}

/**
 * A new audit event id: 26 characters, 48 bits of milliseconds then 80 random bits (the ULID layout),
 * so ids sort by creation time as plain strings. Ids made in the same millisecond by this process
 * increment the random part, which keeps them strictly increasing in publish order too.
 */
export function newEventId(nowMs: number = Date.now()): string {
  if (nowMs === lastTimeMs) {
    const next = incremented(lastRandom);
    if (next) {
      lastRandom = next;
      return encodeTime(nowMs) + encodeRandom(next);
    }
  }
  lastTimeMs = nowMs;
  lastRandom = randomBytes(RANDOM_BYTES);
  return encodeTime(nowMs) + encodeRandom(lastRandom);
}
