/**
 * RPC failures reported by the remote side → result codes, with the remote message in `tips`.
 *
 * | remote says                                                  | code |
 * |--------------------------------------------------------------|------|
 * | service not found (message, or Dubbo status 60)              | 4011 |
 * | method not found (message)                                   | 4010 |
 * | an exception thrown by the service (SOFARPC isError, Dubbo   | 5007 |
 * |   exception reply, Bolt SERVER_EXCEPTION/ERROR/UNKNOWN)      |      |
 * | Bolt CODEC_EXCEPTION / SERVER_SERIAL_EXCEPTION, Dubbo 50     | 5006 |
 * | Bolt SERVER_DESERIAL_EXCEPTION, Dubbo 40                     | 5008 |
 * | Bolt NO_PROCESSOR                                            | 5010 |
 * | Bolt ERROR_COMM/CLIENT_SEND_ERROR/CONNECTION_CLOSED, Dubbo 90| 5011 |
 * | Bolt SERVER_THREADPOOL_BUSY, Dubbo 100                       | 5012 |
 * | Bolt TIMEOUT, Dubbo 30/31                                    | 5013 |
 * | Dubbo 70/80 (service/server error)                           | 5007 |
 * | any other status                                             | 5016 |
 * | the reply frame cannot be decoded                            | 4100 |
 */
import { gantryError, type GantryError } from '../../pipeline/gantry-error.js';
import type { ResultCodeName } from '../../pipeline/result-codes.js';
import { BoltResponseStatus, DubboStatus, boltResponseStatusName, dubboStatusName, fromHessian } from '../../protocol/index.js';

const SERVICE_NOT_FOUND = /not found (?:exported )?service|can ?not find (?:service|invoker)|no provider|service not found/i;
const METHOD_NOT_FOUND = /can ?not find method|no such method|nosuchmethod|method not found/i;

const boltCodes: ReadonlyMap<number, ResultCodeName> = new Map<number, ResultCodeName>([
  [BoltResponseStatus.ERROR, 'SofaRpcCodecUnknownException'],
  [BoltResponseStatus.SERVER_EXCEPTION, 'SofaRpcCodecUnknownException'],
  [BoltResponseStatus.UNKNOWN, 'SofaRpcCodecUnknownException'],
  [BoltResponseStatus.SERVER_THREADPOOL_BUSY, 'SofaRpcUpstreamOverFlow'],
  [BoltResponseStatus.ERROR_COMM, 'SofaRpcNoHealthUpstream'],
  [BoltResponseStatus.NO_PROCESSOR, 'SofaRpcRouterUnavailable'],
  [BoltResponseStatus.TIMEOUT, 'SofaRpcTimeout'],
  [BoltResponseStatus.CLIENT_SEND_ERROR, 'SofaRpcNoHealthUpstream'],
  [BoltResponseStatus.CODEC_EXCEPTION, 'SofaRpcCodecException'],
  [BoltResponseStatus.CONNECTION_CLOSED, 'SofaRpcNoHealthUpstream'],
  [BoltResponseStatus.SERVER_SERIAL_EXCEPTION, 'SofaRpcCodecException'],
  [BoltResponseStatus.SERVER_DESERIAL_EXCEPTION, 'SofaRpcCodecDeserialException'],
]);

const dubboCodes: ReadonlyMap<number, ResultCodeName> = new Map<number, ResultCodeName>([
  [DubboStatus.CLIENT_TIMEOUT, 'SofaRpcTimeout'],
  [DubboStatus.SERVER_TIMEOUT, 'SofaRpcTimeout'],
  [DubboStatus.BAD_REQUEST, 'SofaRpcCodecDeserialException'],
  [DubboStatus.BAD_RESPONSE, 'SofaRpcCodecException'],
  [DubboStatus.SERVICE_NOT_FOUND, 'NoSofaRpcServiceFound'],
  [DubboStatus.SERVICE_ERROR, 'SofaRpcCodecUnknownException'],
  [DubboStatus.SERVER_ERROR, 'SofaRpcCodecUnknownException'],
  [DubboStatus.CLIENT_ERROR, 'SofaRpcNoHealthUpstream'],
  [DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR, 'SofaRpcUpstreamOverFlow'],
]);

/** Not-found messages win over the status: the caller must learn it named the wrong thing. */
function byMessage(message: string): ResultCodeName | undefined {
  if (SERVICE_NOT_FOUND.test(message)) return 'NoSofaRpcServiceFound';
  if (METHOD_NOT_FOUND.test(message)) return 'NoSofaRpcMethodFound';
  return undefined;
}

function remoteError(name: ResultCodeName, detail: string, message: string): GantryError {
  return gantryError(name, { detail, tips: message === '' ? `remote error (${detail})` : message });
}

/** A Bolt response whose status is not SUCCESS. */
export function boltStatusError(status: number, message: string): GantryError {
  const name = byMessage(message) ?? boltCodes.get(status) ?? 'ParseResultCodeError';
  return remoteError(name, `rpc.bolt-${boltResponseStatusName(status).toLowerCase()}`, message);
}

/** A SOFARPC response with `isError` (the service threw, or the server could not route it). */
export function sofaResultError(errorMsg: string | null, appResponse: unknown): GantryError {
  const message = errorMsg ?? exceptionMessage(appResponse);
  return remoteError(byMessage(message) ?? 'SofaRpcCodecUnknownException', 'rpc.remote-exception', message);
}

/** A Dubbo response whose status is not OK. */
export function dubboStatusError(status: number, message: string): GantryError {
  const name = byMessage(message) ?? dubboCodes.get(status) ?? 'ParseResultCodeError';
  return remoteError(name, `rpc.dubbo-${dubboStatusName(status).toLowerCase()}`, message);
}

/** A Dubbo response carrying an exception thrown by the service. */
export function dubboExceptionError(exception: unknown): GantryError {
  const message = exceptionMessage(exception);
  return remoteError(byMessage(message) ?? 'SofaRpcCodecUnknownException', 'rpc.remote-exception', message);
}

/** The reply frame could not be decoded (4100). */
export function replyDecodeError(cause: unknown, address: string): GantryError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return gantryError('SofaRpcResponseDecodeError', { detail: 'rpc.reply-decode-failed', tips: `cannot decode the reply of ${address}: ${why}`, cause });
}

/** The message of a Java exception as Hessian delivers it (`detailMessage`), or of a JS error. */
export function exceptionMessage(exception: unknown): string {
  if (exception instanceof Error) return exception.message;
  const json = safeJson(exception);
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    for (const key of ['detailMessage', 'message', 'msg']) {
      if (typeof record[key] === 'string') return record[key];
    }
  }
  return typeof json === 'string' ? json : '';
}

function safeJson(value: unknown): unknown {
  try {
    return fromHessian(value);
  } catch {
    return value;
  }
}
