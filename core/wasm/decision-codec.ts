/**
 * Decodes a guest's decision (layout in sdk/ABI.md): continue with edits, or answer now. Everything
 * is checked here, so applying a decision cannot fail half-way: a header name must be a token, a
 * value must be writable by Node, a result code must be in the table, an edit must fit the phase.
 */
import { resultCodeByNumber, type ResultCodeName } from '../pipeline/result-codes.js';
import type { PluginPhase } from '../../sdk/plugin/manifest.js';
import { AbiDecodeError, ByteReader } from './abi-bytes.js';
import { ABI_VERSION } from './exchange-codec.js';

/** Edit opcodes of a continue decision. */
export const EditOp = {
  setHeader: 1,
  addHeader: 2,
  removeHeader: 3,
  setPath: 4,
  setQuery: 5,
  setBody: 6,
  setStatus: 7,
} as const;

export type Edit =
  | { readonly op: 'setHeader' | 'addHeader'; readonly name: string; readonly value: string }
  | { readonly op: 'removeHeader'; readonly name: string }
  | { readonly op: 'setPath' | 'setQuery'; readonly value: string }
  | { readonly op: 'setBody'; readonly body: Uint8Array }
  | { readonly op: 'setStatus'; readonly status: number };

export interface AnswerDecision {
  readonly action: 'reply';
  readonly code: ResultCodeName;
  /** 0 when the guest left it to the result code's status. */
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array | undefined;
}

export type Decision = { readonly action: 'continue'; readonly edits: readonly Edit[] } | AnswerDecision;

export const CONTINUE: Decision = Object.freeze({ action: 'continue', edits: Object.freeze([]) });

const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const headerValuePattern = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
// Framing headers the gateway owns; a guest setting them would desynchronise the connection.
const ownedHeaders = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length']);

function headerName(reader: ByteReader): string {
  const name = reader.string('a header name').toLowerCase();
  if (!headerNamePattern.test(name)) throw new AbiDecodeError(`invalid header name ${JSON.stringify(name)}`);
  if (ownedHeaders.has(name)) throw new AbiDecodeError(`header ${name} is managed by the gateway`);
  return name;
}

function headerValue(reader: ByteReader): string {
  const value = reader.string('a header value');
  if (!headerValuePattern.test(value)) throw new AbiDecodeError('a header value contains line breaks or control characters');
  return value;
}

function status(value: number, allowZero: boolean): number {
  if ((value === 0 && allowZero) || (value >= 100 && value <= 599)) return value;
  throw new AbiDecodeError(`status ${value} is not an HTTP status`);
}

/**
 * Which edits each phase accepts:
 *
 * | edit                       | request | response | error |
 * |----------------------------|---------|----------|-------|
 * | set/add/remove header      | request headers | response headers | — |
 * | set path, set query        | yes     | —        | —     |
 * | set body                   | if the manifest asked for the body | — | — |
 * | set status                 | —       | yes      | —     |
 */
function readEdit(reader: ByteReader, phase: PluginPhase, bodyAllowed: boolean): Edit {
  const op = reader.u8('an edit opcode');
  const headersAllowed = phase !== 'error';
  switch (op) {
    case EditOp.setHeader:
    case EditOp.addHeader:
      if (!headersAllowed) break;
      return { op: op === EditOp.setHeader ? 'setHeader' : 'addHeader', name: headerName(reader), value: headerValue(reader) };
    case EditOp.removeHeader:
      if (!headersAllowed) break;
      return { op: 'removeHeader', name: headerName(reader) };
    case EditOp.setPath: {
      if (phase !== 'request') break;
      const value = reader.string('a path');
      if (!value.startsWith('/') || /[\u0000-\u0020\u007f?#]/.test(value)) throw new AbiDecodeError(`invalid path ${JSON.stringify(value)}`);
      return { op: 'setPath', value };
    }
    case EditOp.setQuery: {
      if (phase !== 'request') break;
      const value = reader.string('a query');
      if (/[\u0000-\u0020\u007f#]/.test(value)) throw new AbiDecodeError('a query contains spaces, controls or "#"');
      return { op: 'setQuery', value };
    }
    case EditOp.setBody: {
      if (phase !== 'request' || !bodyAllowed) break;
      const body = reader.bytesOrAbsent('a body');
      if (body === undefined) throw new AbiDecodeError('set-body needs a body');
      return { op: 'setBody', body };
    }
    case EditOp.setStatus:
      if (phase !== 'response') break;
      return { op: 'setStatus', status: status(reader.u16('a status'), false) };
    default:
      throw new AbiDecodeError(`unknown edit opcode ${op}`);
  }
  throw new AbiDecodeError(`edit opcode ${op} is not allowed in the ${phase} phase`);
}

function readAnswer(reader: ByteReader): AnswerDecision {
  const answerStatus = status(reader.u16('the reply status'), true);
  const codeNumber = reader.u16('the reply result code');
  const entry = resultCodeByNumber(codeNumber);
  if (entry === undefined) throw new AbiDecodeError(`result code ${codeNumber} is not in the result-code table`);
  const count = reader.u32('the reply header count');
  const headers: [string, string][] = [];
  for (let i = 0; i < count; i++) headers.push([headerName(reader), headerValue(reader)]);
  const body = reader.bytesOrAbsent('the reply body');
  return { action: 'reply', code: entry.name as ResultCodeName, status: answerStatus, headers, body };
}

/** Decodes a guest's output; `null` or empty output means continue without edits. */
export function decodeDecision(output: Uint8Array | null, phase: PluginPhase, bodyAllowed: boolean): Decision {
  if (output === null || output.length === 0) return CONTINUE;
  const reader = new ByteReader(output);
  const version = reader.u8('the version');
  if (version !== ABI_VERSION) throw new AbiDecodeError(`ABI version ${version} is not supported (expected ${ABI_VERSION})`);
  const action = reader.u8('the action');
  let decision: Decision;
  if (action === 0) {
    const count = reader.u32('the edit count');
    const edits: Edit[] = [];
    for (let i = 0; i < count; i++) edits.push(readEdit(reader, phase, bodyAllowed));
    decision = { action: 'continue', edits };
  } else if (action === 1) {
    decision = readAnswer(reader);
  } else {
    throw new AbiDecodeError(`unknown action ${action}`);
  }
  if (!reader.done) throw new AbiDecodeError('output continues after the decision');
  return decision;
}
