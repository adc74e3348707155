// Short ASCII strings decoded from frames repeat from call to call: class and field names, map
// keys, header names, service and method names. Returning the string decoded last time (after
// comparing its bytes) is cheaper than a native slice call, and a repeated key is then the same
// (internalized) string, which keeps V8's property stores on their fast path. A fixed table,
// direct-mapped by hash: bounded memory, and a string that does not repeat costs one compare.

/** Longer strings are not looked up: they are rarely repeated names, and comparing costs more. */
export const INTERN_MAX_LENGTH = 64;
const SLOTS = 4096;
const table: string[] = new Array<string>(SLOTS).fill('');

interface NativeSlices {
  latin1Slice(start: number, end: number): string;
}

/** The hash step over bytes; callers fold it in while scanning (start from 0). */
export function hashStep(hash: number, byte: number): number {
  return (Math.imul(hash, 31) + byte) | 0;
}

/**
 * The ASCII string of `buf[start, end)` (every byte < 0x80, at most INTERN_MAX_LENGTH bytes,
 * `hash` folded over them with hashStep): the same string object as last time when it repeats.
 */
export function internAscii(buf: Buffer, start: number, end: number, hash: number): string {
  const slot = (hash ^ (hash >>> 13)) & (SLOTS - 1);
  const known = table[slot] as string;
  const length = end - start;
  if (known.length === length) {
    let i = 0;
    while (i < length && known.charCodeAt(i) === buf[start + i]) i++;
    if (i === length) return known;
  }
  // latin1 is the cheapest native decoder, and exact for ASCII.
  const text = (buf as unknown as NativeSlices).latin1Slice(start, end);
  table[slot] = text;
  return text;
}

/** UTF-8 text of `buf[start, end)`, interned when it is short ASCII. */
export function utf8Text(buf: Buffer, start: number, end: number): string {
  return asciiRun(buf, start, end) ? internAscii(buf, start, end, lastHash) : buf.toString('utf8', start, end);
}

/** Hash of the bytes asciiRun last accepted (a module variable: no result object per string). */
let lastHash = 0;

/** True when `buf[start, end)` is short enough to intern and all ASCII; its hash is then in lastHash. */
function asciiRun(buf: Buffer, start: number, end: number): boolean {
  if (end - start > INTERN_MAX_LENGTH) return false;
  let hash = 0;
  for (let at = start; at < end; at++) {
    const byte = buf[at] as number;
    if (byte >= 0x80) return false;
    hash = hashStep(hash, byte);
  }
  lastHash = hash;
  return true;
}

/** Latin-1 text of `buf[start, end)` (Bolt class names), interned when it is short ASCII. */
export function latin1Text(buf: Buffer, start: number, end: number): string {
  return asciiRun(buf, start, end) ? internAscii(buf, start, end, lastHash) : buf.toString('latin1', start, end);
}
