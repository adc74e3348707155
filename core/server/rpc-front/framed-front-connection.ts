import type { Socket } from 'node:net';
import type { CallExchange } from '../../pipeline/call-exchange.js';
import type { CallHandler } from '../../pipeline/call-handler.js';
import { EMPTY_REQUEST_BODY } from './empty-request-body.js';
import type { RpcConnection } from './rpc-listener.js';
import { rpcOutcomeOf, type RpcOutcome } from './rpc-outcome.js';
import { RpcReplyChannel } from './rpc-reply-channel.js';

/** A streaming frame decoder (the codecs' `BoltFrameDecoder`, `DubboFrameDecoder`). */
export interface FrameDecoder<F> {
  /** The whole frames the bytes so far complete; throws on a stream that cannot be trusted. */
  push(chunk: Buffer): F[];
}

/**
 * What the Bolt and Dubbo fronts share per accepted socket: frames cut from the byte stream (a
 * stream that fails to decode is closed — it cannot be trusted any more), calls run through the
 * pipeline with a reply channel each, and those channels told when the caller goes away.
 */
export abstract class FramedFrontConnection<F> implements RpcConnection {
  private readonly channels = new Set<RpcReplyChannel>();

  constructor(protected readonly socket: Socket, private readonly handler: CallHandler, private readonly decoder: FrameDecoder<F>) {}

  onData(chunk: Buffer): void {
    let frames: F[];
    try {
      frames = this.decoder.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const frame of frames) this.onFrame(frame);
  }

  onClose(): void {
    for (const channel of this.channels) channel.markGone();
    this.channels.clear();
  }

  /** Heartbeats, calls, or frames the front ignores. */
  protected abstract onFrame(frame: F): void;

  /** Runs one call through the pipeline; `answer` encodes its outcome onto the socket. */
  protected dispatch(exchange: CallExchange, answer: (outcome: RpcOutcome) => void): void {
    const channel = new RpcReplyChannel((reply) => {
      this.channels.delete(channel);
      answer(rpcOutcomeOf(exchange, reply));
    });
    this.channels.add(channel);
    void this.handler.handle(exchange, EMPTY_REQUEST_BODY, channel);
  }
}
