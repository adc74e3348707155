import { ProtocolError } from '../errors.js';
import { Hessian2Reader, appendHessian2, detectHessianFlavor, frameWriter, type HessianFlavor, type HessianShape } from '../hessian/hessian2.js';
import { JsonJavaException } from '../hessian/java-exception.js';
import { plainOf } from '../hessian/java-shape.js';
import { typedCopy, type HessianValue } from '../java/java-types.js';
import { BoltCodec, BoltResponseStatus } from '../bolt/constants.js';
import { beginBoltFrame, defaultBoltFraming, endBoltFrame, type BoltFraming, type BoltResponse } from '../bolt/frame.js';
import { RPC_SERVER_EXCEPTION_CLASS, SOFA_RESPONSE_CLASS, SofaHeader } from './headers.js';

/** com.alipay.sofa.rpc.core.response.SofaResponse. */
export interface SofaResult {
  /** Set by the SOFARPC framework (not by the service) when the call failed on the server. */
  isError: boolean;
  errorMsg: string | null;
  /** The return value, or the business exception the service threw (decoded by hessian.js). */
  appResponse: unknown;
  responseProps: Record<string, string> | null;
}

/** A Bolt response whose status is not SUCCESS: the content is an RpcServerException. */
export interface SofaServerError {
  status: number;
  message: string;
}

export type SofaReply = { ok: true; status: 0; result: SofaResult } | { ok: false; status: number; message: string };

/** Encodes a whole Bolt response frame (hessian2) for a result or a framework-level failure. */
export function encodeSofaResponse(
  id: number,
  reply: SofaResult | SofaServerError,
  options: { framing?: BoltFraming; hessian?: HessianFlavor } = {},
): Buffer {
  const framing = options.framing ?? { ...defaultBoltFraming };
  const hessian = options.hessian ?? '4.x';
  if ('status' in reply) {
    if (reply.status === BoltResponseStatus.SUCCESS) {
      throw new ProtocolError('type-mismatch', 'sofarpc: a server error cannot carry status SUCCESS');
    }
    return responseFrame(id, framing, reply.status, {}, rpcServerException(reply.message), hessian);
  }
  const response = {
    $class: SOFA_RESPONSE_CLASS,
    $: {
      isError: reply.isError,
      errorMsg: reply.errorMsg,
      // Inside the SofaResponse, so not top-level: hessian.js-1 (3.x) gets it typed here.
      appResponse: hessian === '3.x' ? typedCopy((reply.appResponse ?? null) as HessianValue) : (reply.appResponse ?? null),
      responseProps: reply.responseProps,
    },
  };
  const headers: Record<string, string> = reply.isError ? { [SofaHeader.responseError]: 'true' } : {};
  return responseFrame(id, framing, BoltResponseStatus.SUCCESS, headers, response, hessian);
}

/** Header, class name, header map and Hessian body in one buffer, copied out once. */
function responseFrame(id: number, framing: BoltFraming, status: number, headers: Record<string, string>, content: unknown, hessian: HessianFlavor): Buffer {
  const out = frameWriter();
  const mark = beginBoltFrame(out, { kind: 'response', framing, id, codec: BoltCodec.hessian2, status, className: SOFA_RESPONSE_CLASS, headers });
  appendHessian2([content], hessian);
  return endBoltFrame(out, mark);
}

function rpcServerException(message: string): unknown {
  return {
    $class: RPC_SERVER_EXCEPTION_CLASS,
    $: {
      detailMessage: message,
      stackTrace: { $class: '[java.lang.StackTraceElement', $: [] },
      cause: null,
    },
  };
}

/**
 * Decodes a hessian2 Bolt response into the SofaResponse, or the server's failure message. With
 * `shape: 'json'` every value in it (appResponse, responseProps) comes as fromHessian would make it:
 * for callers that only want JSON, one walk instead of two. With `shape: 'java'` appResponse keeps
 * its Java types (java-shape.ts); the SofaResponse's own fields are read out of their wrappers.
 */
export function decodeSofaResponse(frame: BoltResponse, options: { shape?: HessianShape } = {}): SofaReply {
  const shape = options.shape ?? 'typed';
  if (frame.codec !== BoltCodec.hessian2) {
    throw new ProtocolError('unsupported-codec', `sofarpc: response codec ${frame.codec} is not hessian2`);
  }
  if (frame.status !== BoltResponseStatus.SUCCESS) {
    const message = frame.content.length === 0 ? '' : serverErrorMessage(readContent('sofarpc error', frame.content, 'typed'));
    return { ok: false, status: frame.status, message };
  }
  // The SofaResponse is one object: in the java shape it comes wrapped, and so may its scalar fields (3.x).
  const read = readContent('sofarpc response', frame.content, shape);
  const value = shape === 'java' ? plainOf(read) : read;
  if (typeof value !== 'object' || value === null || value instanceof Error || value instanceof JsonJavaException || Array.isArray(value)) {
    throw new ProtocolError('bad-payload', 'sofarpc: response content is not a SofaResponse object');
  }
  const response = value as Record<string, unknown>;
  const errorMsg = plainOf(response.errorMsg);
  return {
    ok: true,
    status: BoltResponseStatus.SUCCESS,
    result: {
      isError: plainOf(response.isError) === true,
      errorMsg: typeof errorMsg === 'string' ? errorMsg : null,
      appResponse: response.appResponse ?? null,
      responseProps: stringMap(plainOf(response.responseProps)),
    },
  };
}

function readContent(what: string, content: Buffer, shape: HessianShape): unknown {
  return new Hessian2Reader(what, content, detectHessianFlavor(content), shape).read();
}

/** Peers send an RpcServerException, a bare string, or (hessian.js) an Error built from it. */
function serverErrorMessage(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.message;
  if (typeof value === 'object' && value !== null && typeof (value as { detailMessage?: unknown }).detailMessage === 'string') {
    return (value as { detailMessage: string }).detailMessage;
  }
  return '';
}

function stringMap(value: unknown): Record<string, string> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    const plain = plainOf(item);
    if (plain !== null && plain !== undefined) out[key] = String(plain);
  }
  return out;
}
