/** Up to this many units a JS loop writes ASCII faster than Buffer#write (measured with ops/bench/codec-bench.ts). */
const ASCII_PASS = 1024;

/**
 * One growing output buffer for a whole frame. Frame encoders write their fixed header (lengths
 * patched afterwards), class name and header map into it, the Hessian encoder (a subclass) writes
 * the body right behind them, and `bytes()` makes the single copy that goes to the socket: no
 * per-part Buffers, no Buffer.concat. Synchronous use only; `reset()` starts the next message.
 */
export class ByteWriter {
  protected buf: Buffer;
  protected pos = 0;

  constructor(initialBytes = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes written since the last reset. */
  get length(): number {
    return this.pos;
  }

  /** A copy of the bytes written since the last reset. */
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  /** A view of written bytes, for checksums over what is already there; valid until the next write. */
  view(start: number, end: number): Buffer {
    return this.buf.subarray(start, end);
  }

  /** Forgets the bytes; one huge message must not pin a huge buffer for the life of the process. */
  resetOutput(): void {
    if (this.buf.length > 1024 * 1024) this.buf = Buffer.allocUnsafe(16 * 1024);
    this.pos = 0;
  }

  /** Reserves `n` bytes to be patched later; returns their offset. */
  skip(n: number): number {
    this.room(n);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  byte(value: number): void {
    this.room(1);
    this.buf[this.pos++] = value;
  }

  u16(value: number): void {
    this.room(2);
    this.pos = this.buf.writeUInt16BE(value, this.pos);
  }

  u32(value: number): void {
    this.room(4);
    this.pos = this.buf.writeUInt32BE(value, this.pos);
  }

  i32(value: number): void {
    this.room(4);
    this.pos = this.buf.writeInt32BE(value, this.pos);
  }

  patchI64(at: number, value: bigint): void {
    this.buf.writeBigInt64BE(value, at);
  }

  patchU16(at: number, value: number): void {
    this.buf.writeUInt16BE(value, at);
  }

  patchU32(at: number, value: number): void {
    this.buf.writeUInt32BE(value, at);
  }

  patchI32(at: number, value: number): void {
    this.buf.writeInt32BE(value, at);
  }

  raw(data: Buffer): void {
    this.room(data.length);
    this.pos += data.copy(this.buf, this.pos);
  }

  /** Each UTF-16 unit's low byte (Buffer's 'latin1'); returns the byte count. */
  latin1(value: string): number {
    const n = value.length;
    this.room(n);
    const { buf } = this;
    const at = this.pos;
    for (let i = 0; i < n; i++) buf[at + i] = value.charCodeAt(i);
    this.pos = at + n;
    return n;
  }

  /** Standard UTF-8 (not Hessian's per-unit form); returns the byte count. */
  text(value: string): number {
    const n = value.length;
    this.room(n * 3);
    const { buf } = this;
    const start = this.pos;
    // ASCII in one JS pass (header names and values); the first other unit hands over to the native codec.
    if (n <= ASCII_PASS) {
      let i = 0;
      for (; i < n; i++) {
        const unit = value.charCodeAt(i);
        if (unit >= 0x80) break;
        buf[start + i] = unit;
      }
      if (i === n) {
        this.pos = start + n;
        return n;
      }
    }
    this.pos = start + buf.write(value, start, 'utf8');
    return this.pos - start;
  }

  protected room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}
