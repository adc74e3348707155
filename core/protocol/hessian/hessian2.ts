import hessian3 from 'hessian.js-1';
import { decodingPayload } from '../errors.js';
import { Hessian2Decoder } from './hessian2-decoder.js';
import { Hessian2Encoder } from './hessian2-encoder.js';

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
// as the bytes are copied out before the next call (encodeHessian2 does that). 4.x is our own
// encoder (the hot path), 3.x hessian.js-1's.
const encoder4 = new Hessian2Encoder();
const encoder3 = new hessian3.EncoderV2({ size: 16 * 1024 });

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
  encoder3.reset();
  for (const value of values) encoder3.write(value);
  return Buffer.from(encoder3.get());
}

/**
 * The flavour of a stream that starts with an object: a fresh 4.x stream must define a class first
 * ('C'), while 3.x defines it with 'O' (an instance reference in 4.x, impossible before any 'C').
 * Anything else decodes the same in both, so 4.x.
 */
export function detectHessianFlavor(buf: Buffer): HessianFlavor {
  return buf[0] === 0x4f ? '3.x' : '4.x';
}

/** Reads consecutive Hessian 2 values out of one buffer. */
export class Hessian2Reader {
  private readonly decoder: { read(): unknown; readonly position: number };
  private readonly length: number;

  constructor(
    private readonly what: string,
    buf: Buffer,
    readonly flavor: HessianFlavor = '4.x',
  ) {
    this.decoder = flavor === '4.x' ? new Hessian2Decoder(buf) : draftDecoder(buf);
    this.length = buf.length;
  }

  /** The next value; throws ProtocolError('bad-payload') on a malformed or truncated stream. */
  read(): unknown {
    return decodingPayload(this.what, () => {
      if (this.atEnd()) throw new Error('unexpected end of stream');
      return this.decoder.read();
    });
  }

  atEnd(): boolean {
    return this.decoder.position >= this.length;
  }
}

/** The 3.x flavour goes through hessian.js-1 (rare: legacy peers only). */
function draftDecoder(buf: Buffer): { read(): unknown; readonly position: number } {
  const decoder = new hessian3.DecoderV2(buf);
  return {
    read: () => decoder.read(),
    get position() {
      return decoder.byteBuffer.position();
    },
  };
}
