import { StreamFrameDecoder, type FrameDecoderOptions } from '../frame-decoder.js';
import { BOLT_MAX_HEADER_BYTES, boltFrameLength, decodeBoltFrame, type BoltFrame } from './frame.js';

/** Cuts a Bolt byte stream (v1 and v2 frames, mixed) into decoded frames. */
export class BoltFrameDecoder extends StreamFrameDecoder<BoltFrame> {
  constructor(options: Partial<FrameDecoderOptions> = {}) {
    super({ protocol: 'bolt', headerBytes: BOLT_MAX_HEADER_BYTES, frameLength: boltFrameLength, decode: decodeBoltFrame }, options);
  }
}
