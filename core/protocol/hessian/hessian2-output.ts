import { ByteWriter } from '../byte-writer.js';

// The byte-level half of the Hessian 2 encoder: the compact encodings of the spec
// (http://hessian.caucho.com/doc/hessian-serialization.html, section 3) for ints, longs, doubles,
// dates, strings and binary, appended to one growing buffer (ByteWriter) that may already hold a
// frame's header.

const STRING_CHUNK = 0x8000;
const BINARY_CHUNK = 0x8000;
const SURROGATE = /[\ud800-\udfff]/;

export class Hessian2Output extends ByteWriter {
  protected int(value: number): void {
    if (value >= -16 && value <= 47) return this.byte(0x90 + value);
    if (value >= -2048 && value <= 2047) {
      this.room(2);
      this.buf[this.pos++] = 0xc8 + (value >> 8);
      this.buf[this.pos++] = value & 0xff;
      return;
    }
    if (value >= -262144 && value <= 262143) {
      this.room(3);
      this.buf[this.pos++] = 0xd4 + (value >> 16);
      this.pos = this.buf.writeUInt16BE(value & 0xffff, this.pos);
      return;
    }
    this.room(5);
    this.buf[this.pos++] = 0x49; // I
    this.pos = this.buf.writeInt32BE(value, this.pos);
  }

  protected long(value: bigint): void {
    if (value >= -8n && value <= 15n) return this.byte(0xe0 + Number(value));
    if (value >= -2048n && value <= 2047n) {
      const n = Number(value);
      this.room(2);
      this.buf[this.pos++] = 0xf8 + (n >> 8);
      this.buf[this.pos++] = n & 0xff;
      return;
    }
    if (value >= -262144n && value <= 262143n) {
      const n = Number(value);
      this.room(3);
      this.buf[this.pos++] = 0x3c + (n >> 16);
      this.pos = this.buf.writeUInt16BE(n & 0xffff, this.pos);
      return;
    }
    if (value >= -0x80000000n && value <= 0x7fffffffn) {
      this.room(5);
      this.buf[this.pos++] = 0x59; // Y
      this.pos = this.buf.writeInt32BE(Number(value), this.pos);
      return;
    }
    this.room(9);
    this.buf[this.pos++] = 0x4c; // L
    this.pos = this.buf.writeBigInt64BE(value, this.pos);
  }

  protected double(value: number): void {
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value === 0) return this.byte(0x5b);
      if (value === 1) return this.byte(0x5c);
      if (value >= -128 && value <= 127) {
        this.room(2);
        this.buf[this.pos++] = 0x5d;
        this.pos = this.buf.writeInt8(value, this.pos);
        return;
      }
      if (value >= -32768 && value <= 32767) {
        this.room(3);
        this.buf[this.pos++] = 0x5e;
        this.pos = this.buf.writeInt16BE(value, this.pos);
        return;
      }
    }
    this.room(9);
    this.buf[this.pos++] = 0x44; // D
    this.pos = this.buf.writeDoubleBE(value, this.pos);
  }

  protected date(ms: number): void {
    this.room(9);
    this.buf[this.pos++] = 0x4a; // J
    this.pos = this.buf.writeBigInt64BE(BigInt(Math.trunc(ms)), this.pos);
  }

  /** Length counts UTF-16 units; long strings go in 'R' chunks of 32768 units. */
  protected string(text: string): void {
    const length = text.length;
    // Most strings on the wire are ASCII and under 1024 units: one room check, the length prefix,
    // and one JS pass over the units (cheaper than a native call at these sizes); the first
    // non-ASCII unit sends the rest to utf8().
    if (length <= 1023) {
      const prefix = length <= 31 ? 1 : 2;
      this.room(prefix + length * 3);
      const { buf } = this;
      const start = this.pos;
      if (prefix === 1) buf[start] = length;
      else {
        buf[start] = 0x30 + (length >> 8);
        buf[start + 1] = length & 0xff;
      }
      let at = start + prefix;
      for (let i = 0; i < length; i++) {
        const unit = text.charCodeAt(i);
        if (unit >= 0x80) {
          this.pos = start + prefix;
          return this.utf8(text);
        }
        buf[at++] = unit;
      }
      this.pos = at;
      return;
    }
    let from = 0;
    while (text.length - from > STRING_CHUNK) {
      let end = from + STRING_CHUNK;
      // Never split a surrogate pair across chunks: Java would see two broken halves.
      if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
      this.byte(0x52); // R
      this.u16(end - from);
      this.utf8(text.slice(from, end));
      from = end;
    }
    const last = from === 0 ? text : text.slice(from);
    const n = last.length;
    if (n <= 31) this.byte(n);
    else if (n <= 1023) {
      this.byte(0x30 + (n >> 8));
      this.byte(n & 0xff);
    } else {
      this.byte(0x53); // S
      this.u16(n);
    }
    this.utf8(last);
  }

  /** UTF-8 of each UTF-16 unit: a surrogate pair becomes two 3-byte sequences, as Java writes it. */
  protected utf8(text: string): void {
    this.room(text.length * 3);
    if (!SURROGATE.test(text)) {
      this.pos += this.buf.write(text, this.pos, 'utf8');
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) this.buf[this.pos++] = unit;
      else if (unit < 0x800) {
        this.buf[this.pos++] = 0xc0 | (unit >> 6);
        this.buf[this.pos++] = 0x80 | (unit & 0x3f);
      } else {
        this.buf[this.pos++] = 0xe0 | (unit >> 12);
        this.buf[this.pos++] = 0x80 | ((unit >> 6) & 0x3f);
        this.buf[this.pos++] = 0x80 | (unit & 0x3f);
      }
    }
  }

  protected binary(data: Buffer): void {
    let from = 0;
    while (data.length - from > BINARY_CHUNK) {
      this.byte(0x41); // A
      this.u16(BINARY_CHUNK);
      this.raw(data.subarray(from, from + BINARY_CHUNK));
      from += BINARY_CHUNK;
    }
    const n = data.length - from;
    if (n <= 15) this.byte(0x20 + n);
    else if (n <= 1023) {
      this.byte(0x34 + (n >> 8));
      this.byte(n & 0xff);
    } else {
      this.byte(0x42); // B
      this.u16(n);
    }
    this.raw(data.subarray(from));
  }

}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
