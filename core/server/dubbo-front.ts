/**
 * The Dubbo front: Dubbo 2 invocations arriving on `listen.dubbo` are routed by interface (+version,
 * group) and method to an API (see pipeline/rpc-route.ts), run through the same pipeline as HTTP
 * calls, and answered with a Dubbo response. Heartbeat events are answered.
 *
 * | request                                  | answer                                         |
 * |------------------------------------------|------------------------------------------------|
 * | heartbeat event                          | heartbeat response                             |
 * | body not a hessian2 invocation           | status 40 BAD_REQUEST "[4101 …]" (via pipeline) |
 * | routed call, success                     | VALUE / NULL_VALUE (with attachments ≥ 2.0.2)  |
 * | routed call, failure                     | WITH_EXCEPTION, message "[code memo] tips"     |
 * | garbage framing                          | connection closed                              |
 * The trace id comes from the `traceId` attachment and goes back in the reply's attachments.
 */
import type { Socket } from 'node:net';
import { DUBBO_TRACE_ATTACHMENT } from '../invoke/dubbo/dubbo-invoker.js';
import { CallExchange } from '../pipeline/call-exchange.js';
import type { CallHandler } from '../pipeline/call-handler.js';
import { gantryError, type GantryError } from '../pipeline/gantry-error.js';
import { ResultCodes } from '../pipeline/result-codes.js';
import {
  DubboFrameDecoder, DubboStatus, asJava, decodeDubboRequest, encodeDubboHeartbeat, encodeDubboResponse, isProtocolError, javaException,
  type DecodedDubboCall, type DubboFrame, type DubboReply,
} from '../protocol/index.js';
import { FramedFrontConnection } from './rpc-front/framed-front-connection.js';
import { RpcListener, headerMapOf } from './rpc-front/rpc-listener.js';
import type { RpcOutcome } from './rpc-front/rpc-outcome.js';

/** Attachment carrying the gateway's result code back to the caller. */
export const DUBBO_RESULT_CODE_ATTACHMENT = 'x-gateway-result-code';

/** Dubbo versions from 2.0.2 on read replies with attachments. */
function readsAttachments(dubboVersion: string): boolean {
  const [major = 0, minor = 0, patch = 0] = dubboVersion.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return major > 2 || (major === 2 && (minor > 0 || patch >= 2));
}

class DubboFrontConnection extends FramedFrontConnection<DubboFrame> {
  constructor(socket: Socket, handler: CallHandler) {
    super(socket, handler, new DubboFrameDecoder());
  }

  protected onFrame(frame: DubboFrame): void {
    if (!frame.isRequest) return;
    if (frame.event) {
      if (frame.twoWay) this.socket.write(encodeDubboHeartbeat(frame.id, { isRequest: false }));
      return;
    }
    if (frame.twoWay) this.call(frame);
  }

  private call(frame: DubboFrame): void {
    const startedAt = performance.now();
    let call: DecodedDubboCall | undefined;
    let refusal: GantryError | undefined;
    try {
      // Arguments keep their Java types for an RPC backend (fromHessian gives others their JSON).
      call = decodeDubboRequest(frame, { shape: 'java' });
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      refusal = gantryError('SofaRpcRequestDecodeError', { detail: 'rpc.request-decode-failed', tips: error.message });
    }
    const attachments = call?.attachments ?? {};
    const group = typeof attachments.group === 'string' ? attachments.group : '';
    const service = call?.path ?? '';
    const method = call?.method ?? '';
    const exchange = new CallExchange('dubbo', 'POST', `/${service}/${method}`, '', headerMapOf(attachments), this.socket.remoteAddress ?? '-', this.socket.remotePort ?? 0, startedAt);
    exchange.rpc = { service, version: call?.version ?? '', uniqueId: group, method, argTypes: call?.argTypes ?? [], args: call?.args ?? [], ...(refusal === undefined ? {} : { refusal }) };
    const trace = attachments[DUBBO_TRACE_ATTACHMENT];
    if (typeof trace === 'string' && trace !== '') {
      exchange.traceId = trace;
      exchange.clientTraceId = trace;
    }
    const withAttachments = call !== undefined && readsAttachments(call.dubboVersion);
    this.dispatch(exchange, (outcome) => this.reply(frame.id, withAttachments, exchange, outcome));
  }

  private reply(id: bigint, withAttachments: boolean, exchange: CallExchange, outcome: RpcOutcome): void {
    if (this.socket.destroyed) return;
    const attachments = withAttachments ? { [DUBBO_RESULT_CODE_ATTACHMENT]: outcome.resultCode, [DUBBO_TRACE_ATTACHMENT]: exchange.traceId } : null;
    let reply: DubboReply;
    let bytes: Buffer;
    try {
      // Unreadable bytes are Dubbo's BAD_REQUEST; every other failure is an exception the caller can read.
      if (!outcome.ok && outcome.resultCode === String(ResultCodes.SofaRpcRequestDecodeError.code)) reply = { kind: 'error', status: DubboStatus.BAD_REQUEST, message: outcome.message };
      else if (!outcome.ok) reply = { kind: 'exception', exception: javaException('java.lang.RuntimeException', outcome.message), attachments };
      else if (outcome.value === null || outcome.value === undefined) reply = { kind: 'null', attachments };
      else reply = { kind: 'value', value: asJava(outcome.value, 'java.lang.Object'), attachments };
      bytes = encodeDubboResponse(id, reply);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      bytes = encodeDubboResponse(id, { kind: 'error', status: DubboStatus.BAD_RESPONSE, message: `[7905 ResponseParamRenderError] ${message}` });
    }
    this.socket.write(bytes);
  }
}

/** Starts the Dubbo front on `host:port`. */
export function startDubboFront(handler: CallHandler, host: string, port: number): Promise<RpcListener> {
  return RpcListener.start(host, port, (socket) => new DubboFrontConnection(socket, handler));
}
