import type { CallExchange } from '../../pipeline/call-exchange.js';
import { decodeDubboResponse, encodeDubboRequest, isProtocolError, type DubboCall, type DubboFrame } from '../../protocol/index.js';
import type { Invoker, RequestBody, UpstreamSink } from '../invoker.js';
import { callRpcCluster } from '../rpc/call-rpc-cluster.js';
import type { RpcCluster } from '../rpc/rpc-cluster.js';
import type { CompiledRpcArg } from '../rpc/rpc-arg-spec.js';
import { dubboExceptionError, dubboStatusError, replyDecodeError } from '../rpc/rpc-error.js';
import { deliverRpcResult, replyShapeFor, rpcArgumentsFor, traceIdFor } from '../rpc/rpc-invocation.js';

/** Dubbo protocol version written in requests: 2.0.2 replies may carry attachments. */
export const DUBBO_PROTOCOL_VERSION = '2.0.2';

/** Attachment that carries the gateway's trace id, both ways. */
export const DUBBO_TRACE_ATTACHMENT = 'traceId';

/** Per-API settings of a `dubbo` backend (validated, defaulted and compiled by the snapshot). */
export interface DubboBackendSpec {
  readonly service: string;
  readonly version: string | undefined;
  /** The Dubbo group. */
  readonly group: string | undefined;
  readonly method: string;
  readonly args: readonly CompiledRpcArg[];
  readonly timeoutMs: number;
  readonly retries: number;
  readonly bodyLimitBytes: number;
}

/**
 * Calls a Dubbo service over the Dubbo 2 protocol (Hessian2): arguments by the API's mapping (or an
 * RPC front's own), the trace id as the `traceId` attachment, the result as a JSON body.
 */
export class DubboInvoker implements Invoker {
  readonly protocolName = 'Dubbo';

  constructor(private readonly cluster: RpcCluster<DubboFrame>, private readonly spec: DubboBackendSpec) {}

  async invoke(exchange: CallExchange, body: RequestBody, sink: UpstreamSink): Promise<void> {
    const spec = this.spec;
    const { args, argTypes } = await rpcArgumentsFor(exchange, body, spec.args, spec.bodyLimitBytes);
    const attachments: Record<string, unknown> = {
      path: spec.service,
      interface: spec.service,
      timeout: String(spec.timeoutMs),
      [DUBBO_TRACE_ATTACHMENT]: traceIdFor(exchange),
    };
    if (spec.version !== undefined) attachments.version = spec.version;
    if (spec.group !== undefined) attachments.group = spec.group;
    const call: DubboCall = {
      dubboVersion: DUBBO_PROTOCOL_VERSION,
      path: spec.service,
      version: spec.version ?? '',
      method: spec.method,
      argTypes,
      args,
      attachments,
    };
    // Traced calls carry the W3C/B3 context as attachments (`traceparent`, `b3`, …), beside `traceId`.
    const traced = exchange.trace === undefined ? undefined : { system: 'dubbo', service: spec.service, method: spec.method, carrier: attachments };
    const frame = await callRpcCluster(this.cluster, exchange, (id) => encodeDubboRequest(BigInt(id), call), spec.timeoutMs, spec.retries, traced);
    const shape = replyShapeFor(exchange);
    let reply;
    try {
      reply = decodeDubboResponse(frame, { shape });
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      throw replyDecodeError(error, exchange.outcome.upstreamAddress);
    }
    switch (reply.kind) {
      case 'value': return deliverRpcResult(exchange, sink, reply.value, shape);
      case 'null': return deliverRpcResult(exchange, sink, null, shape);
      case 'exception': throw dubboExceptionError(reply.exception);
      case 'error': throw dubboStatusError(reply.status, reply.message);
    }
  }
}
