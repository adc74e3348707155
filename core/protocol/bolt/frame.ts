import { crc32 } from 'node:zlib';
import { ByteWriter } from '../byte-writer.js';
import { ProtocolError } from '../errors.js';
import { latin1Text } from '../interned-strings.js';
import {
  BOLT_COMMAND_VERSION,
  BOLT_CRC_BYTES,
  BOLT_SWITCH_CRC,
  BoltCommandCode,
  BoltCommandType,
  BoltHeaderBytes,
  BoltProtocolCode,
  BoltResponseStatus,
} from './constants.js';
import { readBoltHeaderMap, writeBoltHeaderMap } from './header-map.js';

/**
 * Framing shared by every command. `ver1` (protocol sub-version) and `crc` exist in v2 only; a v1
 * frame decodes as `{ version: 1, ver1: 1, crc: false }`.
 */
export interface BoltFraming {
  version: 1 | 2;
  ver1: number;
  crc: boolean;
}

export const defaultBoltFraming: Readonly<BoltFraming> = Object.freeze({ version: 1, ver1: 1, crc: false });

interface BoltCommon {
  framing: BoltFraming;
  /** Unsigned 32-bit request id, allocated by the caller. */
  id: number;
  /** Codec byte (BoltCodec); payload codecs check it, framing carries any value. */
  codec: number;
}

export interface BoltRequest extends BoltCommon {
  kind: 'request';
  oneway: boolean;
  timeoutMs: number;
  className: string;
  headers: Record<string, string>;
  content: Buffer;
}

export interface BoltResponse extends BoltCommon {
  kind: 'response';
  status: number;
  className: string;
  headers: Record<string, string>;
  content: Buffer;
}

export interface BoltHeartbeat extends BoltCommon {
  kind: 'heartbeat';
  timeoutMs: number;
}

export interface BoltHeartbeatAck extends BoltCommon {
  kind: 'heartbeat-ack';
  status: number;
}

export type BoltFrame = BoltRequest | BoltResponse | BoltHeartbeat | BoltHeartbeatAck;

const MAX_SHORT_LENGTH = 0x7fff;

/*
 * Layout (all integers big-endian):
 *   v1 request : proto type cmdcode:2 ver2 id:4 codec timeout:4  classLen:2 headerLen:2 contentLen:4
 *   v1 response: proto type cmdcode:2 ver2 id:4 codec status:2   classLen:2 headerLen:2 contentLen:4
 *   v2 adds ver1 after proto and a switch byte after codec; bit 0 of switch = CRC32 trailer over
 *   every preceding byte of the frame.
 * Then className, header map and content bytes.
 */

/** A frame without its content: what beginBoltFrame writes. */
export type BoltFrameHead =
  | Omit<BoltRequest, 'content'>
  | Omit<BoltResponse, 'content'>
  | BoltHeartbeat
  | BoltHeartbeatAck;

/** Where a frame begun in a ByteWriter starts and which of its bytes endBoltFrame fills in. */
export interface BoltFrameMark {
  start: number;
  /** Offset of the content length (uint32). */
  contentLengthAt: number;
  contentAt: number;
  crc: boolean;
}

/** Writes for encodeBoltFrame; payload codecs write into the Hessian encoder's buffer instead. */
const ownWriter = new ByteWriter();

/** Encodes one command into a whole frame. */
export function encodeBoltFrame(frame: BoltFrame): Buffer {
  ownWriter.resetOutput();
  const mark = beginBoltFrame(ownWriter, frame);
  if (frame.kind === 'request' || frame.kind === 'response') ownWriter.raw(frame.content);
  return endBoltFrame(ownWriter, mark);
}

/**
 * Writes a frame's fixed header, class name and header map into `out`; the content is then
 * appended to `out` by the caller, and endBoltFrame completes the frame. One buffer, one copy.
 */
