/**
 * Applies a decoded decision to the call: edits go into the exchange (request phase) or the
 * response head (response phase); an answer becomes a `Reply`. Decisions are fully checked when
 * decoded, so nothing here can fail half-way.
 */
import type { Exchange, HeaderMap } from '../../sdk/plugin/exchange.js';
import { reply, type Reply } from '../../sdk/plugin/reply.js';
import type { Decision, Edit } from './decision-codec.js';

function addHeader(headers: HeaderMap, name: string, value: string): void {
  const existing = headers[name];
  // A new array: the old one may be shared with the listener's parsed request.
  headers[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
}

function applyHeaderEdit(headers: HeaderMap, edit: Edit): boolean {
  switch (edit.op) {
    case 'setHeader':
      headers[edit.name] = edit.value;
      return true;
    case 'addHeader':
      addHeader(headers, edit.name, edit.value);
      return true;
    case 'removeHeader':
      delete headers[edit.name];
      return true;
    default:
      return false;
  }
}

/** The `Reply` for an answer decision; `detail` says which plugin answered, for the digest log. */
export function answerReply(decision: Extract<Decision, { action: 'reply' }>, plugin: string): Reply {
  const headers: Record<string, string> = {};
  for (const [name, value] of decision.headers) headers[name] = value;
  return reply(decision.code, {
    ...(decision.status === 0 ? {} : { status: decision.status }),
    headers,
    ...(decision.body === undefined ? {} : { body: Buffer.from(decision.body.buffer, decision.body.byteOffset, decision.body.byteLength) }),
    detail: `plugin.${plugin}.reply`,
  });
}

/** Request phase: edits go to the exchange. */
export function applyRequestDecision(decision: Decision, exchange: Exchange, plugin: string): Reply | undefined {
  if (decision.action === 'reply') return answerReply(decision, plugin);
  for (const edit of decision.edits) {
    if (applyHeaderEdit(exchange.headers, edit)) continue;
    if (edit.op === 'setPath') exchange.path = edit.value;
    else if (edit.op === 'setQuery') exchange.query = edit.value;
    else if (edit.op === 'setBody') exchange.body = Buffer.from(edit.body.buffer, edit.body.byteOffset, edit.body.byteLength);
  }
  return undefined;
}

/** Response phase: edits go to the response head. */
export function applyResponseDecision(decision: Decision, response: { status: number; readonly headers: HeaderMap }, plugin: string): Reply | undefined {
  if (decision.action === 'reply') return answerReply(decision, plugin);
  for (const edit of decision.edits) {
    if (applyHeaderEdit(response.headers, edit)) continue;
    if (edit.op === 'setStatus') response.status = edit.status;
  }
  return undefined;
}
