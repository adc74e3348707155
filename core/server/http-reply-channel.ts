import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReplyChannel } from '../pipeline/reply-channel.js';

/**
 * True while a request body is still on its way. `complete` alone is not enough: a request without
 * a body is handled before Node's parser marks it complete, and closing those connections would
 * cost every gateway-made answer (mocks, route misses, plugin replies) a new TCP connection.
 */
function bodyStillArriving(request: IncomingMessage): boolean {
  if (request.complete) return false;
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/** The pipeline's view of a Node `ServerResponse`. */
export class HttpReplyChannel implements ReplyChannel {
  private gone: (() => void) | undefined;
  private watching = false;

  constructor(private readonly response: ServerResponse, private readonly closeAfter: () => boolean) {}

  get headersSent(): boolean {
    return this.response.headersSent;
  }

  get clientGone(): boolean {
    // Node marks the response destroyed when its socket closes (and `req.socket` may be null by then).
    return this.response.destroyed && !this.response.writableFinished;
  }

  writeHead(status: number, headers: Record<string, string | string[]>): void {
    // While draining, tell keep-alive clients to reconnect elsewhere. An answer made before the
    // request body has fully arrived (413, a route miss, a plugin reply) closes too: keeping the
    // connection would make Node read and discard the rest of the body, however large it claims to be.
    if (this.closeAfter() || bodyStillArriving(this.response.req)) headers.connection = 'close';
    this.response.writeHead(status, headers);
  }

  write(chunk: Buffer): boolean {
    return this.response.write(chunk);
  }

  onDrain(resume: () => void): void {
    this.response.once('drain', resume);
  }

  end(chunk?: Buffer | string): void {
    if (chunk === undefined) this.response.end();
    else this.response.end(chunk);
  }

  destroy(): void {
    this.response.destroy();
  }

  onClientGone(callback: () => void): void {
    this.gone = callback;
    if (this.watching) return;
    this.watching = true;
    this.response.once('close', () => {
      if (!this.response.writableFinished) this.gone?.();
    });
  }
}
