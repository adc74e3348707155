import { ProtocolError } from '../errors.js';
import { Hessian2Reader } from '../hessian/hessian2.js';
import { DubboSerialization } from './constants.js';
import type { DubboFrame } from './frame.js';

/** A reader over a frame's body, refusing serializations other than hessian2. */
export function hessianBody(frame: DubboFrame, what: string): Hessian2Reader {
  if (frame.serialization !== DubboSerialization.hessian2) {
    throw new ProtocolError('unsupported-codec', `dubbo: serialization id ${frame.serialization} is not hessian2`);
  }
  return new Hessian2Reader(what, frame.body);
}

export function readString(reader: Hessian2Reader, field: string): string {
  const value = reader.read();
  if (typeof value !== 'string') throw new ProtocolError('bad-payload', `dubbo: ${field} is not a string`);
  return value;
}

export function readAttachments(reader: Hessian2Reader): Record<string, unknown> {
  const value = reader.read();
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Error) {
    throw new ProtocolError('bad-payload', 'dubbo: attachments are not a map');
  }
  return value instanceof Map ? Object.fromEntries([...value].map(([k, v]: [unknown, unknown]) => [String(k), v])) : { ...value };
}