export function beginBoltFrame(out: ByteWriter, frame: BoltFrameHead): BoltFrameMark {
  const { framing } = frame;
  const isResponse = frame.kind === 'response' || frame.kind === 'heartbeat-ack';
  const v2 = framing.version === 2;
  const crc = v2 && framing.crc;
  const start = out.length;
  out.byte(v2 ? BoltProtocolCode.v2 : BoltProtocolCode.v1);
  if (v2) out.byte(framing.ver1);
  out.byte(commandType(frame));
  out.u16(commandCode(frame));
  out.byte(BOLT_COMMAND_VERSION);
  out.u32(frame.id >>> 0);
  out.byte(frame.codec);
  if (v2) out.byte(crc ? BOLT_SWITCH_CRC : 0);
  if (isResponse) out.u16(frameStatus(frame));
  else out.i32(frameTimeout(frame));
  const classLengthAt = out.skip(2);
  const headerLengthAt = out.skip(2);
  const contentLengthAt = out.skip(4);
  if (frame.kind === 'request' || frame.kind === 'response') {
    const classLength = out.latin1(frame.className);
    const headerLength = writeBoltHeaderMap(out, frame.headers);
    if (classLength > MAX_SHORT_LENGTH || headerLength > MAX_SHORT_LENGTH) {
      throw new ProtocolError('bad-length', 'bolt class name and header map must each fit in 32767 bytes');
    }
    out.patchU16(classLengthAt, classLength);
    out.patchU16(headerLengthAt, headerLength);
  } else {
    out.patchU16(classLengthAt, 0);
    out.patchU16(headerLengthAt, 0);
  }
  return { start, contentLengthAt, contentAt: out.length, crc };
}

/** Fills in the content length (everything written since beginBoltFrame) and the CRC; returns a copy of the frame. */
export function endBoltFrame(out: ByteWriter, mark: BoltFrameMark): Buffer {
  out.patchU32(mark.contentLengthAt, out.length - mark.contentAt);
  if (mark.crc) out.u32(crc32(out.view(mark.start, out.length)));
  return out.bytes();
}

function commandType(frame: BoltFrameHead): number {
  if (frame.kind === 'response' || frame.kind === 'heartbeat-ack') return BoltCommandType.response;
  return frame.kind === 'request' && frame.oneway ? BoltCommandType.requestOneway : BoltCommandType.request;
}

function commandCode(frame: BoltFrameHead): number {
  if (frame.kind === 'request') return BoltCommandCode.request;
  if (frame.kind === 'response') return BoltCommandCode.response;
  return BoltCommandCode.heartbeat;
}

function frameStatus(frame: BoltFrameHead): number {
  return frame.kind === 'response' || frame.kind === 'heartbeat-ack' ? frame.status : BoltResponseStatus.SUCCESS;
}

function frameTimeout(frame: BoltFrameHead): number {
  return frame.kind === 'request' || frame.kind === 'heartbeat' ? frame.timeoutMs : 0;
}

/** Where the fields after the common prefix start, per version and direction. */
interface Layout {
  v2: boolean;
  typeAt: number;
  headerBytes: number;
}

function layoutOf(head: Buffer): Layout | undefined {
  const proto = head[0];
  if (proto === undefined) return undefined;
  if (proto !== BoltProtocolCode.v1 && proto !== BoltProtocolCode.v2) {
    throw new ProtocolError('bad-magic', `bolt: unknown protocol code 0x${proto.toString(16)}`);
  }
  const v2 = proto === BoltProtocolCode.v2;
  const typeAt = v2 ? 2 : 1;
  const type = head[typeAt];
  if (type === undefined) return undefined;
  if (type !== BoltCommandType.response && type !== BoltCommandType.request && type !== BoltCommandType.requestOneway) {
    throw new ProtocolError('unknown-command', `bolt: unknown command type 0x${type.toString(16)}`);
  }
  const fixed = v2 ? BoltHeaderBytes.v2 : BoltHeaderBytes.v1;
  return { v2, typeAt, headerBytes: type === BoltCommandType.response ? fixed.response : fixed.request };
}

/** Bytes that always suffice for boltFrameLength to answer. */
export const BOLT_MAX_HEADER_BYTES = BoltHeaderBytes.v2.request;

