import { ProtocolError } from '../errors.js';
import { Hessian2Output } from './hessian2-output.js';
import { JavaException } from './java-exception.js';
import { JavaTypedMap } from './java-shape.js';

// A Hessian 2.0 (final spec, "4.x") encoder for the values hessian.js accepts — plain JS values
// and `{ $class, $ }` wrappers — written for speed: bytes go to one growing Buffer (see
// Hessian2Output), class definitions and types are announced once per stream, repeated objects
// become back references. Java's
// Hessian2Input reads everything it writes; hessian.js reads it back to the same values.

/** `$class` names hessian.js (and Java) treat as scalars, by the Hessian type they are written as. */
const SCALAR_CLASSES: Readonly<Record<string, 'bool' | 'int' | 'long' | 'double' | 'string' | 'date'>> = {
  boolean: 'bool',
  bool: 'bool',
  'java.lang.Boolean': 'bool',
  byte: 'int',
  'java.lang.Byte': 'int',
  short: 'int',
  'java.lang.Short': 'int',
  int: 'int',
  'java.lang.Integer': 'int',
  long: 'long',
  'java.lang.Long': 'long',
  float: 'double',
  'java.lang.Float': 'double',
  double: 'double',
  'java.lang.Double': 'double',
  char: 'string',
  'char[]': 'string',
  'java.lang.Character': 'string',
  string: 'string',
  String: 'string',
  'java.lang.String': 'string',
  'java.util.Date': 'date',
};
/** Map classes written as an untyped map ('H'), which Java reads as a HashMap. */
const UNTYPED_MAP_CLASSES = new Set(['java.util.Map', 'java.util.HashMap']);
/** Map classes written as a typed map ('M'), so Java builds that class (not an object with fields). */
const TYPED_MAP_CLASSES = new Set(['java.util.LinkedHashMap', 'java.util.TreeMap', 'java.util.Hashtable', 'java.util.concurrent.ConcurrentHashMap']);
/** The list class written as an untyped list, which Java reads as an ArrayList. */
const UNTYPED_LIST_CLASS = 'java.util.ArrayList';
/** Deeper nesting is refused: only a reference cycle through wrappers could get there. */
const MAX_DEPTH = 256;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** True for a `$class` written as a scalar (a wrapper of that class never becomes a list, map or object). */
export function isScalarClass(className: string): boolean {
  return SCALAR_CLASSES[className] !== undefined;
}

/** The list type written for a `$class` (ArrayList is Java's default for an untyped list). */
export function listTypeOf(className: string): string {
  return className === UNTYPED_LIST_CLASS ? '' : className;
}

/** The map type written for a `$class`: '' untyped, the class for a typed map, undefined when it is not a map class. */
export function mapTypeOf(className: string): string | undefined {
  if (UNTYPED_MAP_CLASSES.has(className)) return '';
  return TYPED_MAP_CLASSES.has(className) ? className : undefined;
}

interface ClassDef {
  index: number;
  fields: readonly string[];
}

export class Hessian2Encoder extends Hessian2Output {
  private depth = 0;
  /** Index the next list, map or object gets for back references (every one counts, referable or not). */
  private nextRef = 0;
  private refs = new Map<object, number>();
  /** Class definitions by class name: usually one field list each, compared without building keys. */
  private classDefs = new Map<string, ClassDef[]>();
  private classCount = 0;
  private types = new Map<string, number>();

  /** Starts a new stream: forgets buffered bytes, references, class definitions and types. */
  reset(): void {
    this.resetOutput();
    this.startStream();
  }

  /** Starts a new Hessian stream behind the bytes already written (a frame's header). */
  startStream(): void {
    this.depth = 0;
    this.nextRef = 0;
    // Fresh maps: Map#clear is a runtime call in V8, several times dearer than allocating.
    this.refs = new Map();
    this.classDefs = new Map();
    this.classCount = 0;
    this.types = new Map();
  }

  write(value: unknown): void {
    if (value === null || value === undefined) return this.byte(0x4e);
    switch (typeof value) {
      case 'boolean':
        return this.byte(value ? 0x54 : 0x46);
      case 'string':
        return this.string(value);
      case 'bigint':
        return this.long(value);
      case 'number':
        return this.number(value);
      case 'object':
        return this.object(value);
      default:
        return this.byte(0x4e); // functions and symbols, as hessian.js
    }
  }

  protected number(value: number): void {
    if (Number.isNaN(value)) return this.byte(0x4e);
    if (!Number.isInteger(value)) return this.double(value);
    if (value >= INT32_MIN && value <= INT32_MAX) return this.int(value);
    // Past 2^53 a JS number is no longer an exact integer: keep it a double, as it is.
    return Number.isSafeInteger(value) ? this.long(BigInt(value)) : this.double(value);
  }

  protected object(value: object): void {
    if (value instanceof Date) return this.date(value.getTime());
    if (Buffer.isBuffer(value)) return this.binary(value);
    const seen = this.refs.get(value);
    if (seen !== undefined) {
      this.byte(0x51); // Q
      return this.int(seen);
    }
    if (Array.isArray(value)) {
      this.enter(value);
      this.list(value, '');
      return this.leave();
    }
    const record = value as Record<string, unknown>;
    const className = record.$class;
    if (typeof className !== 'string' || !('$' in record)) {
      // A decoded exception (a result's field, a cause) goes back as the object it was read from.
      if (value instanceof JavaException) return this.typed(value, value.name, value.fields);
      this.enter(value);
      this.map(record, '');
      return this.leave();
    }
    return this.typed(record, className, record.$);
  }

