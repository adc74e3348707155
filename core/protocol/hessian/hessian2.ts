import type { HessianDecoderV2 } from 'hessian.js';
import hessian3 from 'hessian.js-1';
import { decodingPayload } from '../errors.js';
import type { ByteWriter } from '../byte-writer.js';
import { JavaJsonEncoder } from '../java/java-json-encoder.js';
import { fromHessian, typedCopy, type HessianValue } from '../java/java-types.js';
import { Hessian2Decoder, JsonFallback } from './hessian2-decoder.js';

/**
 * Which Hessian 2 byte codes a peer speaks. '4.x' is the final Hessian 2.0 spec (Java Hessian
 * 4.0.x, SOFA-Hessian, Dubbo hessian-lite; hessian.js 2.x). '3.x' is the draft Java Hessian
 * 3.1.x wrote (hessian.js-1; sofa-rpc-node's default). They agree on scalars and strings but not
 * on objects, lists and maps, so the encoder must be told; the decoders detect it (see below).
 * 4.x is written and read by our own Hessian2Encoder / Hessian2Decoder (the hot path, checked
 * against hessian.js in tests); 3.x goes through hessian.js-1.
 */
export type HessianFlavor = '4.x' | '3.x';

// One encoder per flavour and process: encoding is synchronous, so sharing a buffer is safe as long
// as the bytes are copied out before the next call (encodeHessian2 and the frame encoders do that).
// 4.x is our own encoder (the hot path; it also writes asJava's values), 3.x hessian.js-1's.
const encoder4 = new JavaJsonEncoder();
const encoder3 = new hessian3.EncoderV2({ size: 16 * 1024 });

/**
 * The process's output buffer for one whole frame, emptied: a frame encoder writes its header
 * into it, appendHessian2 the body behind, and the frame encoder copies the frame out before
 * returning. Synchronous use only.
 */
export function frameWriter(): ByteWriter {
  encoder4.reset();
  return encoder4;
}

/**
 * Writes values as one Hessian 2 stream behind what frameWriter() already holds (class
 * definitions and refs shared across the values, as in encodeHessian2).
 */
export function appendHessian2(values: readonly unknown[], flavor: HessianFlavor = '4.x'): void {
  if (flavor === '4.x') {
    encoder4.startStream();
    for (const value of values) encoder4.write(value);
    return;
  }
  encoder4.raw(encodeDraft(values));
}

/**
 * Writes values as one Hessian 2 stream (class definitions and refs shared across them, as Java's
 * Hessian2Output does for a Dubbo body or a SofaRequest followed by its arguments).
 */
export function encodeHessian2(values: readonly unknown[], flavor: HessianFlavor = '4.x'): Buffer {
  if (flavor === '4.x') {
    encoder4.reset();
    for (const value of values) encoder4.write(value);
    return encoder4.bytes();
  }
  return Buffer.from(encodeDraft(values));
}

/** hessian.js-1 knows no JsonAsJava: a top-level one (asJava's arguments) is typed first. */
function encodeDraft(values: readonly unknown[]): Buffer {
  encoder3.reset();
  for (const value of values) encoder3.write(typedCopy(value as HessianValue));
  return encoder3.get();
}

/**
 * The flavour of a stream that starts with an object: a fresh 4.x stream must define a class first
 * ('C'), while 3.x defines it with 'O' (an instance reference in 4.x, impossible before any 'C').
 * Anything else decodes the same in both, so 4.x.
 */
export function detectHessianFlavor(buf: Buffer): HessianFlavor {
  return buf[0] === 0x4f ? '3.x' : '4.x';
}

/**
 * What a reader returns: 'typed' the decoder's values (hessian.js's shapes), 'json' what
 * fromHessian would make of them — for callers that only want JSON (the invokers answering HTTP),
 * made in the decoding walk itself with the 4.x decoder — and 'java' values that keep their Java
 * types for the encoder to write back (java-shape.ts): for RPC → RPC pass-through.
 */
export type HessianShape = 'typed' | 'json' | 'java';

/** The shapes a reader can switch between value by value (json is fixed: its references hold JSON). */
export type ValueShape = 'typed' | 'java';

/** What a reader reads with: Hessian2Decoder (4.x), or DraftDecoder (3.x). Classes, not object literals: a literal with a getter gets a map of its own, and the reader's property loads would go megamorphic (measured: +50% on bench:codec). */
interface ValueDecoder {
  readShaped(java: boolean): unknown;
  readonly position: number;
}

/** Reads consecutive Hessian 2 values out of one buffer. */
export class Hessian2Reader {
  private decoder: ValueDecoder;
  /** Values still need fromHessian: json wanted from a decoder that gives typed values. */
  private convert: boolean;
  private valuesRead = 0;
  private readonly java: boolean;

  constructor(
    private readonly what: string,
    private readonly buf: Buffer,
    readonly flavor: HessianFlavor = '4.x',
    shape: HessianShape = 'typed',
  ) {
    const json = shape === 'json';
    this.decoder = flavor === '4.x' ? new Hessian2Decoder(buf, json) : new DraftDecoder(buf);
    this.convert = json && flavor !== '4.x';
    this.java = shape === 'java';
  }

  /**
   * The next value, in the reader's shape or (for a reader not made for 'json') in `shape`: a
   * frame's envelope typed, its arguments or result in the java shape. Throws
   * ProtocolError('bad-payload') on a malformed or truncated stream.
   */
  read(shape?: ValueShape): unknown {
    return decodingPayload(this.what, () => {
      if (this.atEnd()) throw new Error('unexpected end of stream');
      let value: unknown;
      try {
        value = this.decoder.readShaped(shape === undefined ? this.java : shape === 'java');
      } catch (error) {
        if (!(error instanceof JsonFallback)) throw error;
        value = this.typedFromHere();
      }
      this.valuesRead++;
      return this.convert ? fromHessian(value) : value;
    });
  }

  atEnd(): boolean {
    return this.decoder.position >= this.buf.length;
  }

  /**
   * The json decoder met what only the typed path answers exactly: re-read the stream typed up
   * to this value (references and class definitions span values) and convert from here on.
   */
  private typedFromHere(): unknown {
    const typed = new Hessian2Decoder(this.buf);
    for (let i = 0; i < this.valuesRead; i++) typed.read();
    this.decoder = typed;
    this.convert = true;
    return typed.read();
  }
}

/**
 * The 3.x flavour goes through hessian.js-1 (rare: legacy peers only). Its withType read is the
 * java shape: POJOs, typed lists and maps, longs, doubles, dates and booleans as `{ $class, $ }`
 * (exceptions stay wrapped too, as its typed read leaves them plain objects).
 */
class DraftDecoder implements ValueDecoder {
  private readonly decoder: HessianDecoderV2;

  constructor(buf: Buffer) {
    this.decoder = new hessian3.DecoderV2(buf);
  }

  readShaped(java: boolean): unknown {
    return this.decoder.read(java);
  }

  get position(): number {
    return this.decoder.byteBuffer.position();
  }
}
