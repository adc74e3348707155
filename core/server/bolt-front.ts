/**
 * The Bolt (SOFARPC) front: SofaRequests arriving on `listen.bolt` are routed by service and method
 * to an API (see pipeline/rpc-route.ts), run through the same pipeline as HTTP calls, and answered
 * with a SofaResponse in the caller's Hessian flavour and Bolt framing. Heartbeats are answered.
 *
 * | request                                      | answer                                   |
 * |----------------------------------------------|------------------------------------------|
 * | heartbeat                                    | heartbeat ack                            |
 * | no `service` header                          | isError "[3002 NoSofaRpcRequestHeaderFound]" |
 * | `service` names no interface (`:1.0`)        | isError "[3003 NoSofaRpcRequestHostFound]"   |
 * | content not a hessian2 SofaRequest           | SERVER_DESERIAL_EXCEPTION "[4101 …]"     |
 * | routed call                                  | value, or isError with "[code memo] tips"|
 * | garbage framing                              | connection closed                        |
 * The trace id comes from `rpc_trace_context.sofaTraceId` and goes back in the response props.
 */
import type { Socket } from 'node:net';
import { CallExchange } from '../pipeline/call-exchange.js';
import type { CallHandler } from '../pipeline/call-handler.js';
import { gantryError, type GantryError } from '../pipeline/gantry-error.js';
import { ResultCodes } from '../pipeline/result-codes.js';
import {
  BoltFrameDecoder, BoltResponseStatus, asJava, decodeSofaRequest, detectHessianFlavor, encodeBoltFrame, encodeSofaResponse, isProtocolError,
  type BoltFrame, type BoltRequest, type DecodedSofaCall, type HessianFlavor,
} from '../protocol/index.js';
import { FramedFrontConnection } from './rpc-front/framed-front-connection.js';
import { RpcListener, headerMapOf } from './rpc-front/rpc-listener.js';
import type { RpcOutcome } from './rpc-front/rpc-outcome.js';

/** Response prop carrying the gateway's result code back to the caller. */
export const BOLT_RESULT_CODE_PROP = 'x-gateway-result-code';

function traceOf(call: DecodedSofaCall, headers: Record<string, string>): string {
  const context = call.requestProps?.rpc_trace_context;
  if (typeof context === 'object' && context !== null) {
    const id = (context as Record<string, unknown>).sofaTraceId;
    if (typeof id === 'string' && id !== '') return id;
  }
  return headers['rpc_trace_context.sofatraceid'] ?? '';
}

class BoltFrontConnection extends FramedFrontConnection<BoltFrame> {
  constructor(socket: Socket, handler: CallHandler) {
    super(socket, handler, new BoltFrameDecoder());
  }

  protected onFrame(frame: BoltFrame): void {
    if (frame.kind === 'heartbeat') {
      this.socket.write(encodeBoltFrame({ kind: 'heartbeat-ack', framing: frame.framing, id: frame.id, codec: frame.codec, status: BoltResponseStatus.SUCCESS }));
    } else if (frame.kind === 'request' && !frame.oneway) {
      this.call(frame);
    }
  }

  private call(frame: BoltRequest): void {
    const startedAt = performance.now();
    const headers = headerMapOf(frame.headers);
    const service = frame.headers.service;
    const [iface = '', version = '', uniqueId = ''] = (service ?? '').split(':');
    let call: DecodedSofaCall | undefined;
    let refusal: GantryError | undefined;
    if (service === undefined) {
      refusal = gantryError('NoSofaRpcRequestHeaderFound', { detail: 'rpc.no-service-header', tips: 'the Bolt request has no "service" header' });
    } else if (iface === '') {
      refusal = gantryError('NoSofaRpcRequestHostFound', { detail: 'rpc.no-service', tips: `the "service" header "${service}" names no interface` });
    } else {
      try {
        // Arguments keep their Java types for an RPC backend (fromHessian gives others their JSON).
        call = decodeSofaRequest(frame, { shape: 'java' });
      } catch (error) {
        if (!isProtocolError(error)) throw error;
        refusal = gantryError('SofaRpcRequestDecodeError', { detail: 'rpc.request-decode-failed', tips: error.message });
      }
    }
    // Java SOFARPC also sends request properties as Bolt headers; other clients (sofa-rpc-node with
    // Hessian) only in the body. Seen as headers either way, so a W3C/B3 context in them is traced.
    if (call?.requestProps !== undefined) for (const [name, value] of Object.entries(headerMapOf(call.requestProps))) headers[name] ??= value;
    const method = call?.method || (frame.headers.sofa_head_method_name ?? '');
    const exchange = new CallExchange('bolt', 'POST', `/${iface}/${method}`, '', headers, this.socket.remoteAddress ?? '-', this.socket.remotePort ?? 0, startedAt);
    exchange.rpc = { service: iface, version, uniqueId, method, argTypes: call?.argTypes ?? [], args: call?.args ?? [], ...(refusal === undefined ? {} : { refusal }) };
    const trace = call === undefined ? '' : traceOf(call, headers);
    if (trace !== '') {
      exchange.traceId = trace;
      exchange.clientTraceId = trace;
    }
    const hessian = call?.hessian ?? detectHessianFlavor(frame.content);
    this.dispatch(exchange, (outcome) => this.reply(frame, hessian, exchange, outcome));
  }

  private reply(frame: BoltRequest, hessian: HessianFlavor, exchange: CallExchange, outcome: RpcOutcome): void {
    if (this.socket.destroyed) return;
    const framing = { framing: frame.framing, hessian };
    const responseProps = { [BOLT_RESULT_CODE_PROP]: outcome.resultCode, sofaTraceId: exchange.traceId };
    let bytes: Buffer;
    try {
      if (outcome.ok) {
        bytes = encodeSofaResponse(frame.id, { isError: false, errorMsg: null, appResponse: asJava(outcome.value, 'java.lang.Object'), responseProps }, framing);
      } else if (outcome.resultCode === String(ResultCodes.SofaRpcRequestDecodeError.code)) {
        // The caller's bytes were unreadable: Bolt's own status says so to any SOFARPC client.
        bytes = encodeSofaResponse(frame.id, { status: BoltResponseStatus.SERVER_DESERIAL_EXCEPTION, message: outcome.message }, framing);
      } else {
        bytes = encodeSofaResponse(frame.id, { isError: true, errorMsg: outcome.message, appResponse: null, responseProps }, framing);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      bytes = encodeSofaResponse(frame.id, { status: BoltResponseStatus.SERVER_SERIAL_EXCEPTION, message: `[7905 ResponseParamRenderError] ${message}` }, { framing: frame.framing });
    }
    this.socket.write(bytes);
  }
}

/** Starts the Bolt front on `host:port`. */
export function startBoltFront(handler: CallHandler, host: string, port: number): Promise<RpcListener> {
  return RpcListener.start(host, port, (socket) => new BoltFrontConnection(socket, handler));
}
