/**
 * The two ends every RPC invoker shares: the typed arguments of the call (from the HTTP request
 * by the API's mapping, or passed through from an RPC front call), and the delivery of the result
 * (a JSON body for the pipeline; the decoded value kept for an RPC front).
 */
import type { CallExchange, RpcFrontCall } from '../../pipeline/call-exchange.js';
import { gantryError } from '../../pipeline/gantry-error.js';
import { newTraceId } from '../../pipeline/trace-id.js';
import { asJava, carriesJavaType, isProtocolError, type HessianShape, type HessianValue } from '../../protocol/index.js';
import type { RequestBody, UpstreamSink } from '../invoker.js';
import { httpToRpcArgs, readsBody, type RpcArguments } from './http-to-rpc-args.js';
import type { CompiledRpcArg } from './rpc-arg-spec.js';
import { rpcResultToJson } from './rpc-result-json.js';

/** The call's arguments: an RPC front's own, else mapped from the HTTP request. */
export async function rpcArgumentsFor(exchange: CallExchange, body: RequestBody, args: readonly CompiledRpcArg[], bodyLimitBytes: number): Promise<RpcArguments> {
  if (exchange.rpc !== undefined) return passThroughArgs(exchange.rpc);
  let bytes = exchange.body;
  if (bytes === undefined && readsBody(args)) bytes = await body.readAll(bodyLimitBytes);
  else if (bytes === undefined) body.stream()?.resume();
  return httpToRpcArgs(args, { headers: exchange.headers, query: exchange.query, path: exchange.originalPath, body: bytes });
}

/**
 * An RPC front's arguments (RPC → RPC), decoded in the java shape: one that carries its Java type
 * goes on as it is; an untyped one (an int, string, boolean, untyped list or map) is typed by the
 * type the caller declared, its content keeping the types it carries.
 */
function passThroughArgs(call: RpcFrontCall): RpcArguments {
  const argTypes = [...call.argTypes];
  const args: HessianValue[] = call.args.map((arg, index) => {
    const type = argTypes[index] ?? 'java.lang.Object';
    if (carriesJavaType(arg)) return arg;
    try {
      return asJava(arg, type);
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      throw gantryError('RequestParamRenderError', { detail: 'mapping.type-mismatch', tips: `argument ${index} does not fit ${type}: ${error.message}`, cause: error });
    }
  });
  return { argTypes, args };
}

/** The trace id sent upstream: the pipeline's, created here if no one set it yet. */
export function traceIdFor(exchange: CallExchange): string {
  if (exchange.traceId === '') exchange.traceId = newTraceId();
  return exchange.traceId;
}

/**
 * How an invoker should decode the reply: an RPC front passes the result on with its Java types
 * ('java': POJO classes, longs, doubles, typed lists and maps kept for the front's encoder); an
 * HTTP caller only gets JSON, which the decoder then makes in its own walk ('json').
 */
export function replyShapeFor(exchange: CallExchange): HessianShape {
  return exchange.rpc === undefined ? 'json' : 'java';
}

/**
 * Delivers a successful RPC result, decoded in `shape` (see replyShapeFor): JSON body 200 to the
 * sink, and the value itself for an RPC front.
 */
export async function deliverRpcResult(exchange: CallExchange, sink: UpstreamSink, value: unknown, shape: HessianShape = 'typed'): Promise<void> {
  if (exchange.rpc !== undefined) exchange.rpcResult = { value };
  const json = rpcResultToJson(value, shape);
  await sink.start(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(json.length) });
  if (sink.finished) return;
  sink.data(json);
  sink.end();
}
