/**
 * HTTP request → RPC arguments, by the API's compiled mapping. Values from the body keep their JSON
 * type; values from the query, a header or the path are strings and are read as the declared
 * primitive (`"42"` → 42 for `int`). Typing for Hessian is the codec's `asJava` (checked here,
 * converted by the encoder while it writes the frame).
 *
 * | failure                                         | code |
 * |-------------------------------------------------|------|
 * | body is not JSON (and an argument reads it)     | 7901 |
 * | a primitive argument is missing or unreadable   | 7901 |
 * | the value does not fit the declared Java type   | 7902 |
 */
import type { HeaderMap } from '../../../sdk/plugin/exchange.js';
import { gantryError } from '../../pipeline/gantry-error.js';
import { asJava, isProtocolError, type HessianValue } from '../../protocol/index.js';
import { readJsonPath } from './json-path.js';
import { primitiveJavaTypes, type CompiledRpcArg } from './rpc-arg-spec.js';

/** What the mapping reads of an HTTP call. */
export interface HttpCallView {
  readonly headers: HeaderMap;
  /** Raw query without `?`. */
  readonly query: string;
  /** The path as the client sent it. */
  readonly path: string;
  /** The request body, undefined when there was none. */
  readonly body: Buffer | undefined;
}

/** Typed arguments ready for the codec. */
export interface RpcArguments {
  readonly argTypes: string[];
  readonly args: HessianValue[];
}

const NUMERIC = new Set(['byte', 'short', 'int', 'long', 'float', 'double', 'java.lang.Byte', 'java.lang.Short', 'java.lang.Integer', 'java.lang.Long', 'java.lang.Float', 'java.lang.Double']);
const BOOLEAN = new Set(['boolean', 'java.lang.Boolean']);

/** True when some argument reads the body, so the invoker knows to read it. */
export function readsBody(args: readonly CompiledRpcArg[]): boolean {
  return args.some((arg) => arg.source === 'body' || arg.source === 'bodyWhole');
}

/** Builds the typed arguments of one call. @throws GantryError 7901/7902 (see the table above) */
export function httpToRpcArgs(args: readonly CompiledRpcArg[], call: HttpCallView): RpcArguments {
  let json: unknown;
  let jsonRead = false;
  let query: URLSearchParams | undefined;
  let segments: string[] | undefined;
  const out: HessianValue[] = [];
  const types: string[] = [];
  args.forEach((arg, index) => {
    let value: unknown;
    switch (arg.source) {
      case 'body':
      case 'bodyWhole':
        if (!jsonRead) {
          json = parseJsonBody(call.body);
          jsonRead = true;
        }
        value = arg.source === 'bodyWhole' ? json : readJsonPath(json, arg.jsonPath);
        break;
      case 'query':
        query ??= new URLSearchParams(call.query);
        value = fromText(query.get(arg.name) ?? undefined, arg, index);
        break;
      case 'header': {
        const header = call.headers[arg.name];
        value = fromText(Array.isArray(header) ? header[0] : header, arg, index);
        break;
      }
      case 'path': {
        segments ??= call.path.split('/').filter((segment) => segment !== '');
        const at = arg.segment < 0 ? segments.length + arg.segment : arg.segment;
        const segment = segments[at];
        value = fromText(segment === undefined ? undefined : safeDecode(segment), arg, index);
        break;
      }
    }
    if (value === undefined) {
      if (primitiveJavaTypes.has(arg.type)) {
        throw gantryError('RequestParamParseError', { detail: 'mapping.missing-argument', tips: `argument ${index} (${arg.label}) is missing; ${arg.type} cannot be null` });
      }
      value = null;
    }
    types.push(arg.type);
    out.push(typed(value, arg, index));
  });
  return { argTypes: types, args: out };
}

function parseJsonBody(body: Buffer | undefined): unknown {
  if (body === undefined || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw gantryError('RequestParamParseError', { detail: 'mapping.body-not-json', tips: 'the request body is not valid JSON', cause: error });
  }
}

/** A string from the query, a header or the path, read as the declared type. */
function fromText(text: string | undefined, arg: CompiledRpcArg, index: number): unknown {
  if (text === undefined) return undefined;
  if (BOOLEAN.has(arg.type)) {
    if (text === 'true' || text === 'false') return text === 'true';
    throw gantryError('RequestParamParseError', { detail: 'mapping.not-boolean', tips: `argument ${index} (${arg.label}) must be true or false` });
  }
  if (NUMERIC.has(arg.type)) {
    const trimmed = text.trim();
    // A long stays a decimal string so the codec keeps all 64 bits.
    if ((arg.type === 'long' || arg.type === 'java.lang.Long') && /^-?\d+$/.test(trimmed)) return trimmed;
    const number = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(number)) {
      throw gantryError('RequestParamParseError', { detail: 'mapping.not-number', tips: `argument ${index} (${arg.label}) must be a number` });
    }
    return number;
  }
  return text;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function typed(value: unknown, arg: CompiledRpcArg, index: number): HessianValue {
  try {
    return asJava(value, arg.type);
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    throw gantryError('RequestParamRenderError', { detail: 'mapping.type-mismatch', tips: `argument ${index} (${arg.label}) does not fit ${arg.type}: ${error.message}`, cause: error });
  }
}
