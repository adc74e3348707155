import { describe, expect, it } from 'vitest';
import { DubboFrameDecoder, decodeDubboFrame, encodeDubboHeartbeat, encodeDubboResponse, type DubboFrame } from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';

const encoded = [
  encodeDubboHeartbeat(1n, { isRequest: true }),
  encodeDubboResponse(2n, { kind: 'value', value: 'x'.repeat(500), attachments: null }),
  encodeDubboResponse(3n, { kind: 'null', attachments: null }),
];
const frames: DubboFrame[] = encoded.map(decodeDubboFrame);
const stream = Buffer.concat(encoded);

describe('dubbo frame decoder', () => {
  it('returns coalesced frames and reassembles split ones', () => {
    expect(new DubboFrameDecoder().push(stream)).toEqual(frames);
    const decoder = new DubboFrameDecoder();
    const out: DubboFrame[] = [];
    for (const byte of stream) out.push(...decoder.push(Buffer.from([byte])));
    expect(out).toEqual(frames);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('refuses an over-size frame from its header alone and then stays failed', () => {
    const decoder = new DubboFrameDecoder({ maxFrameBytes: 100 });
    expect(decoder.push(stream.subarray(0, 17))).toHaveLength(1);
    expect(reasonOf(() => decoder.push(stream.subarray(17, 17 + 16)))).toBe('frame-too-large');
    expect(reasonOf(() => decoder.push(Buffer.alloc(0)))).toBe('frame-too-large');
  });
});
