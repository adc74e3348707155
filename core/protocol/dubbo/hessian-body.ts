import { ProtocolError } from '../errors.js';
import { JsonJavaException } from '../hessian/java-exception.js';
import { Hessian2Reader, appendHessian2, frameWriter, type HessianShape } from '../hessian/hessian2.js';
import { DubboSerialization } from './constants.js';
import { beginDubboFrame, endDubboFrame, type DubboFrame, type DubboFrameHead } from './frame.js';

/** A whole frame whose body is `values` as one Hessian 2 stream: header and body in one buffer, copied out once. */
export function hessianFrame(head: DubboFrameHead, values: readonly unknown[]): Buffer {
  const out = frameWriter();
  const start = beginDubboFrame(out, head);
  appendHessian2(values);
  return endDubboFrame(out, start);
}

/** A reader over a frame's body, refusing serializations other than hessian2. */
export function hessianBody(frame: DubboFrame, what: string, shape: HessianShape = 'typed'): Hessian2Reader {
  if (frame.serialization !== DubboSerialization.hessian2) {
    throw new ProtocolError('unsupported-codec', `dubbo: serialization id ${frame.serialization} is not hessian2`);
  }
  return new Hessian2Reader(what, frame.body, '4.x', shape);
}

export function readString(reader: Hessian2Reader, field: string): string {
  const value = reader.read();
  if (typeof value !== 'string') throw new ProtocolError('bad-payload', `dubbo: ${field} is not a string`);
  return value;
}

/** The attachments map: read typed even by a java-shape reader (the codec reads its string values itself). */
export function readAttachments(reader: Hessian2Reader): Record<string, unknown> {
  const value = reader.read('typed');
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Error || value instanceof JsonJavaException) {
    throw new ProtocolError('bad-payload', 'dubbo: attachments are not a map');
  }
  return value instanceof Map ? Object.fromEntries([...value].map(([k, v]: [unknown, unknown]) => [String(k), v])) : { ...value };
}
