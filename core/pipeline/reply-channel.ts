/**
 * The client side of one call, as the pipeline writes to it. The HTTP listener implements it over
 * `ServerResponse`; the RPC listeners will implement it over their frames.
 */
export interface ReplyChannel {
  readonly headersSent: boolean;
  /** True once the client closed the connection before its answer was complete. */
  readonly clientGone: boolean;
  writeHead(status: number, headers: Record<string, string | string[]>): void;
  /** Returns false when the client is slow; wait for `onDrain` before writing more. */
  write(chunk: Buffer): boolean;
  onDrain(resume: () => void): void;
  end(chunk?: Buffer | string): void;
  /** Cuts the connection: the only honest signal once a partial response has been sent. */
  destroy(): void;
  /** Runs `callback` if the client goes away before the response is finished (one slot). */
  onClientGone(callback: () => void): void;
}
