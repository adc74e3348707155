import { ByteWriter } from '../byte-writer.js';
import { ProtocolError } from '../errors.js';
import { DUBBO_HEADER_BYTES, DUBBO_MAGIC, DubboFlag } from './constants.js';

/**
 * One Dubbo frame: the 16-byte header decoded, the body left raw.
 *   0-1 magic 0xdabb | 2 flags (request, two-way, event, serialization id) | 3 status
 *   4-11 request id (int64) | 12-15 body length (int32) | body
 */
export interface DubboFrame {
  /** 64-bit request id; a response carries its request's id. */
  id: bigint;
  isRequest: boolean;
  /** Request only: the caller waits for a response. */
  twoWay: boolean;
  /** Heartbeat or other event; the body is one Hessian value (null for a heartbeat). */
  event: boolean;
  /** Serialization id, 2 = hessian2. */
  serialization: number;
  /** Response status (DubboStatus); 0 on requests. */
  status: number;
  body: Buffer;
}

/** The 16-byte header without the body length: what beginDubboFrame writes. */
export type DubboFrameHead = Omit<DubboFrame, 'body'>;

/** Writes for encodeDubboFrame; payload codecs write into the Hessian encoder's buffer instead. */
const ownWriter = new ByteWriter();

export function encodeDubboFrame(frame: DubboFrame): Buffer {
  ownWriter.resetOutput();
  const start = beginDubboFrame(ownWriter, frame);
  ownWriter.raw(frame.body);
  return endDubboFrame(ownWriter, start);
}

/** Writes the header into `out` (the body follows, appended by the caller); returns where the frame starts. */
export function beginDubboFrame(out: ByteWriter, frame: DubboFrameHead): number {
  const start = out.length;
  out.u16(DUBBO_MAGIC);
  let flag = frame.serialization & DubboFlag.serializationMask;
  if (frame.isRequest) flag |= DubboFlag.request;
  if (frame.isRequest && frame.twoWay) flag |= DubboFlag.twoWay;
  if (frame.event) flag |= DubboFlag.event;
  out.byte(flag);
  out.byte(frame.isRequest ? 0 : frame.status);
  const idAt = out.skip(8);
  out.patchI64(idAt, BigInt.asIntN(64, frame.id));
  out.skip(4); // body length, filled in by endDubboFrame
  return start;
}

/** Fills in the body length (everything written after the header); returns a copy of the frame. */
export function endDubboFrame(out: ByteWriter, start: number): Buffer {
  out.patchI32(start + 12, out.length - start - DUBBO_HEADER_BYTES);
  return out.bytes();
}

/** Total length of the frame at the start of `head`, or undefined when more bytes are needed. */
export function dubboFrameLength(head: Buffer): number | undefined {
  if (head.length >= 1 && head[0] !== DUBBO_MAGIC >> 8) throw badMagic(head);
  if (head.length >= 2 && head[1] !== (DUBBO_MAGIC & 0xff)) throw badMagic(head);
  if (head.length < DUBBO_HEADER_BYTES) return undefined;
  const bodyLength = head.readInt32BE(12);
  if (bodyLength < 0) throw new ProtocolError('bad-length', `dubbo: negative body length ${bodyLength}`);
  return DUBBO_HEADER_BYTES + bodyLength;
}

function badMagic(head: Buffer): ProtocolError {
  return new ProtocolError('bad-magic', `dubbo: bad magic 0x${head.subarray(0, 2).toString('hex')}`);
}

/** Decodes exactly one whole frame (as cut by dubboFrameLength). */
export function decodeDubboFrame(buf: Buffer): DubboFrame {
  const length = dubboFrameLength(buf);
  if (length === undefined || length !== buf.length) {
    throw new ProtocolError('bad-length', `dubbo: frame holds ${buf.length} bytes, header declares ${length ?? 'more'}`);
  }
  const flag = buf.readUInt8(2);
  const isRequest = (flag & DubboFlag.request) !== 0;
  return {
    id: buf.readBigInt64BE(4),
    isRequest,
    twoWay: isRequest && (flag & DubboFlag.twoWay) !== 0,
    event: (flag & DubboFlag.event) !== 0,
    serialization: flag & DubboFlag.serializationMask,
    status: isRequest ? 0 : buf.readUInt8(3),
    body: buf.subarray(DUBBO_HEADER_BYTES),
  };
}
