import { ProtocolError } from '../errors.js';
import { INTERN_MAX_LENGTH, hashStep, internAscii } from '../interned-strings.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Buffer's native decoders, which `toString(encoding, start, end)` reaches only after a generic
 * argument check and an encoding switch; a message decodes dozens of short strings, so the direct
 * call is measurably cheaper (ops/bench/RESULTS.md). Present on every Buffer since Node 0.x.
 */
interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * The byte-level half of the Hessian 2 decoder: bounds-checked reads of the fixed-size numbers,
 * strings and binary the grammar is built from. Every read past the end throws
 * ProtocolError('bad-payload'); nothing is allocated for a length before its bytes are there.
 */
export class Hessian2Input {
  protected pos = 0;

  constructor(protected readonly buf: Buffer) {}

  /** Bytes consumed so far. */
  get position(): number {
    return this.pos;
  }

  protected fail(why: string): ProtocolError {
    return new ProtocolError('bad-payload', `hessian: ${why} at byte ${this.pos}`);
  }

  protected need(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw this.fail('unexpected end of stream');
    return this.buf;
  }

  protected advance(n: number): number {
    const at = this.pos;
    this.pos += n;
    return at;
  }

  protected byte(): number {
    if (this.pos >= this.buf.length) throw this.fail('unexpected end of stream');
    return this.buf[this.pos++] as number;
  }

  protected int32(): number {
    return this.need(4).readInt32BE(this.advance(4));
  }

  protected int64(): number | string {
    const value = this.need(8).readBigInt64BE(this.advance(8));
    return value > SAFE || value < -SAFE ? value.toString() : Number(value);
  }

  protected u16(): number {
    return this.need(2).readUInt16BE(this.advance(2));
  }

  /**
   * `length` UTF-16 code units of UTF-8. Java writes a supplementary character as two 3-byte
   * surrogate sequences (CESU-8), which Node's UTF-8 decoder would replace, so those strings take
   * the slow path.
   */
  protected stringOfLength(length: number): string {
    const { buf } = this;
    const start = this.pos;
    let at = start;
    let units = 0;
    // Short ASCII (most names and keys) is hashed while scanned and looked up in the intern table.
    if (length <= INTERN_MAX_LENGTH) {
      let hash = 0;
      while (units < length) {
        const lead = buf[at];
        if (lead === undefined || lead >= 0x80) break;
        hash = hashStep(hash, lead);
        at++;
        units++;
      }
      if (units === length) {
        this.pos = at;
        return internAscii(buf, start, at, hash);
      }
    }
    let ascii = true;
    let surrogates = false;
    while (units < length) {
      const lead = buf[at];
      if (lead === undefined) throw this.fail('unexpected end of stream');
      if (lead < 0x80) at += 1;
      else {
        ascii = false;
        if (lead < 0xe0) at += 2;
        else if (lead < 0xf0) {
          if (lead === 0xed) surrogates = true;
          at += 3;
        } else {
          at += 4;
          units++;
        }
      }
      units++;
    }
    if (at > buf.length) throw this.fail('unexpected end of stream');
    this.pos = at;
    // latin1 is the cheapest native decoder, and exact for ASCII.
    if (ascii) return (buf as unknown as NativeSlices).latin1Slice(start, at);
    return surrogates ? decodeCesu8(buf, start, at) : (buf as unknown as NativeSlices).utf8Slice(start, at);
  }

  protected bytes(length: number): Buffer {
    this.need(length);
    return Buffer.from(this.buf.subarray(this.advance(length), this.pos));
  }

  protected peek(): number {
    if (this.pos >= this.buf.length) throw this.fail('unexpected end of stream');
    return this.buf[this.pos] as number;
  }
}

/** Decodes UTF-8 byte by byte into UTF-16 units, keeping surrogate halves as Java wrote them. */
function decodeCesu8(buf: Buffer, start: number, end: number): string {
  const parts: string[] = [];
  let units: number[] = [];
  let at = start;
  while (at < end) {
    const lead = buf[at] as number;
    if (lead < 0x80) {
      units.push(lead);
      at += 1;
    } else if (lead < 0xe0) {
      units.push(((lead & 0x1f) << 6) | ((buf[at + 1] ?? 0) & 0x3f));
      at += 2;
    } else if (lead < 0xf0) {
      units.push(((lead & 0x0f) << 12) | (((buf[at + 1] ?? 0) & 0x3f) << 6) | ((buf[at + 2] ?? 0) & 0x3f));
      at += 3;
    } else {
      const point = ((lead & 0x07) << 18) | (((buf[at + 1] ?? 0) & 0x3f) << 12) | (((buf[at + 2] ?? 0) & 0x3f) << 6) | ((buf[at + 3] ?? 0) & 0x3f);
      units.push(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
      at += 4;
    }
    // String.fromCharCode takes its units as arguments: keep each call well under the stack limit.
    if (units.length >= 4096) {
      parts.push(String.fromCharCode(...units));
      units = [];
    }
  }
  parts.push(String.fromCharCode(...units));
  return parts.join('');
}
