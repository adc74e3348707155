// Most names and values on RPC wires are short ASCII. For those, a JS loop over char codes is
// cheaper than a call into Buffer's native UTF-8 codec (measured in ops/bench/codec-bench.ts).

/** Up to this many characters the JS loops below beat the native codec. */
export const SHORT_TEXT = 32;

/** True when every UTF-16 unit of `text` is below 0x80 (its UTF-8 length is then its length). */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Writes ASCII `text` at `at` (the caller checked isAscii and the room); returns the end offset. */
export function writeAscii(buf: Buffer, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) buf[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** UTF-8 byte length, without a native call for short ASCII. */
export function utf8Length(text: string): number {
  return text.length <= SHORT_TEXT && isAscii(text) ? text.length : Buffer.byteLength(text);
}

/** Writes `text` as UTF-8 at `at`; returns the end offset. */
export function writeUtf8(buf: Buffer, at: number, text: string): number {
  if (text.length <= SHORT_TEXT && isAscii(text)) return writeAscii(buf, at, text);
  return at + buf.write(text, at, 'utf8');
}
