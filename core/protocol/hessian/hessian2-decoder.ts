import { Hessian2Input } from './hessian2-input.js';
import { JavaException } from './java-exception.js';

// A Hessian 2.0 (final spec, "4.x") decoder, written for speed on the gateway's hot path: reads
// straight from the Buffer (see Hessian2Input), decodes strings with Node's native UTF-8 decoder,
// and allocates nothing per value beyond the value itself. It returns what hessian.js returns without `withType`: objects and maps
// as plain objects, lists as arrays, longs beyond 2^53 as decimal strings, dates as Date, binary
// as Buffer, `*Exception` classes as Errors. Byte codes cite the spec's grammar
// (http://hessian.caucho.com/doc/hessian-serialization.html, section 3 and 6).

interface ClassDef {
  type: string;
  fields: string[];
}

/** Nested lists, maps and objects beyond this depth are refused (the stack must not overflow). */
const MAX_DEPTH = 256;
/** Java's synthetic field pointing at the outer instance of an inner class: not data. */
const OUTER_INSTANCE_FIELD = /^this\$\d+$/;

export class Hessian2Decoder extends Hessian2Input {
  private depth = 0;
  private readonly refs: unknown[] = [];
  private readonly classDefs: ClassDef[] = [];
  private readonly types: string[] = [];

  /** The next value of the stream. Throws ProtocolError('bad-payload') on malformed input. */
  read(): unknown {
    let code = this.byte();
    while (code === 0x43) {
      // C: a class definition precedes the value that uses it
      this.classDef();
      code = this.byte();
    }
    if (code <= 0x1f) return this.stringOfLength(code);
    if (code >= 0x80 && code <= 0xbf) return code - 0x90;
    if (code >= 0xd8 && code <= 0xef) return code - 0xe0;
    if (code >= 0x60 && code <= 0x6f) return this.object(code - 0x60);
    switch (code) {
      case 0x4e: // N
        return null;
      case 0x54: // T
        return true;
      case 0x46: // F
        return false;
      case 0x49: // I int32
        return this.int32();
      case 0x59: // Y long as int32
        return this.int32();
      case 0x4c: // L int64
        return this.int64();
      case 0x44: // D float64
        return this.need(8).readDoubleBE(this.advance(8));
      case 0x5b:
        return 0;
      case 0x5c:
        return 1;
      case 0x5d:
        return this.need(1).readInt8(this.advance(1));
      case 0x5e:
        return this.need(2).readInt16BE(this.advance(2));
      case 0x5f: // double in thousandths (Java's DOUBLE_MILL)
        return this.int32() * 0.001;
      case 0x4a: // J date, epoch ms
        return new Date(Number(this.need(8).readBigInt64BE(this.advance(8))));
      case 0x4b: // date in minutes
        return new Date(this.int32() * 60_000);
      case 0x52: // R non-final string chunk
      case 0x53: // S final string chunk
        return this.chunkedString(code);
      case 0x41: // A non-final binary chunk
      case 0x42: // B final binary chunk
        return this.chunkedBinary(code);
      case 0x4f: // O object instance
        return this.object(this.readInt());
      case 0x51: // Q reference
        return this.ref(this.readInt());
      case 0x48: // H untyped map
        return this.map();
      case 0x4d: // M typed map
        this.readType();
        return this.map();
      case 0x55: // U variable-length typed list
        this.readType();
        return this.list(-1);
      case 0x56: // V fixed-length typed list
        this.readType();
        return this.list(this.readInt());
      case 0x57: // W variable-length untyped list
        return this.list(-1);
      case 0x58: // X fixed-length untyped list
        return this.list(this.readInt());
    }
    if (code >= 0xc0 && code <= 0xcf) return ((code - 0xc8) << 8) + this.byte();
    if (code >= 0xd0 && code <= 0xd7) return ((code - 0xd4) << 16) + this.u16();
    if (code >= 0xf0) return ((code - 0xf8) << 8) + this.byte();
    if (code >= 0x38 && code <= 0x3f) return ((code - 0x3c) << 16) + this.u16();
    if (code >= 0x30 && code <= 0x33) return this.stringOfLength(((code - 0x30) << 8) + this.byte());
    if (code >= 0x20 && code <= 0x2f) return this.bytes(code - 0x20);
    if (code >= 0x34 && code <= 0x37) return this.bytes(((code - 0x34) << 8) + this.byte());
    if (code >= 0x70 && code <= 0x77) {
      this.readType();
      return this.list(code - 0x70);
    }
    if (code >= 0x78 && code <= 0x7f) return this.list(code - 0x78);
    throw this.fail(`unexpected byte code 0x${code.toString(16)}`);
  }

