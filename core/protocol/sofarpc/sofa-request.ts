import { ProtocolError } from '../errors.js';
import { Hessian2Reader, appendHessian2, detectHessianFlavor, frameWriter, type HessianFlavor, type ValueShape } from '../hessian/hessian2.js';
import type { HessianValue } from '../java/java-types.js';
import { BoltCodec } from '../bolt/constants.js';
import { beginBoltFrame, defaultBoltFraming, endBoltFrame, type BoltFraming, type BoltRequest } from '../bolt/frame.js';
import { SOFA_REQUEST_CLASS, sofaCallHeaders } from './headers.js';

/** One SOFARPC call, as carried by a Bolt request with the hessian2 codec. */
export interface SofaCall {
  /** interface:version[:uniqueId] */
  service: string;
  method: string;
  /** Java type names of the parameters, sent as SofaRequest.methodArgSigs. */
  argTypes: string[];
  /** Arguments typed for the encoder (see asJava / toHessian). */
  args: HessianValue[];
  targetApp?: string;
  /** SofaRequest.requestProps, e.g. `{ rpc_trace_context: { sofaTraceId, sofaRpcId } }`. */
  requestProps?: Record<string, unknown>;
}

/** A decoded call: arguments as the Hessian decoder returns them (convert with fromHessian). */
export interface DecodedSofaCall extends Omit<SofaCall, 'args'> {
  args: unknown[];
  /** The Hessian flavour the caller wrote (answer in the same one). */
  hessian: HessianFlavor;
}

export interface SofaRequestOptions {
  framing: BoltFraming;
  /** Timeout the server may apply, in milliseconds (0: none). */
  timeoutMs: number;
  oneway: boolean;
  /** Hessian flavour the server reads: '4.x' (Java SOFARPC) or '3.x' (sofa-rpc-node's default). */
  hessian: HessianFlavor;
}

function defaultSofaRequestOptions(): SofaRequestOptions {
  return { framing: { ...defaultBoltFraming }, timeoutMs: 3000, oneway: false, hessian: '4.x' };
}

/** Encodes a whole Bolt request frame: headers, then SofaRequest and the arguments in one Hessian 2 stream. */
export function encodeSofaRequest(id: number, call: SofaCall, options: Partial<SofaRequestOptions> = {}): Buffer {
  if (call.args.length !== call.argTypes.length) {
    throw new ProtocolError('type-mismatch', `sofarpc: ${call.args.length} arguments for ${call.argTypes.length} declared types`);
  }
  const defaults = defaultSofaRequestOptions();
  // `??` per field: a caller passing `{ hessian: undefined }` means the default, not undefined.
  const framing = options.framing ?? defaults.framing;
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const oneway = options.oneway ?? defaults.oneway;
  const hessian = options.hessian ?? defaults.hessian;
  const request = {
    $class: SOFA_REQUEST_CLASS,
    $: {
      methodName: call.method,
      methodArgSigs: { $class: '[java.lang.String', $: call.argTypes },
      targetServiceUniqueName: call.service,
      targetAppName: call.targetApp ?? null,
      requestProps: call.requestProps ?? null,
    },
  };
  const headers = sofaCallHeaders(call);
  // Header, class name, header map and Hessian body go into one buffer, copied out once.
  const out = frameWriter();
  const mark = beginBoltFrame(out, { kind: 'request', framing, id, codec: BoltCodec.hessian2, oneway, timeoutMs, className: SOFA_REQUEST_CLASS, headers });
  appendHessian2([request, ...call.args], hessian);
  return endBoltFrame(out, mark);
}

/**
 * Decodes the SofaRequest and arguments of a hessian2 Bolt request. The SofaRequest is read typed;
 * the arguments in `options.shape` ('typed', hessian.js's shapes, or 'java', keeping their Java
 * types for a pass-through).
 */
export function decodeSofaRequest(frame: BoltRequest, options: { shape?: ValueShape } = {}): DecodedSofaCall {
  const shape = options.shape ?? 'typed';
  if (frame.codec !== BoltCodec.hessian2) {
    throw new ProtocolError('unsupported-codec', `sofarpc: request codec ${frame.codec} is not hessian2`);
  }
  const hessian = detectHessianFlavor(frame.content);
  const reader = new Hessian2Reader('sofarpc request', frame.content, hessian);
  const request = asRecord(reader.read('typed'));
  const argTypes = stringArray(request.methodArgSigs);
  const args: unknown[] = [];
  for (let i = 0; i < argTypes.length; i++) args.push(reader.read(shape));
  const call: DecodedSofaCall = {
    service: stringField(request, 'targetServiceUniqueName'),
    method: stringField(request, 'methodName'),
    argTypes,
    args,
    hessian,
  };
  if (typeof request.targetAppName === 'string') call.targetApp = request.targetAppName;
  if (isRecord(request.requestProps)) call.requestProps = request.requestProps;
  return call;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new ProtocolError('bad-payload', 'sofarpc: request content is not a SofaRequest object');
  return value;
}

function stringField(record: Record<string, unknown>, name: string): string {
  const value = record[name];
  if (typeof value !== 'string') throw new ProtocolError('bad-payload', `sofarpc: SofaRequest.${name} is not a string`);
  return value;
}

function stringArray(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ProtocolError('bad-payload', 'sofarpc: SofaRequest.methodArgSigs is not a string array');
  }
  return value;
}
