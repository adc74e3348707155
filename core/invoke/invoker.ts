import type { Readable } from 'node:stream';
import type { HeaderMap } from '../../sdk/plugin/exchange.js';
import type { CallExchange } from '../pipeline/call-exchange.js';

/**
 * Where an invoker delivers the upstream's answer. The pipeline implements it: `start` runs the
 * response phase and writes the head; `data`/`end` stream the body through without buffering.
 */
export interface UpstreamSink {
  /** True once the client got a complete answer without the upstream's body; stop streaming. */
  readonly finished: boolean;
  /**
   * Response head arrived; resolves (or returns) once the head is written to the client.
   * `headers` must be a fresh object without undefined values: the sink owns it from here on
   * (it adds the result-code header and may write it as is).
   */
  start(status: number, headers: HeaderMap): void | Promise<void>;
  /** A body chunk; returns false when the client is slow and the invoker should pause. */
  data(chunk: Buffer): boolean;
  /** Calls `resume` once the client can take more after `data` returned false. */
  onWritable(resume: () => void): void;
  /** The body is complete. */
  end(): void;
  /** Registers `abort` to run if the client goes away before the response completes. */
  onClientGone(abort: () => void): void;
}

/** The request body as the front offers it: nothing, a stream (default), or bytes read by a plugin. */
export interface RequestBody {
  /** Declared length: -1 when chunked/unknown, 0 when there is no body. */
  readonly declaredLength: number;
  /** The body as a stream, consumed at most once; null when there is none. */
  stream(): Readable | null;
  /** Reads the whole body, failing with result code 3990 past `limitBytes`. */
  readAll(limitBytes: number): Promise<Buffer>;
}

/** Sends one call to a backend and streams the answer into the sink. */
export interface Invoker {
  /** Back-protocol name recorded in the digest log (`Http`, `Mock`, …). */
  readonly protocolName: string;
  /**
   * Resolves once the response has been fully delivered to the sink; rejects with a GantryError
   * when the call fails (before or after the head was delivered — the caller checks which).
   */
  invoke(exchange: CallExchange, body: RequestBody, sink: UpstreamSink): Promise<void>;
}
