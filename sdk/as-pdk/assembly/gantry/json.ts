// A small JSON reader for configs and switch values: enough for objects, arrays, strings,
// numbers, booleans and null. Invalid JSON aborts (it cannot come from the gateway, which sends
// only what it validated).

export enum JsonKind {
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  private boolValue: bool = false;
  private numberValue: f64 = 0;
  private stringValue: string = "";
  private items: JsonValue[] = [];
  private names: string[] = [];

  static ofNull(): JsonValue {
    return new JsonValue();
  }

  static ofBool(value: bool): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Bool;
    v.boolValue = value;
    return v;
  }

  static ofNumber(value: f64): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.numberValue = value;
    return v;
  }

  static ofString(value: string): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.String;
    v.stringValue = value;
    return v;
  }

  static ofArray(items: JsonValue[]): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    v.items = items;
    return v;
  }

  static ofObject(names: string[], items: JsonValue[]): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    v.names = names;
    v.items = items;
    return v;
  }

  get isNull(): bool {
    return this.kind == JsonKind.Null;
  }

  // The boolean, or `fallback` for any other kind.
  asBool(fallback: bool = false): bool {
    return this.kind == JsonKind.Bool ? this.boolValue : fallback;
  }

  asNumber(fallback: f64 = 0): f64 {
    return this.kind == JsonKind.Number ? this.numberValue : fallback;
  }

  asString(fallback: string = ""): string {
    return this.kind == JsonKind.String ? this.stringValue : fallback;
  }

  // Items of an array (empty for other kinds).
  get length(): i32 {
    return this.kind == JsonKind.Array ? this.items.length : 0;
  }

  at(index: i32): JsonValue {
    if (this.kind != JsonKind.Array || index < 0 || index >= this.items.length) return JsonValue.ofNull();
    return this.items[index];
  }

  // An object's field; null when absent or not an object.
  get(name: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] == name) return this.items[i];
    }
    return null;
  }

  // An object's field names in document order.
  keys(): string[] {
    return this.kind == JsonKind.Object ? this.names : [];
  }

  // The strings of an array field, skipping other kinds; empty when absent.
  stringList(name: string): string[] {
    const out = new Array<string>(0);
    const list = this.get(name);
    if (list === null) return out;
    for (let i = 0; i < list.length; i++) {
      const item = list.at(i);
      if (item.kind == JsonKind.String) out.push(item.asString());
    }
    return out;
  }
}

class Parser {
  private text: string;
  private at: i32 = 0;

  constructor(text: string) {
    this.text = text;
  }

  parse(): JsonValue {
    const value = this.value();
    this.space();
    if (this.at != this.text.length) unreachable();
    return value;
  }

  private space(): void {
    while (this.at < this.text.length) {
      const c = this.text.charCodeAt(this.at);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) return;
      this.at++;
    }
  }

  private expect(word: string): void {
    if (this.text.substr(this.at, word.length) != word) unreachable();
    this.at += word.length;
  }

  private value(): JsonValue {
    this.space();
    if (this.at >= this.text.length) unreachable();
    const c = this.text.charCodeAt(this.at);
    if (c == 0x7b) return this.object();
    if (c == 0x5b) return this.array();
    if (c == 0x22) return JsonValue.ofString(this.string());
    if (c == 0x74) {
      this.expect("true");
      return JsonValue.ofBool(true);
    }
    if (c == 0x66) {
      this.expect("false");
      return JsonValue.ofBool(false);
    }
    if (c == 0x6e) {
      this.expect("null");
      return JsonValue.ofNull();
    }
    return this.number();
  }

  private object(): JsonValue {
    this.at++;
    const names = new Array<string>(0);
    const items = new Array<JsonValue>(0);
    this.space();
    if (this.text.charCodeAt(this.at) == 0x7d) {
      this.at++;
      return JsonValue.ofObject(names, items);
    }
    while (true) {
      this.space();
      names.push(this.string());
      this.space();
      this.expect(":");
      items.push(this.value());
      this.space();
      const c = this.text.charCodeAt(this.at++);
      if (c == 0x7d) break;
      if (c != 0x2c) unreachable();
    }
    return JsonValue.ofObject(names, items);
  }

  private array(): JsonValue {
    this.at++;
    const items = new Array<JsonValue>(0);
    this.space();
    if (this.text.charCodeAt(this.at) == 0x5d) {
      this.at++;
      return JsonValue.ofArray(items);
    }
    while (true) {
      items.push(this.value());
      this.space();
      const c = this.text.charCodeAt(this.at++);
      if (c == 0x5d) break;
      if (c != 0x2c) unreachable();
    }
    return JsonValue.ofArray(items);
  }

  private string(): string {
    if (this.text.charCodeAt(this.at) != 0x22) unreachable();
    this.at++;
    let out = "";
    let start = this.at;
    while (true) {
      if (this.at >= this.text.length) unreachable();
      const c = this.text.charCodeAt(this.at);
      if (c == 0x22) break;
      if (c != 0x5c) {
        this.at++;
        continue;
      }
      out += this.text.substring(start, this.at);
      const e = this.text.charCodeAt(this.at + 1);
      this.at += 2;
      if (e == 0x6e) out += "\n";
      else if (e == 0x74) out += "\t";
      else if (e == 0x72) out += "\r";
      else if (e == 0x62) out += "\b";
      else if (e == 0x66) out += "\f";
      else if (e == 0x75) {
        out += String.fromCharCode(<i32>I32.parseInt(this.text.substr(this.at, 4), 16));
        this.at += 4;
      } else out += String.fromCharCode(e);
      start = this.at;
    }
    out += this.text.substring(start, this.at);
    this.at++;
    return out;
  }

  private number(): JsonValue {
    const start = this.at;
    while (this.at < this.text.length) {
      const c = this.text.charCodeAt(this.at);
      if ((c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2b || c == 0x2e || c == 0x65 || c == 0x45) this.at++;
      else break;
    }
    if (start == this.at) unreachable();
    return JsonValue.ofNumber(F64.parseFloat(this.text.substring(start, this.at)));
  }
}

export function parseJson(text: string): JsonValue {
  return new Parser(text).parse();
}
