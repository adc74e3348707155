import { ProtocolError } from '../errors.js';
import { argTypesDescriptor, parseArgTypesDescriptor } from '../java/descriptor.js';
import type { HessianValue } from '../java/java-types.js';
import type { ValueShape } from '../hessian/hessian2.js';
import { DubboSerialization } from './constants.js';
import type { DubboFrame } from './frame.js';
import { hessianBody, hessianFrame, readAttachments, readString } from './hessian-body.js';

/** One Dubbo invocation (DubboCodec request body). */
export interface DubboCall {
  /** Dubbo protocol version of the caller, e.g. '2.0.2' (decides whether responses carry attachments). */
  dubboVersion: string;
  /** Interface name (the service path). */
  path: string;
  /** Service version, '' for none. */
  version: string;
  method: string;
  /** Java type names; the wire carries their JVM descriptor. */
  argTypes: string[];
  /** Typed for the encoder (see asJava / toHessian). */
  args: HessianValue[];
  /** path, interface, version, group, timeout… (string values for Java peers). */
  attachments: Record<string, unknown>;
}

/** A decoded call: arguments as the Hessian decoder returns them (convert with fromHessian). */
export interface DecodedDubboCall extends Omit<DubboCall, 'args'> {
  args: unknown[];
}

/**
 * Encodes a request frame. Body, in one Hessian 2 stream: dubbo version, path, service version,
 * method, parameter descriptor, each argument, attachments map.
 */
export function encodeDubboRequest(id: bigint, call: DubboCall, options: { twoWay?: boolean } = {}): Buffer {
  if (call.args.length !== call.argTypes.length) {
    throw new ProtocolError('type-mismatch', `dubbo: ${call.args.length} arguments for ${call.argTypes.length} declared types`);
  }
  const values = [call.dubboVersion, call.path, call.version, call.method, argTypesDescriptor(call.argTypes), ...call.args, call.attachments];
  return hessianFrame({ id, isRequest: true, twoWay: options.twoWay ?? true, event: false, serialization: DubboSerialization.hessian2, status: 0 }, values);
}

/**
 * Decodes the invocation of a (non-event) request frame. Arguments come in `options.shape`
 * ('typed', hessian.js's shapes, or 'java', keeping their Java types for a pass-through); the rest
 * is read typed.
 */
export function decodeDubboRequest(frame: DubboFrame, options: { shape?: ValueShape } = {}): DecodedDubboCall {
  const shape = options.shape ?? 'typed';
  if (!frame.isRequest || frame.event) throw new ProtocolError('unknown-command', 'dubbo: not an invocation request');
  const reader = hessianBody(frame, 'dubbo request');
  const dubboVersion = readString(reader, 'dubbo version');
  const path = readString(reader, 'path');
  const version = readString(reader, 'service version');
  const method = readString(reader, 'method name');
  // Dubbox (2.8.x) callers put an int (-1) before the descriptor; Dubbo never does.
  let descriptor = reader.read();
  if (typeof descriptor === 'number') descriptor = reader.read();
  if (typeof descriptor !== 'string') throw new ProtocolError('bad-payload', 'dubbo: parameter descriptor is not a string');
  const argTypes = parseArgTypesDescriptor(descriptor);
  const args: unknown[] = [];
  for (let i = 0; i < argTypes.length; i++) args.push(reader.read(shape));
  const attachments = reader.atEnd() ? {} : readAttachments(reader);
  return { dubboVersion, path, version, method, argTypes, args, attachments };
}
