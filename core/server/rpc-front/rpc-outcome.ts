/**
 * What an RPC caller receives for the answer the pipeline made: the value (an RPC backend's result
 * as decoded, or an HTTP answer's body parsed) or an exception whose message carries the result
 * code, memo and tips.
 *
 * | answer                                         | RPC reply                               |
 * |------------------------------------------------|-----------------------------------------|
 * | 2xx with a kept RPC result (RPC backend)       | that result, Java types intact          |
 * | 2xx otherwise (HTTP backend, plugin reply)     | the body: JSON parsed, or the text      |
 * | 3xx–5xx gateway answer `{code, memo, tips}`    | exception "[code memo] tips"            |
 * | 3xx–5xx from an HTTP backend                   | exception "[code] <body text>"          |
 * | a 2xx JSON body that does not parse            | exception "[7904 ResponseParamParseError]" |
 */
import type { CallExchange } from '../../pipeline/call-exchange.js';
import { isGantryError } from '../../pipeline/gantry-error.js';
import { RESULT_CODE_HEADER } from '../../pipeline/gateway-reply.js';
import { httpBodyToRpcValue } from '../../invoke/rpc/rpc-result-json.js';
import type { CollectedAnswer } from './rpc-reply-channel.js';

export type RpcOutcome =
  | { readonly ok: true; readonly value: unknown; readonly resultCode: string }
  | { readonly ok: false; readonly message: string; readonly resultCode: string };

function headerText(headers: Record<string, string | string[]>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Converts the collected answer of `exchange` for its RPC caller. */
export function rpcOutcomeOf(exchange: CallExchange, answer: CollectedAnswer): RpcOutcome {
  const resultCode = headerText(answer.headers, RESULT_CODE_HEADER) ?? String(exchange.outcome.resultCode);
  if (answer.status >= 200 && answer.status < 300) {
    if (exchange.rpcResult !== undefined && exchange.outcome.resultCode === 1000) return { ok: true, value: exchange.rpcResult.value, resultCode };
    try {
      return { ok: true, value: httpBodyToRpcValue(answer.body, headerText(answer.headers, 'content-type')), resultCode };
    } catch (error) {
      if (!isGantryError(error)) throw error;
      exchange.outcome.resultCode = error.code;
      return { ok: false, message: `[${error.code} ${error.memo}] ${error.tips ?? ''}`, resultCode: String(error.code) };
    }
  }
  return { ok: false, message: errorMessage(answer, resultCode), resultCode };
}

function errorMessage(answer: CollectedAnswer, resultCode: string): string {
  const text = answer.body.toString('utf8');
  try {
    const json = JSON.parse(text) as { code?: unknown; memo?: unknown; tips?: unknown };
    if (typeof json.code === 'number' && typeof json.memo === 'string') return `[${json.code} ${json.memo}] ${typeof json.tips === 'string' ? json.tips : ''}`;
  } catch {
    // Not a gateway-made answer: the backend's own body is the message.
  }
  return `[${resultCode}] ${text || `HTTP ${answer.status}`}`;
}
