import { ProtocolError } from './errors.js';

/** Options of a streaming frame decoder. */
export interface FrameDecoderOptions {
  /** Largest whole frame accepted, header and trailer included, in bytes. */
  maxFrameBytes: number;
}

export function defaultFrameDecoderOptions(): FrameDecoderOptions {
  return { maxFrameBytes: 8 * 1024 * 1024 };
}

/** How one protocol frames its byte stream. */
export interface Framing<F> {
  /** Name used in error messages. */
  readonly protocol: string;
  /** Bytes that always suffice for `frameLength` to answer. */
  readonly headerBytes: number;
  /**
   * Total length of the frame starting at `head` (which holds up to `headerBytes` bytes), or
   * undefined when more bytes are needed to tell. Throws ProtocolError on garbage.
   */
  frameLength(head: Buffer): number | undefined;
  /** Decodes exactly one whole frame. */
  decode(frame: Buffer): F;
}

/**
 * Cuts a byte stream into frames. Chunks are kept as they arrive and joined once per frame, so a
 * large frame arriving in many small chunks costs one copy, and nothing is allocated for a declared
 * length before its bytes are there. After a ProtocolError the decoder stays failed.
 */
export class StreamFrameDecoder<F> {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private expected: number | undefined;
  private failure: ProtocolError | undefined;
  private readonly maxFrameBytes: number;

  constructor(
    private readonly framing: Framing<F>,
    options: Partial<FrameDecoderOptions> = {},
  ) {
    const resolved = { ...defaultFrameDecoderOptions(), ...options };
    if (!Number.isInteger(resolved.maxFrameBytes) || resolved.maxFrameBytes < framing.headerBytes) {
      throw new RangeError(`maxFrameBytes must be an integer >= ${framing.headerBytes}`);
    }
    this.maxFrameBytes = resolved.maxFrameBytes;
  }

  /** Bytes received but not yet returned as frames. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Feeds one chunk; returns every frame it completes, in order. */
  push(chunk: Buffer): F[] {
    if (this.failure) throw this.failure;
    try {
      return this.drain(chunk);
    } catch (err) {
      this.failure =
        err instanceof ProtocolError ? err : new ProtocolError('bad-payload', `${this.framing.protocol}: ${String(err)}`, { cause: err });
      this.chunks.length = 0;
      this.buffered = 0;
      throw this.failure;
    }
  }

  private drain(chunk: Buffer): F[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: F[] = [];
    while (this.buffered > 0) {
      if (this.expected === undefined) {
        const length = this.framing.frameLength(this.peek(Math.min(this.buffered, this.framing.headerBytes)));
        if (length === undefined) break;
        if (length > this.maxFrameBytes) {
          throw new ProtocolError(
            'frame-too-large',
            `${this.framing.protocol} frame of ${length} bytes exceeds the limit of ${this.maxFrameBytes}`,
          );
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      const frame = this.take(this.expected);
      this.expected = undefined;
      frames.push(this.framing.decode(frame));
    }
    return frames;
  }

  /** The first n buffered bytes, without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    return Buffer.concat(this.chunks, Math.min(n, this.buffered)).subarray(0, n);
  }

  /** Removes and returns the first n buffered bytes (n <= buffered). */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return first.subarray(0, n);
    }
    const parts: Buffer[] = [];
    let remaining = n;
    while (remaining > 0) {
      const head = this.chunks[0];
      if (!head) break;
      if (head.length <= remaining) {
        parts.push(head);
        this.chunks.shift();
        remaining -= head.length;
      } else {
        parts.push(head.subarray(0, remaining));
        this.chunks[0] = head.subarray(remaining);
        remaining = 0;
      }
    }
    this.buffered -= n;
    return Buffer.concat(parts, n);
  }
}
