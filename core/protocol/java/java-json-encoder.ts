import { Hessian2Encoder, isScalarClass, listTypeOf, mapTypeOf } from '../hessian/hessian2-encoder.js';
import { JavaException } from '../hessian/java-exception.js';
import { JsonAsJava } from './json-as-java.js';
import { isCopiedKey, isPlainObject, isTyped, mismatch } from './json-checks.js';
import { toHessianPojo } from './java-types.js';

// The Hessian 2 encoder the gateway uses: besides hessian.js-style values it writes a JsonAsJava
// (see asJava) straight from the JSON, converting while it walks — the bytes toHessian's typed
// copy would give, without making that copy. Containers converted on the fly take a reference
// index but are never referred back to, exactly as toHessian's fresh copies. Differential tests
// (test/core/protocol/java/java-json-encoder.test.ts) hold the two paths byte-identical.

export class JavaJsonEncoder extends Hessian2Encoder {
  protected override object(value: object): void {
    if (value instanceof JsonAsJava) return this.bound(value);
    super.object(value);
  }

  private bound(value: JsonAsJava): void {
    const json = value.json;
    switch (value.shape) {
      case 'list':
        return this.jsonList(json as readonly unknown[], listTypeOf(value.javaClass));
      case 'map':
        return this.jsonMap(json as Record<string, unknown>, mapTypeOf(value.javaClass) ?? '', false);
      case 'pojo':
        return this.jsonPojo(json as Record<string, unknown>, value.javaClass);
      case 'any':
        return this.inferred(json);
    }
  }

  /** As inferHessian's result would be written: JSON scalars by their JS type, arrays as lists, objects as maps or (with `$class`) POJOs. */
  private inferred(value: unknown): void {
    if (value === null || value === undefined) return this.byte(0x4e);
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        // Non-finite: a double (NaN, ±Infinity), as inferHessian types it.
        return Number.isFinite(value) ? this.number(value) : this.double(value);
      case 'boolean':
        return this.byte(value ? 0x54 : 0x46);
      case 'object':
        break;
      default:
        throw mismatch(value, 'java.lang.Object');
    }
    if (Array.isArray(value)) return this.jsonList(value, '');
    // Decoded values that are no JSON (a pass-through call's): written with their own Java type, as inferHessian keeps them.
    if (value instanceof Date || Buffer.isBuffer(value) || value instanceof JavaException) return this.write(value);
    if (!isPlainObject(value)) throw mismatch(value, 'java.lang.Object');
    if (isTyped(value)) return this.write(value);
    if (typeof value.$class === 'string') return this.jsonPojo(value, value.$class);
    this.jsonMap(value, '', false);
  }

  private jsonList(items: readonly unknown[], type: string): void {
    this.enter(null);
    this.listHead(items.length, type);
    for (let i = 0; i < items.length; i++) this.inferred(items[i]);
    this.leave();
  }

  /** `pojo`: the entries are a POJO's fields written as a map, so its `$class` key is no entry. */
  private jsonMap(entries: Record<string, unknown>, type: string, pojo: boolean): void {
    this.enter(null);
    this.mapHead(type);
    for (const key of Object.keys(entries)) {
      if (!isCopiedKey(key) || (pojo && key === '$class')) continue;
      this.string(key);
      this.inferred(entries[key]);
    }
    this.byte(0x5a); // Z
    this.leave();
  }

  /** An object of its own `$class`, else `className`; fields inferred. */
  private jsonPojo(fields: Record<string, unknown>, className: string): void {
    const ownClass = typeof fields.$class === 'string' ? fields.$class : className;
    // A scalar class name on an object is nonsense the typed path answers its own way: take it.
    if (isScalarClass(ownClass)) return this.write(toHessianPojo(fields, ownClass));
    const mapType = mapTypeOf(ownClass);
    if (mapType !== undefined) return this.jsonMap(fields, mapType, true);
    const names = Object.keys(fields);
    let kept = names;
    for (const key of names) {
      if (key === '$class' || !isCopiedKey(key)) {
        kept = names.filter((name) => name !== '$class' && isCopiedKey(name));
        break;
      }
    }
    this.enter(null);
    this.instanceHead(ownClass, kept);
    for (let i = 0; i < kept.length; i++) this.inferred(fields[kept[i] as string]);
    this.leave();
  }
}
