// The part of hessian.js 2.11 and hessian.js-1 1.12 (both untyped CommonJS) that core/protocol
// uses: their Hessian 2 ('2.0') encoder and decoder classes, which share one shape.

declare module 'hessian.js' {
  export interface HessianEncoderV2 {
    reset(): this;
    write(value: unknown): this;
    /** A view of the encoder's own buffer: copy it before the next reset. */
    get(): Buffer;
  }

  export interface HessianDecoderV2 {
    byteBuffer: { position(): number };
    /** withType keeps `{ $class, $ }` wrappers on decoded objects. */
    read(withType?: boolean): unknown;
  }

  /** module.exports of either package. */
  export interface HessianLibrary {
    EncoderV2: new (options?: { size?: number }) => HessianEncoderV2;
    DecoderV2: new (buf?: Buffer) => HessianDecoderV2;
    /** One value; the tests' independent encoder. */
    encode(value: unknown, version?: '1.0' | '2.0'): Buffer;
    /** The first value; withType keeps `{ $class, $ }` (the tests' referee). */
    decode(buf: Buffer, version?: '1.0' | '2.0', withType?: boolean): unknown;
  }

  const library: HessianLibrary;
  export default library;
}

declare module 'hessian.js-1' {
  import type { HessianLibrary } from 'hessian.js';

  const library: HessianLibrary;
  export default library;
}
