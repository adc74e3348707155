/**
 * What a multiplexed connection needs to know of one RPC protocol (Bolt or Dubbo): how to cut the
 * byte stream into frames, which pending call a frame answers, how to answer the peer's heartbeat,
 * and how to send one of its own.
 */

/** Request ids: Bolt's are 32-bit numbers, Dubbo's 64-bit bigints. */
export type RpcId = number | bigint;

/** A streaming frame decoder (the codecs' BoltFrameDecoder / DubboFrameDecoder). */
export interface FrameStream<F> {
  /** Whole frames completed by `chunk`; throws on garbage (the connection is then closed). */
  push(chunk: Buffer): F[];
}

/** What to do with one frame read from the peer. */
export type FrameRole =
  /** The answer to a pending call (or to our heartbeat). */
  | { readonly kind: 'reply'; readonly id: RpcId }
  /** The peer's heartbeat: send `reply` back. */
  | { readonly kind: 'ping'; readonly reply: Buffer }
  /** Nothing to do (an unexpected request on a client connection). */
  | { readonly kind: 'ignore' };

/** One protocol's side of a client connection. */
export interface RpcWire<F> {
  /** For errors and logs: `bolt`, `dubbo`. */
  readonly name: string;
  createDecoder(): FrameStream<F>;
  classify(frame: F): FrameRole;
  /** Allocates the next request id (wrapping as the protocol needs). */
  nextId(previous: RpcId): RpcId;
  /** Our heartbeat with id `id`, sent when the connection has been idle. */
  heartbeat(id: RpcId): Buffer;
}
