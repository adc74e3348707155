/**
 * Encodes what a guest sees of a call: the request view, plus the response head (response phase) or
 * the error (error phase). The layout is specified in sdk/ABI.md; keep both in step.
 */
import type { Exchange, HeaderMap, ResponseView } from '../../sdk/plugin/exchange.js';
import type { GantryError } from '../pipeline/gantry-error.js';
import { ByteWriter } from './abi-bytes.js';

/** Version byte that starts every view and decision. */
export const ABI_VERSION = 1;

/** Phase byte of a view. */
export const PhaseCode = { request: 0, response: 1, error: 2 } as const;

function writeHeaders(writer: ByteWriter, headers: HeaderMap): void {
  let count = 0;
  for (const value of Object.values(headers)) {
    if (value === undefined) continue;
    count += Array.isArray(value) ? value.length : 1;
  }
  writer.u32(count);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) {
        writer.string(name);
        writer.string(item);
      }
    } else {
      writer.string(name);
      writer.string(value);
    }
  }
}

function writeRequest(writer: ByteWriter, phase: number, exchange: Exchange, withBody: boolean): void {
  writer.u8(ABI_VERSION);
  writer.u8(phase);
  writer.string(exchange.method);
  writer.string(exchange.path);
  writer.string(exchange.query);
  writeHeaders(writer, exchange.headers);
  writer.string(exchange.route.group);
  writer.string(exchange.route.api);
  writer.string(exchange.clientAddress);
  writer.string(exchange.traceId);
  writer.bytes(withBody ? (exchange.body ?? new Uint8Array(0)) : undefined);
}

/** One writer per process: calls are synchronous, so encodings never interleave. */
const writer = new ByteWriter();

/** The request-phase view; the body is included only when the manifest asked for it. */
export function encodeRequestView(exchange: Exchange, withBody: boolean): Uint8Array {
  writeRequest(writer.reset(), PhaseCode.request, exchange, withBody);
  return writer.finish();
}

/** The response-phase view: the request (never its body) then status and response headers. */
export function encodeResponseView(exchange: Exchange, response: ResponseView): Uint8Array {
  writeRequest(writer.reset(), PhaseCode.response, exchange, false);
  writer.u16(response.status);
  writeHeaders(writer, response.headers);
  return writer.finish();
}

/** The error-phase view: the request (never its body) then the result code and HTTP status. */
export function encodeErrorView(exchange: Exchange, error: GantryError): Uint8Array {
  writeRequest(writer.reset(), PhaseCode.error, exchange, false);
  writer.u16(error.code);
  writer.u16(error.httpStatus);
  return writer.finish();
}
