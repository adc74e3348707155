import { isTyped } from '../java/json-checks.js';
import { isScalarClass, mapTypeOf } from './hessian2-encoder.js';
import { Hessian2Input } from './hessian2-input.js';
import { JavaException, JsonJavaException } from './java-exception.js';
import { JavaTypedMap, UNTYPED_MAP_CLASS, javaDouble, javaLong, plainOf } from './java-shape.js';

// A Hessian 2.0 (final spec, "4.x") decoder, written for speed on the gateway's hot path: reads
// straight from the Buffer (see Hessian2Input), decodes strings with Node's native UTF-8 decoder,
// and allocates nothing per value beyond the value itself. It returns what hessian.js returns without `withType`: objects and maps
// as plain objects, lists as arrays, longs beyond 2^53 as decimal strings, dates as Date, binary
// as Buffer, `*Exception` classes as Errors. Byte codes cite the spec's grammar
// (http://hessian.caucho.com/doc/hessian-serialization.html, section 3 and 6).
//
// With `json` set it returns instead what fromHessian would make of that value, in the same walk:
// dates as ISO text, binary as base64, exceptions as `{ exception, message }`, non-finite doubles
// as their name, `{ $class, $ }`-shaped maps unwrapped. Two rare cases throw JsonFallback, and
// Hessian2Reader decodes that value the typed way and converts it (exact): a reference cycle
// (fromHessian's null depends on the path it walks; Java exceptions refer to themselves as their
// cause) and a map key that is not a string, number, boolean or null (its property name comes from
// the typed key).
//
// readShaped(true) returns the java shape instead (java-shape.ts): what the typed walk returns, but
// with every Java type the encoder can write back kept on the value — POJOs, typed lists and maps
// wrapped as `{ $class, $ }`, longs and doubles wrapped, so that re-encoding gives the same Hessian
// value. Exceptions stay JavaException (their fields in the java shape). Map keys become property
// names as in the typed walk.

interface ClassDef {
  type: string;
  fields: string[];
  /** Per field: false for what isData refuses. Null: keep all. */
  keep: boolean[] | null;
  exception: boolean;
}

/** Thrown in json mode where only the typed decoder + fromHessian gives the exact answer. */
export class JsonFallback extends Error {}

/** refs[] slot of a container still being read, in json mode. */
const OPEN = Symbol('open');

/** Nested lists, maps and objects beyond this depth are refused (the stack must not overflow). */
const MAX_DEPTH = 256;
/** Java's synthetic field pointing at the outer instance of an inner class: not data. */
const OUTER_INSTANCE_FIELD = /^this\$\d+$/;
const PROTO_KEY = '__proto__';

export class Hessian2Decoder extends Hessian2Input {
  private depth = 0;
  private readonly refs: unknown[] = [];
  private readonly classDefs: ClassDef[] = [];
  private readonly types: string[] = [];
  /** Java shape for the value being read (see readShaped); never with `json`. */
  private java = false;

  constructor(
    buf: Buffer,
    /** Return values as fromHessian would convert them (see above). */
    private readonly json = false,
  ) {
    super(buf);
  }

