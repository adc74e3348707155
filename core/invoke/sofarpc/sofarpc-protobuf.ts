/**
 * SOFARPC with the protobuf codec: the method takes one request message and returns one response
 * message, both as JSON by protobuf's JSON mapping (64-bit integers and enums as strings, bytes as
 * base64). The request message is the HTTP body (an object) — or, for a call from an RPC front,
 * its single argument.
 *
 * | failure                                        | code |
 * |------------------------------------------------|------|
 * | body not JSON                                  | 7901 |
 * | JSON does not fit the request message          | 7902 |
 * | response bytes do not decode                   | 4100 |
 */
import type { CallExchange } from '../../pipeline/call-exchange.js';
import { gantryError } from '../../pipeline/gantry-error.js';
import { fromHessian, isProtocolError, type SofaProtobufCodec } from '../../protocol/index.js';
import type { RequestBody } from '../invoker.js';

/** The protobuf side of a `sofarpc` backend. */
export interface SofaProtobufSpec {
  readonly codec: SofaProtobufCodec;
  readonly requestType: string;
  readonly responseType: string;
}

/** The request message as JSON. @throws GantryError 7901 */
export async function protobufRequestJson(exchange: CallExchange, body: RequestBody, bodyLimitBytes: number): Promise<unknown> {
  if (exchange.rpc !== undefined) return fromHessian(exchange.rpc.args[0] ?? null) ?? {};
  const bytes = exchange.body ?? (await body.readAll(bodyLimitBytes));
  if (bytes.length === 0) return {};
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw gantryError('RequestParamParseError', { detail: 'mapping.body-not-json', tips: 'the request body is not valid JSON', cause: error });
  }
}

/** Encodes the request frame; a message that does not fit its type is 7902. */
export function encodeProtobufRequest(spec: SofaProtobufSpec, id: number, call: { service: string; method: string; targetApp?: string; requestProps?: Record<string, unknown> }, json: unknown, timeoutMs: number): Buffer {
  try {
    return spec.codec.encodeRequest(id, call, spec.requestType, json, { timeoutMs });
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    throw gantryError('RequestParamRenderError', { detail: 'mapping.protobuf-mismatch', tips: error.message, cause: error });
  }
}
