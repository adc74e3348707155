import type { ReplyChannel } from '../../pipeline/reply-channel.js';

/** The answer the pipeline wrote for an RPC front call, before it is converted to a reply frame. */
export interface CollectedAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/**
 * The pipeline's client side for an RPC front call: the head and body it writes are collected
 * (an RPC reply is one frame, never streamed) and handed to `complete` once ended. The call's
 * connection going away marks the client gone, as a closed HTTP socket does.
 */
export class RpcReplyChannel implements ReplyChannel {
  private status = 0;
  private headers: Record<string, string | string[]> = {};
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private goneCallback: (() => void) | undefined;
  private gone = false;

  constructor(private readonly complete: (answer: CollectedAnswer) => void) {}

  get headersSent(): boolean {
    return this.status !== 0;
  }

  get clientGone(): boolean {
    return this.gone;
  }

  /** The connection closed: pending work for this call may stop. */
  markGone(): void {
    if (this.gone || this.ended) return;
    this.gone = true;
    this.goneCallback?.();
  }

  writeHead(status: number, headers: Record<string, string | string[]>): void {
    this.status = status;
    this.headers = headers;
  }

  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onDrain(resume: () => void): void {
    resume();
  }

  end(chunk?: Buffer | string): void {
    if (this.ended) return;
    if (chunk !== undefined) this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    this.ended = true;
    if (this.gone) return;
    this.complete({ status: this.status, headers: this.headers, body: Buffer.concat(this.chunks) });
  }

  destroy(): void {
    // A failure after the head: the answer is incomplete, so the caller gets an error frame.
    if (this.ended) return;
    this.ended = true;
    if (this.gone) return;
    const body = Buffer.from(JSON.stringify({ code: 5000, memo: 'UnknownError', tips: 'the answer was cut short', traceId: '' }));
    this.complete({ status: 502, headers: { 'x-gateway-result-code': '5000', 'content-type': 'application/json' }, body });
  }

  onClientGone(callback: () => void): void {
    this.goneCallback = callback;
  }
}
