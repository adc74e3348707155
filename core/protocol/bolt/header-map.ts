import { utf8Length, writeUtf8 } from '../ascii.js';
import { ProtocolError } from '../errors.js';

// Bolt's header map (sofa-rpc SimpleMapSerializer): repeated
//   int32 keyLength, key UTF-8 bytes, int32 valueLength, value UTF-8 bytes
// A value length of -1 means null (decoded here as ''), 0 means ''.

/** Encodes a string map; an empty map is zero bytes. */
export function encodeBoltHeaderMap(headers: Readonly<Record<string, string>>): Buffer {
  const entries = Object.entries(headers);
  if (entries.length === 0) return Buffer.alloc(0);
  let size = 0;
  for (const [key, value] of entries) size += 8 + utf8Length(key) + utf8Length(value);
  const buf = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const [key, value] of entries) {
    offset = writeString(buf, offset, key);
    offset = writeString(buf, offset, value);
  }
  return buf;
}

function writeString(buf: Buffer, offset: number, value: string): number {
  const end = writeUtf8(buf, offset + 4, value);
  buf.writeInt32BE(end - offset - 4, offset);
  return end;
}

/** Decodes a header map; throws ProtocolError('bad-payload') on a length that overruns the map. */
export function decodeBoltHeaderMap(buf: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  let offset = 0;
  while (offset < buf.length) {
    const key = readString(buf, offset);
    const value = readString(buf, key.next);
    headers[key.text] = value.text;
    offset = value.next;
  }
  return headers;
}

function readString(buf: Buffer, offset: number): { text: string; next: number } {
  if (offset + 4 > buf.length) throw new ProtocolError('bad-payload', 'bolt header map: truncated length');
  const length = buf.readInt32BE(offset);
  const start = offset + 4;
  if (length === -1) return { text: '', next: start };
  if (length < 0 || start + length > buf.length) {
    throw new ProtocolError('bad-payload', `bolt header map: string length ${length} overruns the map`);
  }
  return { text: buf.toString('utf8', start, start + length), next: start + length };
}
