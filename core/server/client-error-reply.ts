import type { Socket } from 'node:net';
import { toErrorBody } from '../pipeline/gantry-error.js';
import { gantryError } from '../pipeline/gantry-error.js';
import { RESULT_CODE_HEADER } from '../pipeline/gateway-reply.js';
import { newTraceId } from '../pipeline/trace-id.js';
import type { ResultCodeName } from '../pipeline/result-codes.js';

/**
 * Node's parser rejects a request before any handler sees it. Decision table:
 * | parser error                                 | HTTP | code                              |
 * |----------------------------------------------|------|-----------------------------------|
 * | HPE_HEADER_OVERFLOW (headers over the limit) | 431  | 3991 RequestHeaderFieldsTooLarge  |
 * | ERR_HTTP_REQUEST_TIMEOUT (slow request head) | 408  | 3992 RequestBodyTimeout           |
 * | anything else (bad method, length, syntax)   | 400  | 3999 BadRequest                   |
 */
function codeFor(errorCode: string | undefined): ResultCodeName {
  if (errorCode === 'HPE_HEADER_OVERFLOW') return 'RequestHeaderFieldsTooLarge';
  if (errorCode === 'ERR_HTTP_REQUEST_TIMEOUT') return 'RequestBodyTimeout';
  return 'BadRequest';
}

/** Writes a standard error answer straight to the socket and closes it. */
function answerOnSocket(socket: Socket, name: ResultCodeName, detail: string, tips: string): { code: number; detail: string } {
  const failure = gantryError(name, { detail, tips });
  const body = JSON.stringify(toErrorBody(failure, newTraceId()));
  const head = [
    `HTTP/1.1 ${failure.httpStatus} ${failure.memo}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    `${RESULT_CODE_HEADER}: ${failure.code}`,
    'connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
  return { code: failure.code, detail };
}

/** Answers a request the parser refused, then closes the connection (its framing is unknown). */
export function replyToClientError(error: Error & { code?: string }, socket: Socket): { code: number; detail: string } | undefined {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return undefined;
  }
  const detail = `request.${(error.code ?? 'malformed').toLowerCase()}`;
  return answerOnSocket(socket, codeFor(error.code), detail, `malformed request: ${error.code ?? error.message}`);
}

/**
 * Answers a CONNECT request with 3999: the gateway routes requests to APIs, it never opens a tunnel.
 * Node hands CONNECT over as a bare socket, so the answer is written there like a parser refusal.
 */
export function replyToUnsupportedConnect(socket: Socket): { code: number; detail: string } | undefined {
  if (!socket.writable) {
    socket.destroy();
    return undefined;
  }
  return answerOnSocket(socket, 'BadRequest', 'request.connect-unsupported', 'CONNECT is not supported: the gateway does not open tunnels');
}
