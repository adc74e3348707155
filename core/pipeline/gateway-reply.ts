import type { HeaderMap, ResponseView } from '../../sdk/plugin/exchange.js';
import type { Reply } from '../../sdk/plugin/reply.js';
import type { CallExchange } from './call-exchange.js';
import { toErrorBody, type GantryError } from './gantry-error.js';
import type { ReplyChannel } from './reply-channel.js';
import { ResultCodes } from './result-codes.js';

export const RESULT_CODE_HEADER = 'x-gateway-result-code';

/** A fully built answer the gateway makes itself (from an error or a plugin's reply). */
export interface GatewayAnswer {
  readonly view: ResponseView;
  readonly body: Buffer;
  readonly resultCode: number;
  readonly detail: string;
}

function jsonAnswer(status: number, resultCode: number, json: unknown, detail: string): GatewayAnswer {
  const body = Buffer.from(JSON.stringify(json));
  return {
    view: { status, headers: { 'content-type': 'application/json; charset=utf-8' } },
    body,
    resultCode,
    detail,
  };
}

/** The standard error answer: table status, JSON body `{ code, memo, tips, traceId }`. */
export function answerForError(error: GantryError, exchange: CallExchange): GatewayAnswer {
  return jsonAnswer(error.httpStatus, error.code, toErrorBody(error, exchange.traceId), error.detail ?? '');
}

/** A plugin's reply: its own body verbatim, or the standard body of its result code. */
export function answerForReply(reply: Reply, exchange: CallExchange): GatewayAnswer {
  const entry = ResultCodes[reply.code];
  const status = reply.status ?? entry.httpStatus;
  if (reply.body === undefined) {
    const json = { code: entry.code, memo: entry.memo, tips: reply.tips ?? entry.tips, traceId: exchange.traceId };
    const answer = jsonAnswer(status, entry.code, json, reply.detail ?? '');
    Object.assign(answer.view.headers, reply.headers);
    return answer;
  }
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  return { view: { status, headers: { ...reply.headers } }, body, resultCode: entry.code, detail: reply.detail ?? '' };
}

/**
 * The head as it can be written: a plugin may have left undefined values (its way to remove a
 * header). The common case has none, and the object (fresh, owned by the caller) is used as is.
 */
export function writableHeaders(headers: HeaderMap): Record<string, string | string[]> {
  for (const name in headers) {
    if (headers[name] === undefined) return withoutUndefined(headers);
  }
  return headers as Record<string, string | string[]>;
}

function withoutUndefined(headers: HeaderMap): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Writes a complete gateway-made answer: its head with the result code and length, then its body. */
export function writeAnswer(channel: ReplyChannel, answer: GatewayAnswer): void {
  const headers = writableHeaders(answer.view.headers);
  headers[RESULT_CODE_HEADER] = String(answer.resultCode);
  headers['content-length'] = String(answer.body.length);
  channel.writeHead(answer.view.status, headers);
  channel.end(answer.body);
}
