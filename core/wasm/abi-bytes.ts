/**
 * Little-endian byte writer and reader for the filter ABI (see sdk/ABI.md): fixed-width integers,
 * strings and byte strings as a u32 length then the bytes.
 */

/** A u32 length meaning "absent" (no body). */
export const ABSENT = 0xffff_ffff;

/** Thrown by {@link ByteReader} on output that does not follow the ABI. */
export class AbiDecodeError extends Error {
  override readonly name = 'AbiDecodeError';
}

/**
 * Appends into one scratch buffer reused across calls (grown when needed); `finish` returns an
 * exact-size copy, which is also what Extism 1.0.3 needs (it sends a view's whole backing buffer).
 */
export class ByteWriter {
  private buffer = Buffer.allocUnsafe(16_384);
  private length = 0;

  reset(): this {
    this.length = 0;
    return this;
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  u8(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  u16(value: number): void {
    this.room(2);
    this.buffer.writeUInt16LE(value, this.length);
    this.length += 2;
  }

  u32(value: number): void {
    this.room(4);
    this.buffer.writeUInt32LE(value, this.length);
    this.length += 4;
  }

  string(value: string): void {
    // Worst case 3 bytes per UTF-16 unit; written in place, then the length is filled in.
    this.room(4 + value.length * 3);
    const buffer = this.buffer;
    const start = this.length + 4;
    // Short ASCII strings (methods, paths, most headers) are copied by hand: Buffer#write costs
    // more per call than the copy itself. The first non-ASCII unit hands the rest to it.
    let written = 0;
    const length = value.length;
    while (written < length) {
      const unit = value.charCodeAt(written);
      if (unit >= 0x80) break;
      buffer[start + written] = unit;
      written += 1;
    }
    if (written < length) written += buffer.write(value.slice(written), start + written, 'utf8');
    buffer.writeUInt32LE(written, this.length);
    this.length = start + written;
  }

  bytes(value: Uint8Array | undefined): void {
    if (value === undefined) {
      this.u32(ABSENT);
      return;
    }
    this.room(4 + value.length);
    this.buffer.writeUInt32LE(value.length, this.length);
    this.buffer.set(value, this.length + 4);
    this.length += 4 + value.length;
  }

  /** An exact-size copy of what was written, owning its own ArrayBuffer. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    out.set(this.buffer.subarray(0, this.length));
    return out;
  }
}

/** Reads what a guest wrote; every read checks bounds and throws {@link AbiDecodeError}. */
export class ByteReader {
  private at = 0;
  private readonly view: DataView;
  private static readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  private need(count: number, what: string): void {
    if (this.at + count > this.bytes.length) throw new AbiDecodeError(`output ends inside ${what} at byte ${this.at}`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.at++);
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.view.getUint16(this.at, true);
    this.at += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  /** A byte string, or undefined for the ABSENT length. */
  bytesOrAbsent(what: string): Uint8Array | undefined {
    const length = this.u32(what);
    if (length === ABSENT) return undefined;
    this.need(length, what);
    const out = this.bytes.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }

  string(what: string): string {
    const length = this.u32(what);
    this.need(length, what);
    try {
      return ByteReader.decoder.decode(this.bytes.subarray(this.at, this.at + length));
    } catch {
      throw new AbiDecodeError(`${what} is not valid UTF-8`);
    } finally {
      this.at += length;
    }
  }
}
