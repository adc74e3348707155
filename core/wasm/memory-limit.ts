/**
 * Caps a module's linear memory by rewriting the maximum in its memory section, so a `memory.grow`
 * past the cap fails (returns -1) and the guest's allocator aborts: the call traps, the gateway does
 * not run out of memory. Works on the binary directly: binaryen cannot change a memory's maximum
 * without re-emitting its data segments.
 */

/** Thrown for a module whose memory cannot be capped (imported, shared, 64-bit, or larger than the cap to begin with). */
export class MemoryLimitError extends Error {
  override readonly name = 'MemoryLimitError';
}

const MEMORY_SECTION = 5;
const PAGE_BYTES = 65_536;

function readUleb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let position = at;
  for (;;) {
    const byte = bytes[position];
    if (byte === undefined) throw new MemoryLimitError('truncated module');
    position += 1;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, position];
    shift += 7;
    if (shift > 35) throw new MemoryLimitError('malformed LEB128 number');
  }
}

function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/** The new memory section body: every memory gets `maximum = min(declared, capPages)`. */
function cappedMemories(bytes: Uint8Array, start: number, end: number, capPages: number): number[] {
  let [count, at] = readUleb(bytes, start);
  const out = uleb(count);
  while (count-- > 0) {
    let flags: number;
    let initial: number;
    [flags, at] = readUleb(bytes, at);
    if (flags > 1) throw new MemoryLimitError('shared and 64-bit memories are not supported');
    [initial, at] = readUleb(bytes, at);
    let maximum = capPages;
    if (flags === 1) {
      let declared: number;
      [declared, at] = readUleb(bytes, at);
      maximum = Math.min(declared, capPages);
    }
    if (initial > capPages) {
      throw new MemoryLimitError(`the module starts with ${initial * PAGE_BYTES / 1_048_576} MiB of memory, above its limit`);
    }
    out.push(1, ...uleb(initial), ...uleb(maximum));
  }
  if (at !== end) throw new MemoryLimitError('malformed memory section');
  return out;
}

/** Returns a copy of the module `bytes` whose memories may grow to at most `memoryMiB`. */
export function capMemory(bytes: Uint8Array, memoryMiB: number): Uint8Array {
  const capPages = Math.floor((memoryMiB * 1_048_576) / PAGE_BYTES);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at] as number;
    const [size, contentStart] = readUleb(bytes, at + 1);
    const end = contentStart + size;
    if (end > bytes.length) throw new MemoryLimitError('truncated module');
    if (id === MEMORY_SECTION) {
      const body = cappedMemories(bytes, contentStart, end, capPages);
      parts.push(Uint8Array.from([id, ...uleb(body.length), ...body]));
    } else {
      parts.push(bytes.subarray(at, end));
    }
    at = end;
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