/** Total length of the frame at the start of `head`, or undefined when more bytes are needed. */
export function boltFrameLength(head: Buffer): number | undefined {
  const layout = layoutOf(head);
  if (!layout || head.length < layout.headerBytes) return undefined;
  const lengthsAt = layout.headerBytes - 8;
  const classLen = head.readInt16BE(lengthsAt);
  const headerLen = head.readInt16BE(lengthsAt + 2);
  const contentLen = head.readInt32BE(lengthsAt + 4);
  if (classLen < 0 || headerLen < 0 || contentLen < 0) {
    throw new ProtocolError('bad-length', `bolt: negative length (class ${classLen}, header ${headerLen}, content ${contentLen})`);
  }
  const crc = layout.v2 && ((head[layout.typeAt + 9] ?? 0) & BOLT_SWITCH_CRC) !== 0;
  return layout.headerBytes + classLen + headerLen + contentLen + (crc ? BOLT_CRC_BYTES : 0);
}

/** Decodes exactly one whole frame (as cut by boltFrameLength). */
export function decodeBoltFrame(buf: Buffer): BoltFrame {
  const length = boltFrameLength(buf);
  if (length === undefined || length !== buf.length) {
    throw new ProtocolError('bad-length', `bolt: frame holds ${buf.length} bytes, header declares ${length ?? 'more'}`);
  }
  const layout = layoutOf(buf) as Layout;
  let at = layout.typeAt;
  const type = buf.readUInt8(at++);
  const cmdCode = buf.readUInt16BE(at);
  at += 3; // cmdcode + ver2
  const id = buf.readUInt32BE(at);
  at += 4;
  const codec = buf.readUInt8(at++);
  const switchByte = layout.v2 ? buf.readUInt8(at++) : 0;
  const crc = (switchByte & BOLT_SWITCH_CRC) !== 0;
  const framing: BoltFraming = layout.v2 ? { version: 2, ver1: buf.readUInt8(1), crc } : { version: 1, ver1: 1, crc: false };
  if (crc) checkCrc(buf);
  const isResponse = type === BoltCommandType.response;
  const statusOrTimeout = isResponse ? buf.readUInt16BE(at) : buf.readInt32BE(at);
  at += isResponse ? 2 : 4;
  const classLen = buf.readUInt16BE(at);
  const headerLen = buf.readUInt16BE(at + 2);
  const contentLen = buf.readUInt32BE(at + 4);
  at += 8;
  // Object literals, not spreads of a common part: spreads copy property by property.
  if (cmdCode === BoltCommandCode.heartbeat) {
    return isResponse
      ? { kind: 'heartbeat-ack', framing, id, codec, status: statusOrTimeout }
      : { kind: 'heartbeat', framing, id, codec, timeoutMs: statusOrTimeout };
  }
  const expectedCode = isResponse ? BoltCommandCode.response : BoltCommandCode.request;
  if (cmdCode !== expectedCode) {
    throw new ProtocolError('unknown-command', `bolt: command code ${cmdCode} with command type ${type}`);
  }
  const className = latin1Text(buf, at, at + classLen);
  const headers = readBoltHeaderMap(buf, at + classLen, at + classLen + headerLen);
  const contentAt = at + classLen + headerLen;
  const content = buf.subarray(contentAt, contentAt + contentLen);
  return isResponse
    ? { kind: 'response', framing, id, codec, status: statusOrTimeout, className, headers, content }
    : {
        kind: 'request',
        framing,
        id,
        codec,
        oneway: type === BoltCommandType.requestOneway,
        timeoutMs: statusOrTimeout,
        className,
        headers,
        content,
      };
}

function checkCrc(buf: Buffer): void {
  const end = buf.length - BOLT_CRC_BYTES;
  const expected = buf.readUInt32BE(end);
  const actual = crc32(buf.subarray(0, end));
  if (expected !== actual) {
    throw new ProtocolError('crc-mismatch', `bolt: CRC32 0x${actual.toString(16)} does not match trailer 0x${expected.toString(16)}`);
  }
}