  /** The next value in the java shape (`java`) or typed: the shape may change between values, not within one. */
  readShaped(java: boolean): unknown {
    this.java = java && !this.json;
    return this.read();
  }

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
    if (code >= 0xd8 && code <= 0xef) return this.long(code - 0xe0);
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
        return this.long(this.int32());
      case 0x4c: // L int64
        return this.long(this.int64());
      case 0x44: // D float64
        return this.double(this.need(8).readDoubleBE(this.advance(8)));
      case 0x5b:
        return this.double(0);
      case 0x5c:
        return this.double(1);
      case 0x5d:
        return this.double(this.need(1).readInt8(this.advance(1)));
      case 0x5e:
        return this.double(this.need(2).readInt16BE(this.advance(2)));
      case 0x5f: // double in thousandths (Java's DOUBLE_MILL)
        return this.double(this.int32() * 0.001);
      case 0x4a: // J date, epoch ms
        return this.date(Number(this.need(8).readBigInt64BE(this.advance(8))));
      case 0x4b: // date in minutes
        return this.date(this.int32() * 60_000);
      case 0x52: // R non-final string chunk
      case 0x53: // S final string chunk
        return this.chunkedString(code);
      case 0x41: // A non-final binary chunk
      case 0x42: // B final binary chunk
        return this.binary(this.chunkedBinary(code));
      case 0x4f: // O object instance
        return this.object(this.readInt());
      case 0x51: // Q reference
        return this.ref(this.readInt());
      case 0x48: // H untyped map
        return this.map('');
      case 0x4d: // M typed map
        return this.map(this.readType());
      case 0x55: // U variable-length typed list
        return this.list(-1, this.readType());
      case 0x56: { // V fixed-length typed list
        const type = this.readType();
        return this.list(this.readInt(), type);
      }
      case 0x57: // W variable-length untyped list
        return this.list(-1, '');
      case 0x58: // X fixed-length untyped list
        return this.list(this.readInt(), '');
    }
    if (code >= 0xc0 && code <= 0xcf) return ((code - 0xc8) << 8) + this.byte();
    if (code >= 0xd0 && code <= 0xd7) return ((code - 0xd4) << 16) + this.u16();
    if (code >= 0xf0) return this.long(((code - 0xf8) << 8) + this.byte());
    if (code >= 0x38 && code <= 0x3f) return this.long(((code - 0x3c) << 16) + this.u16());
    if (code >= 0x30 && code <= 0x33) return this.stringOfLength(((code - 0x30) << 8) + this.byte());
    if (code >= 0x20 && code <= 0x2f) return this.binary(this.bytes(code - 0x20));
    if (code >= 0x34 && code <= 0x37) return this.binary(this.bytes(((code - 0x34) << 8) + this.byte()));
    if (code >= 0x70 && code <= 0x77) return this.list(code - 0x70, this.readType());
    if (code >= 0x78 && code <= 0x7f) return this.list(code - 0x78, '');
    throw this.fail(`unexpected byte code 0x${code.toString(16)}`);
  }

  /** An int where the grammar requires one (lengths, refs): every int encoding is allowed. */
  private readInt(): number {
    const value = this.java ? plainOf(this.read()) : this.read();
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
    const value = this.java ? plainOf(this.read()) : this.read();
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
    parts.push(this.finalBinaryChunk());
    return Buffer.concat(parts);
  }

  /** The chunk after the 'A' chunks: 'B' or a short binary. */
  private finalBinaryChunk(): Buffer {
    const code = this.byte();
    if (code === 0x42) return this.bytes(this.u16());
    if (code >= 0x20 && code <= 0x2f) return this.bytes(code - 0x20);
    if (code >= 0x34 && code <= 0x37) return this.bytes(((code - 0x34) << 8) + this.byte());
    throw this.fail('broken binary chunk');
  }

  private double(value: number): unknown {
    if (this.java) return javaDouble(value);
    return this.json && !Number.isFinite(value) ? String(value) : value;
  }

  private long(value: number | string): unknown {
    return this.java ? javaLong(value) : value;
  }

  private date(ms: number): Date | string | null {
    const date = new Date(ms);
    if (!this.json) return date;
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }

  private binary(bytes: Buffer): Buffer | string {
    return this.json ? bytes.toString('base64') : bytes;
  }

  /** Takes the next reference slot for a container being read (json mode: marked open until close()). */
  private open(container: object): number {
    if (++this.depth > MAX_DEPTH) throw this.fail(`nesting deeper than ${MAX_DEPTH}`);
    return this.refs.push(this.json ? OPEN : container) - 1;
  }

  /** The container is read: `value` is what references to it get from now on. */
  private close(slot: number, value: unknown): void {
    this.depth--;
    this.refs[slot] = value;
  }

  /**
   * length -1: terminated by 'Z'. Items are pushed as read, never preallocated. `type` ('' when
   * untyped) is kept in the java shape, unless the encoder would take it for a scalar's class.
   */
  private list(length: number, type: string): unknown {
    if (length < -1) throw this.fail('negative list length');
    const list: unknown[] = [];
    const value = this.java && type !== '' && !isScalarClass(type) ? { $class: type, $: list } : list;
    const slot = this.open(value);
    if (length === -1) {
      while (this.peek() !== 0x5a) list.push(this.read());
      this.pos++;
    } else {
      for (let i = 0; i < length; i++) list.push(this.read());
    }
    this.close(slot, value);
    return value;
  }

  /** `type`: '' for an untyped map. */
  private map(type: string): unknown {
    const map: Record<string, unknown> = {};
    // Java shape: a map the encoder writes untyped (HashMap, Map) stays plain; any other type is kept.
    const plain = !this.java || type === '' || mapTypeOf(type) === '' || isScalarClass(type);
    const typedMap = plain ? undefined : new JavaTypedMap(type, map);
    const slot = this.open(typedMap ?? map);
    while (this.peek() !== 0x5a) {
      const key = this.mapKey();
      const value = this.read();
      // Assigning `__proto__` would set the map's prototype: a peer must not choose it.
      if (key !== PROTO_KEY) map[key] = value;
    }
    this.pos++;
    const value = this.json ? unwrapped(map) : (typedMap ?? this.plainMap(map));
    this.close(slot, value);
    return value;
  }

  /** In the java shape a `$class` key would make the encoder read the map as a typed value: tag it as the HashMap it is. */
  private plainMap(map: Record<string, unknown>): unknown {
    return this.java && '$class' in map ? { $class: UNTYPED_MAP_CLASS, $: map } : map;
  }

  private classDef(): void {
    const type = this.readString();
    const count = this.readInt();
    if (count < 0) throw this.fail('negative field count');
    const fields: string[] = [];
    for (let i = 0; i < count; i++) fields.push(this.readString());
    const keep = fields.some((name) => !isData(name)) ? fields.map(isData) : null;
    this.classDefs.push({ type, fields, keep, exception: type.endsWith('Exception') });
  }

  private object(index: number): unknown {
    const def = this.classDefs[index];
    if (!def) throw this.fail(`object of undefined class #${index}`);
    const fields: Record<string, unknown> = {};
    const wrapper = this.java ? { $class: def.type, $: fields } : fields;
    const slot = this.open(wrapper);
    const { fields: names, keep } = def;
    for (let i = 0; i < names.length; i++) {
      const value = this.read();
      if (keep === null || keep[i] === true) fields[names[i] as string] = value;
    }
    const value = def.exception ? this.exception(def.type, fields) : this.json ? unwrapped(fields) : wrapper;
    this.close(slot, value);
    return value;
  }

  /** Java map keys become property names; an enum key (an object with `name`) by its name. */
  private mapKey(): string {
    // Anything but a string, number, boolean or null reads differently in json mode, and so would its property name.
    if (this.json && !isScalarCode(this.peek())) throw new JsonFallback('map key that is not a scalar');
    // Java shape: a long, enum or other wrapped key is named as the typed walk names it.
    const key = this.java ? plainOf(this.read()) : this.read();
    if (typeof key === 'string') return key;
    if (typeof key === 'object' && key !== null && typeof (key as { name?: unknown }).name === 'string') return (key as { name: string }).name;
    return String(key);
  }

  private exception(className: string, fields: Record<string, unknown>): unknown {
    const exception = new JavaException(className, fields);
    return this.json ? new JsonJavaException(exception.name, exception.message) : exception;
  }

  private ref(index: number): unknown {
    if (index < 0 || index >= this.refs.length) throw this.fail(`reference #${index} to nothing`);
    const value = this.refs[index];
    if (value === OPEN) throw new JsonFallback('reference cycle');
    return value;
  }
}

/** A field that becomes a property: not Java's outer-instance link, nor `__proto__` (see map()). */
function isData(name: string): boolean {
  return name !== PROTO_KEY && !OUTER_INSTANCE_FIELD.test(name);
}

/** fromHessian's view of a record shaped `{ $class, $ }`: the inner value. */
function unwrapped(record: Record<string, unknown>): unknown {
  return record.$class !== undefined && isTyped(record) ? record.$ : record;
}

/** Byte codes that start a string, int, long, double, boolean or null (which read alike in both shapes). */
function isScalarCode(code: number): boolean {
  if (code <= 0x1f || code >= 0x80) return true; // short strings; ints and longs
  if ((code >= 0x30 && code <= 0x33) || (code >= 0x38 && code <= 0x3f) || (code >= 0x5b && code <= 0x5f)) return true;
  return code === 0x52 || code === 0x53 || code === 0x49 || code === 0x59 || code === 0x4c || code === 0x44 || code === 0x54 || code === 0x46 || code === 0x4e;
}
