import type { CallExchange } from '../../pipeline/call-exchange.js';
import { decodeSofaResponse, encodeSofaRequest, isProtocolError, sofaServiceName, type BoltFrame, type HessianFlavor, type SofaCall } from '../../protocol/index.js';
import type { Invoker, RequestBody, UpstreamSink } from '../invoker.js';
import { callRpcCluster, type RpcTraceTarget } from '../rpc/call-rpc-cluster.js';
import type { RpcCluster } from '../rpc/rpc-cluster.js';
import type { CompiledRpcArg } from '../rpc/rpc-arg-spec.js';
import { boltStatusError, replyDecodeError, sofaResultError } from '../rpc/rpc-error.js';
import { deliverRpcResult, replyShapeFor, rpcArgumentsFor, traceIdFor } from '../rpc/rpc-invocation.js';
import { encodeProtobufRequest, protobufRequestJson, type SofaProtobufSpec } from './sofarpc-protobuf.js';

/** Per-API settings of a `sofarpc` backend (validated, defaulted and compiled by the snapshot). */
export interface SofaRpcBackendSpec {
  readonly service: string;
  readonly version: string;
  readonly uniqueId: string | undefined;
  readonly method: string;
  readonly targetApp: string | undefined;
  readonly args: readonly CompiledRpcArg[];
  readonly timeoutMs: number;
  readonly retries: number;
  /** Largest request body read to build the arguments. */
  readonly bodyLimitBytes: number;
  /** Hessian dialect the provider reads. */
  readonly hessian: HessianFlavor;
  /** Set for `serialization: protobuf`: the messages replace the argument mapping. */
  readonly protobuf?: SofaProtobufSpec;
}

/**
 * Calls a SOFARPC service over Bolt (Hessian2): arguments from the HTTP request by the API's
 * mapping (or an RPC front's own), the trace id in `rpc_trace_context.sofaTraceId`, the result
 * as a JSON body. Failures map as `rpc/call-rpc-cluster.ts` and `rpc/rpc-error.ts` say.
 */
export class SofaRpcInvoker implements Invoker {
  readonly protocolName = 'SofaRpc';
  private readonly serviceName: string;

  constructor(private readonly cluster: RpcCluster<BoltFrame>, private readonly spec: SofaRpcBackendSpec) {
    this.serviceName = sofaServiceName(spec.service, spec.version, spec.uniqueId);
  }

  async invoke(exchange: CallExchange, body: RequestBody, sink: UpstreamSink): Promise<void> {
    if (this.spec.protobuf !== undefined) return this.invokeProtobuf(exchange, body, sink, this.spec.protobuf);
    const spec = this.spec;
    const { args, argTypes } = await rpcArgumentsFor(exchange, body, spec.args, spec.bodyLimitBytes);
    const call: SofaCall = {
      service: this.serviceName,
      method: spec.method,
      argTypes,
      args,
      requestProps: { rpc_trace_context: { sofaTraceId: traceIdFor(exchange), sofaRpcId: '0.1' } },
    };
    if (spec.targetApp !== undefined) call.targetApp = spec.targetApp;
    const frame = await callRpcCluster(this.cluster, exchange, (id) => encodeSofaRequest(Number(id), call, { timeoutMs: spec.timeoutMs, hessian: spec.hessian }), spec.timeoutMs, spec.retries, this.traceTarget(exchange, call.requestProps));
    if (frame.kind !== 'response') throw replyDecodeError(new Error(`unexpected ${frame.kind} frame`), exchange.outcome.upstreamAddress);
    const shape = replyShapeFor(exchange);
    let reply;
    try {
      reply = decodeSofaResponse(frame, { shape });
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      throw replyDecodeError(error, exchange.outcome.upstreamAddress);
    }
    if (!reply.ok) throw boltStatusError(reply.status, reply.message);
    if (reply.result.isError) throw sofaResultError(reply.result.errorMsg, reply.result.appResponse);
    await deliverRpcResult(exchange, sink, reply.result.appResponse, shape);
  }

  /** Traced calls carry the W3C/B3 context as Bolt request properties (headers `traceparent`, `b3`, …), beside `rpc_trace_context`. */
  private traceTarget(exchange: CallExchange, requestProps: Record<string, unknown> | undefined): RpcTraceTarget | undefined {
    if (exchange.trace === undefined || requestProps === undefined) return undefined;
    return { system: 'sofarpc', service: this.spec.service, method: this.spec.method, carrier: requestProps };
  }

  private async invokeProtobuf(exchange: CallExchange, body: RequestBody, sink: UpstreamSink, protobuf: SofaProtobufSpec): Promise<void> {
    const spec = this.spec;
    const json = await protobufRequestJson(exchange, body, spec.bodyLimitBytes);
    const call = {
      service: this.serviceName,
      method: spec.method,
      requestProps: { rpc_trace_context: { sofaTraceId: traceIdFor(exchange), sofaRpcId: '0.1' } },
      ...(spec.targetApp === undefined ? {} : { targetApp: spec.targetApp }),
    };
    // A message that does not fit fails while encoding (7902), which the breaker counts as neutral.
    const frame = await callRpcCluster(this.cluster, exchange, (id) => encodeProtobufRequest(protobuf, Number(id), call, json, spec.timeoutMs), spec.timeoutMs, spec.retries, this.traceTarget(exchange, call.requestProps));
    if (frame.kind !== 'response') throw replyDecodeError(new Error(`unexpected ${frame.kind} frame`), exchange.outcome.upstreamAddress);
    let reply;
    try {
      reply = protobuf.codec.decodeResponse(frame, protobuf.responseType);
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      throw replyDecodeError(error, exchange.outcome.upstreamAddress);
    }
    if (!reply.ok) throw reply.status === 0 ? sofaResultError(reply.message, null) : boltStatusError(reply.status, reply.message);
    await deliverRpcResult(exchange, sink, reply.json);
  }
}
