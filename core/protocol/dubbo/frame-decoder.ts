import { StreamFrameDecoder, type FrameDecoderOptions } from '../frame-decoder.js';
import { DUBBO_HEADER_BYTES } from './constants.js';
import { decodeDubboFrame, dubboFrameLength, type DubboFrame } from './frame.js';

/** Cuts a Dubbo byte stream into frames (header decoded, body raw). */
export class DubboFrameDecoder extends StreamFrameDecoder<DubboFrame> {
  constructor(options: Partial<FrameDecoderOptions> = {}) {
    super({ protocol: 'dubbo', headerBytes: DUBBO_HEADER_BYTES, frameLength: dubboFrameLength, decode: decodeDubboFrame }, options);
  }
}
