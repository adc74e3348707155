import protobuf from 'protobufjs';
import { ProtocolError, decodingPayload } from '../errors.js';
import { BoltCodec, BoltResponseStatus } from '../bolt/constants.js';
import { defaultBoltFraming, encodeBoltFrame, type BoltFraming, type BoltRequest, type BoltResponse } from '../bolt/frame.js';
import { SOFA_REQUEST_CLASS, SOFA_RESPONSE_CLASS, SofaHeader, sofaCallHeaders, type SofaHeaderFields } from './headers.js';
import type { SofaRequestOptions } from './sofa-request.js';

/** Protobuf's JSON mapping: 64-bit integers and enums as strings, bytes as base64. */
const JSON_MAPPING: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  bytes: String,
  defaults: true,
  json: true,
};

/** Loads message types from .proto files or a protobufjs JSON descriptor. */
export async function loadProtobufRoot(source: { protoFiles: string[] } | { json: protobuf.INamespace }): Promise<protobuf.Root> {
  if ('protoFiles' in source) return protobuf.load(source.protoFiles);
  return protobuf.Root.fromJSON(source.json);
}

export type ProtobufReply = { ok: true; json: Record<string, unknown> } | { ok: false; status: number; message: string };

/**
 * SOFARPC over Bolt with the protobuf codec (11). The request content is the protobuf bytes of the
 * method's single argument and the routing fields travel only in headers; a failed call carries
 * its message as UTF-8 text, flagged by a non-SUCCESS status or `sofa_head_response_error: true`.
 */
export class SofaProtobufCodec {
  private readonly types = new Map<string, protobuf.Type>();

  constructor(private readonly root: protobuf.Root) {}

  /** The message type, resolved once; throws ProtocolError('type-mismatch') when the root lacks it. */
  type(typeName: string): protobuf.Type {
    let type = this.types.get(typeName);
    if (!type) {
      try {
        type = this.root.lookupType(typeName);
      } catch (err) {
        throw new ProtocolError('type-mismatch', `protobuf: no message type '${typeName}'`, { cause: err });
      }
      this.types.set(typeName, type);
    }
    return type;
  }

  /** JSON (protobuf JSON mapping) → wire bytes; ProtocolError('type-mismatch') when it does not fit. */
  fromJson(typeName: string, json: unknown): Buffer {
    const type = this.type(typeName);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ProtocolError('type-mismatch', `protobuf ${typeName}: expects a JSON object`);
    }
    let message: protobuf.Message;
    try {
      message = type.fromObject(json as Record<string, unknown>);
    } catch (err) {
      throw new ProtocolError('type-mismatch', `protobuf ${typeName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const problem = type.verify(message);
    if (problem) throw new ProtocolError('type-mismatch', `protobuf ${typeName}: ${problem}`);
    return Buffer.from(type.encode(message).finish());
  }

  /** Wire bytes → JSON (protobuf JSON mapping); ProtocolError('bad-payload') on malformed bytes. */
  toJson(typeName: string, bytes: Buffer): Record<string, unknown> {
    const type = this.type(typeName);
    return decodingPayload(`protobuf ${typeName}`, () => type.toObject(type.decode(bytes), JSON_MAPPING));
  }

  encodeRequest(id: number, call: SofaHeaderFields, typeName: string, json: unknown, options: Partial<SofaRequestOptions> = {}): Buffer {
    return encodeBoltFrame({
      kind: 'request',
      framing: options.framing ?? { ...defaultBoltFraming },
      id,
      codec: BoltCodec.protobuf,
      oneway: options.oneway ?? false,
      timeoutMs: options.timeoutMs ?? 3000,
      className: SOFA_REQUEST_CLASS,
      headers: sofaCallHeaders(call),
      content: this.fromJson(typeName, json),
    });
  }

  decodeRequest(frame: BoltRequest, typeName: string): { service: string; method: string; headers: Record<string, string>; json: Record<string, unknown> } {
    checkCodec(frame.codec);
    return {
      service: frame.headers[SofaHeader.service] ?? frame.headers[SofaHeader.targetService] ?? '',
      method: frame.headers[SofaHeader.methodName] ?? '',
      headers: frame.headers,
      json: this.toJson(typeName, frame.content),
    };
  }

  encodeResponse(id: number, typeName: string, json: unknown, options: { framing?: BoltFraming } = {}): Buffer {
    return this.responseFrame(id, BoltResponseStatus.SUCCESS, false, this.fromJson(typeName, json), options.framing);
  }

  /** A failed call: `status` SUCCESS means a service-level error (isError), others a Bolt failure. */
  encodeErrorResponse(id: number, status: number, message: string, options: { framing?: BoltFraming } = {}): Buffer {
    return this.responseFrame(id, status, true, Buffer.from(message, 'utf8'), options.framing);
  }

  decodeResponse(frame: BoltResponse, typeName: string): ProtobufReply {
    checkCodec(frame.codec);
    if (frame.status !== BoltResponseStatus.SUCCESS || frame.headers[SofaHeader.responseError] === 'true') {
      return { ok: false, status: frame.status, message: frame.content.toString('utf8') };
    }
    return { ok: true, json: this.toJson(typeName, frame.content) };
  }

  private responseFrame(id: number, status: number, isError: boolean, content: Buffer, framing?: BoltFraming): Buffer {
    return encodeBoltFrame({
      kind: 'response',
      framing: framing ?? { ...defaultBoltFraming },
      id,
      codec: BoltCodec.protobuf,
      status,
      className: SOFA_RESPONSE_CLASS,
      headers: { [SofaHeader.responseError]: String(isError) },
      content,
    });
  }
}

function checkCodec(codec: number): void {
  if (codec !== BoltCodec.protobuf) throw new ProtocolError('unsupported-codec', `sofarpc: codec ${codec} is not protobuf`);
}
