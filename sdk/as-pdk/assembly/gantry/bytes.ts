// Little-endian reader and writer for the filter ABI (sdk/ABI.md): u8/u16/u32, and strings or
// byte strings as a u32 length followed by the bytes. A length of 0xFFFFFFFF means "absent".

export const ABSENT: u32 = 0xffffffff;

export class ByteReader {
  private data: Uint8Array;
  private at: i32 = 0;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  get position(): i32 {
    return this.at;
  }

  get bytes(): Uint8Array {
    return this.data;
  }

  // Skips a string (or byte string) without decoding it.
  skipString(): void {
    const length = <i32>this.u32();
    if (length == <i32>ABSENT) return;
    if (this.at + length > this.data.length) unreachable();
    this.at += length;
  }

  u8(): u8 {
    const value = this.data[this.at];
    this.at += 1;
    return value;
  }

  u16(): u16 {
    const value = <u16>this.data[this.at] | (<u16>this.data[this.at + 1] << 8);
    this.at += 2;
    return value;
  }

  u32(): u32 {
    const d = this.data;
    const a = this.at;
    const value = <u32>d[a] | (<u32>d[a + 1] << 8) | (<u32>d[a + 2] << 16) | (<u32>d[a + 3] << 24);
    this.at += 4;
    return value;
  }

  string(): string {
    const length = <i32>this.u32();
    if (this.at + length > this.data.length) unreachable();
    const text = String.UTF8.decodeUnsafe(this.data.dataStart + <usize>this.at, <usize>length);
    this.at += length;
    return text;
  }

  bytesOrNull(): Uint8Array | null {
    const length = this.u32();
    if (length == ABSENT) return null;
    const end = this.at + <i32>length;
    if (end > this.data.length) unreachable();
    const out = this.data.slice(this.at, end);
    this.at = end;
    return out;
  }
}

export class ByteWriter {
  private data: Uint8Array = new Uint8Array(256);
  private length: i32 = 0;

  get size(): i32 {
    return this.length;
  }

  private room(bytes: i32): void {
    if (this.length + bytes <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < this.length + bytes) capacity *= 2;
    const bigger = new Uint8Array(capacity);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  u8(value: u8): void {
    this.room(1);
    this.data[this.length] = value;
    this.length += 1;
  }

  u16(value: u16): void {
    this.room(2);
    this.data[this.length] = <u8>(value & 0xff);
    this.data[this.length + 1] = <u8>(value >> 8);
    this.length += 2;
  }

  u32(value: u32): void {
    this.room(4);
    const d = this.data;
    const a = this.length;
    d[a] = <u8>(value & 0xff);
    d[a + 1] = <u8>((value >> 8) & 0xff);
    d[a + 2] = <u8>((value >> 16) & 0xff);
    d[a + 3] = <u8>(value >> 24);
    this.length += 4;
  }

  bytes(value: Uint8Array): void {
    this.u32(<u32>value.length);
    this.room(value.length);
    this.data.set(value, this.length);
    this.length += value.length;
  }

  // Encodes UTF-8 here: the Extism PDK's outputString writes the UTF-16 length, which breaks
  // non-ASCII text.
  string(value: string): void {
    this.bytes(Uint8Array.wrap(String.UTF8.encode(value)));
  }

  append(other: ByteWriter): void {
    this.room(other.length);
    this.data.set(other.data.subarray(0, other.length), this.length);
    this.length += other.length;
  }

  // An exact-size copy owning its buffer (the Extism PDK's output reads from offset 0 of the buffer).
  finish(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}
