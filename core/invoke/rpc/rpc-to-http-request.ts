/**
 * An RPC front call → the HTTP request an `http` backend receives: the mapping reversed. Argument i
 * is written where `match.rpc.args[i]` says (a body field by JSON path, the whole body, a query
 * parameter, a header). Without a mapping, a single Map/POJO argument is the JSON body and any
 * other argument list is sent as a JSON array.
 *
 * | failure                                              | code |
 * |------------------------------------------------------|------|
 * | an argument cannot be rendered as JSON (cycle, …)    | 7902 |
 */
import { gantryError } from '../../pipeline/gantry-error.js';
import { fromHessian, type JsonValue } from '../../protocol/index.js';
import { writeJsonPath } from './json-path.js';
import type { CompiledRpcArg } from './rpc-arg-spec.js';

/** What goes upstream instead of the (absent) HTTP request. */
export interface MappedHttpRequest {
  readonly body: Buffer | undefined;
  /** Raw query without `?`, '' when none. */
  readonly query: string;
  /** Headers to add (names lower-case). */
  readonly headers: Record<string, string>;
}

/** Maps a front call's arguments (as decoded from the wire). @throws GantryError 7902 */
export function rpcToHttpRequest(args: readonly unknown[], mapping: readonly CompiledRpcArg[] | undefined): MappedHttpRequest {
  const values = args.map((arg) => fromHessian(arg));
  const headers: Record<string, string> = {};
  if (mapping === undefined) {
    const only = values.length === 1 ? values[0] : undefined;
    const body = only !== undefined && only !== null && typeof only === 'object' && !Array.isArray(only) ? only : values;
    return { body: render(body), query: '', headers: jsonHeaders(headers) };
  }
  let body: unknown;
  let hasBody = false;
  const query = new URLSearchParams();
  mapping.forEach((spec, index) => {
    const value = values[index] ?? null;
    switch (spec.source) {
      case 'body':
        body = writeJsonPath(body, spec.jsonPath, value);
        hasBody = true;
        break;
      case 'bodyWhole':
        body = value;
        hasBody = true;
        break;
      case 'query':
        if (value !== null) query.append(spec.name, textOf(value));
        break;
      case 'header':
        if (value !== null) headers[spec.name] = textOf(value);
        break;
      case 'path':
        // Refused by the config checks: a call's arguments never rewrite the route's path.
        break;
    }
  });
  return { body: hasBody ? render(body) : undefined, query: query.toString(), headers: hasBody ? jsonHeaders(headers) : headers };
}

function jsonHeaders(headers: Record<string, string>): Record<string, string> {
  headers['content-type'] = 'application/json; charset=utf-8';
  return headers;
}

function textOf(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function render(value: unknown): Buffer {
  try {
    return Buffer.from(JSON.stringify(value) ?? 'null');
  } catch (error) {
    throw gantryError('RequestParamRenderError', { detail: 'mapping.render-failed', tips: 'the call\'s arguments cannot be written as JSON', cause: error });
  }
}
