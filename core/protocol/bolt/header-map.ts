import { ByteWriter } from '../byte-writer.js';
import { ProtocolError } from '../errors.js';
import { utf8Text } from '../interned-strings.js';

// Bolt's header map (sofa-rpc SimpleMapSerializer): repeated
//   int32 keyLength, key UTF-8 bytes, int32 valueLength, value UTF-8 bytes
// A value length of -1 means null (decoded here as ''), 0 means ''.

/** Encodes a string map; an empty map is zero bytes. */
export function encodeBoltHeaderMap(headers: Readonly<Record<string, string>>): Buffer {
  const out = new ByteWriter(256);
  writeBoltHeaderMap(out, headers);
  return out.bytes();
}

/** Appends the map to `out` (a frame being written); returns its byte length. */
export function writeBoltHeaderMap(out: ByteWriter, headers: Readonly<Record<string, string>>): number {
  const start = out.length;
  for (const key of Object.keys(headers)) {
    writeString(out, key);
    writeString(out, headers[key] as string);
  }
  return out.length - start;
}

function writeString(out: ByteWriter, value: string): void {
  const at = out.skip(4);
  out.patchI32(at, out.text(value));
}

/** Decodes a header map; throws ProtocolError('bad-payload') on a length that overruns the map. */
export function decodeBoltHeaderMap(buf: Buffer): Record<string, string> {
  return readBoltHeaderMap(buf, 0, buf.length);
}

/** Decodes the map in `buf[start, end)` (inside a frame, without a subarray). */
export function readBoltHeaderMap(buf: Buffer, start: number, end: number): Record<string, string> {
  const headers: Record<string, string> = {};
  let offset = start;
  while (offset < end) {
    const keyAt = offset + 4;
    const keyEnd = keyAt + stringLength(buf, offset, end);
    const valueAt = keyEnd + 4;
    const valueEnd = valueAt + stringLength(buf, keyEnd, end);
    headers[utf8Text(buf, keyAt, keyEnd)] = utf8Text(buf, valueAt, valueEnd);
    offset = valueEnd;
  }
  return headers;
}

/** The byte length of the string whose int32 length is at `offset`; -1 (Java null) reads as ''. */
function stringLength(buf: Buffer, offset: number, end: number): number {
  if (offset + 4 > end) throw new ProtocolError('bad-payload', 'bolt header map: truncated length');
  const length = buf.readInt32BE(offset);
  if (length === -1) return 0;
  if (length < 0 || offset + 4 + length > end) {
    throw new ProtocolError('bad-payload', `bolt header map: string length ${length} overruns the map`);
  }
  return length;
}