  /** An int where the grammar requires one (lengths, refs): every int encoding is allowed. */
  private readInt(): number {
    const value = this.read();
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.fail('expected an int');
    return value;
  }

  private readString(): string {
    const value = this.read();
    if (typeof value !== 'string') throw this.fail('expected a string');
    return value;
  }

  /** A type is a string (remembered) or an int naming one seen before. */
  private readType(): string {
    const value = this.read();
    if (typeof value === 'string') {
      this.types.push(value);
      return value;
    }
    const type = typeof value === 'number' ? this.types[value] : undefined;
    if (type === undefined) throw this.fail('bad type reference');
    return type;
  }

  /** R chunks (non-final) then one final string of any form. */
  private chunkedString(code: number): string {
    if (code === 0x53) return this.stringOfLength(this.u16());
    let text = this.stringOfLength(this.u16());
    while (this.peek() === 0x52) {
      this.pos++;
      text += this.stringOfLength(this.u16());
    }
    return text + this.readString();
  }

  /** A chunks (non-final) then one final binary of any form. */
  private chunkedBinary(code: number): Buffer {
    if (code === 0x42) return this.bytes(this.u16());
    const parts = [this.bytes(this.u16())];
    while (this.peek() === 0x41) {
      this.pos++;
      parts.push(this.bytes(this.u16()));
    }
    const last = this.read();
    if (!Buffer.isBuffer(last)) throw this.fail('broken binary chunk');
    parts.push(last);
    return Buffer.concat(parts);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.fail(`nesting deeper than ${MAX_DEPTH}`);
  }

  /** length -1: terminated by 'Z'. Items are pushed as read, never preallocated. */
  private list(length: number): unknown[] {
    if (length < -1) throw this.fail('negative list length');
    this.enter();
    const list: unknown[] = [];
    this.refs.push(list);
    if (length === -1) {
      while (this.peek() !== 0x5a) list.push(this.read());
      this.pos++;
    } else {
      for (let i = 0; i < length; i++) list.push(this.read());
    }
    this.depth--;
    return list;
  }

  private map(): Record<string, unknown> {
    this.enter();
    const map: Record<string, unknown> = {};
    this.refs.push(map);
    while (this.peek() !== 0x5a) {
      const key = this.read();
      map[mapKey(key)] = this.read();
    }
    this.pos++;
    this.depth--;
    return map;
  }

  private classDef(): void {
    const type = this.readString();
    const count = this.readInt();
    if (count < 0) throw this.fail('negative field count');
    const fields: string[] = [];
    for (let i = 0; i < count; i++) fields.push(this.readString());
    this.classDefs.push({ type, fields });
  }

  private object(index: number): unknown {
    const def = this.classDefs[index];
    if (!def) throw this.fail(`object of undefined class #${index}`);
    this.enter();
    const fields: Record<string, unknown> = {};
    const slot = this.refs.push(fields) - 1;
    for (const name of def.fields) {
      const value = this.read();
      if (!OUTER_INSTANCE_FIELD.test(name)) fields[name] = value;
    }
    this.depth--;
    if (!def.type.endsWith('Exception')) return fields;
    const exception = new JavaException(def.type, fields);
    this.refs[slot] = exception;
    return exception;
  }

  private ref(index: number): unknown {
    if (index < 0 || index >= this.refs.length) throw this.fail(`reference #${index} to nothing`);
    return this.refs[index];
  }
}

/** Java map keys become property names; an enum key (an object with `name`) by its name. */
function mapKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'object' && key !== null && typeof (key as { name?: unknown }).name === 'string') return (key as { name: string }).name;
  return String(key);
}