  /** A `{ $class, $ }` wrapper: a scalar of that Java type, a typed list, a map, or an object. */
  private typed(wrapper: object, className: string, inner: unknown): void {
    if (inner === null || inner === undefined) return this.byte(0x4e);
    const scalar = SCALAR_CLASSES[className];
    if (scalar) return this.scalar(scalar, inner, className);
    if (className === 'java.lang.Object' && (typeof inner !== 'object' || inner instanceof Date)) return this.write(inner);
    if (typeof inner !== 'object') throw mismatch(className, inner);
    this.enter(wrapper);
    if (Array.isArray(inner)) this.list(inner, listTypeOf(className));
    else {
      const fields = inner as Record<string, unknown>;
      const mapType = mapTypeOf(className);
      if (mapType !== undefined) this.map(fields, mapType);
      // A map class the table does not know, marked by the java-shape decoder: still a map.
      else if (wrapper instanceof JavaTypedMap) this.map(fields, className);
      else this.instance(className, fields);
    }
    this.leave();
  }

  private scalar(kind: 'bool' | 'int' | 'long' | 'double' | 'string' | 'date', value: unknown, className: string): void {
    switch (kind) {
      case 'bool':
        return this.byte(value === true || value === 'true' ? 0x54 : 0x46);
      case 'int':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch(className, value);
        return this.int(Math.trunc(value) | 0);
      case 'long':
        if (typeof value === 'number' && Number.isSafeInteger(value)) return this.long(BigInt(value));
        if (typeof value === 'string' && /^-?\d+$/.test(value)) return this.long(int64(BigInt(value), className));
        if (typeof value === 'bigint') return this.long(int64(value, className));
        throw mismatch(className, value);
      case 'double':
        return this.double(Number(value));
      case 'string':
        return this.string(String(value));
      case 'date':
        if (value instanceof Date) return this.date(value.getTime());
        if (typeof value === 'number') return this.date(value);
        throw mismatch(className, value);
    }
  }

  /**
   * Opens a list, map or object: it takes the next reference index, and `identity` (null for a
   * container made on the fly, which nothing can refer to again) is remembered for back references.
   * Bounds the nesting. Pair with leave().
   */
  protected enter(identity: object | null): void {
    if (++this.depth > MAX_DEPTH) throw new ProtocolError('type-mismatch', `hessian: values nested deeper than ${MAX_DEPTH}`);
    const index = this.nextRef++;
    if (identity !== null) this.refs.set(identity, index);
  }

  protected leave(): void {
    this.depth--;
  }

  private list(items: readonly unknown[], type: string): void {
    this.listHead(items.length, type);
    for (const item of items) this.write(item);
  }

  protected listHead(n: number, type: string): void {
    if (type === '') {
      if (n <= 7) this.byte(0x78 + n);
      else {
        this.byte(0x58); // X
        this.int(n);
      }
    } else if (n <= 7) {
      this.byte(0x70 + n);
      this.type(type);
    } else {
      this.byte(0x56); // V
      this.type(type);
      this.int(n);
    }
  }

  private map(entries: Record<string, unknown>, type: string): void {
    this.mapHead(type);
    for (const key of Object.keys(entries)) {
      this.string(key);
      this.write(entries[key]);
    }
    this.byte(0x5a); // Z
  }

  /** Entries follow as key, value, …; then 'Z'. */
  protected mapHead(type: string): void {
    if (type === '') this.byte(0x48); // H
    else {
      this.byte(0x4d); // M
      this.type(type);
    }
  }

  /** An object: its class definition the first time this class (with these fields) appears. */
  private instance(className: string, fields: Record<string, unknown>): void {
    const names = Object.keys(fields);
    this.instanceHead(className, names);
    for (const name of names) this.write(fields[name]);
  }

  /** The class definition if this class with these fields is new to the stream, then the instance's prefix; field values follow in `names` order. */
  protected instanceHead(className: string, names: readonly string[]): void {
    let defs = this.classDefs.get(className);
    let def: ClassDef | undefined;
    if (defs === undefined) {
      defs = [];
      this.classDefs.set(className, defs);
    } else {
      for (const known of defs) {
        if (sameNames(known.fields, names)) {
          def = known;
          break;
        }
      }
    }
    if (def === undefined) {
      def = { index: this.classCount++, fields: names };
      defs.push(def);
      this.byte(0x43); // C
      this.string(className);
      this.int(names.length);
      for (const name of names) this.string(name);
    }
    if (def.index <= 15) this.byte(0x60 + def.index);
    else {
      this.byte(0x4f); // O
      this.int(def.index);
    }
  }

  /** A type name the first time, then its index. */
  private type(name: string): void {
    const index = this.types.get(name);
    if (index !== undefined) return this.int(index);
    this.types.set(name, this.types.size);
    this.string(name);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function int64(value: bigint, className: string): bigint {
  if (BigInt.asIntN(64, value) !== value) throw mismatch(className, value);
  return value;
}

function mismatch(className: string, value: unknown): ProtocolError {
  return new ProtocolError('type-mismatch', `hessian: ${className} cannot hold ${typeof value}`);
}
