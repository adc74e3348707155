import { describe, expect, it } from 'vitest';
import { BoltFrameDecoder, encodeBoltFrame, type BoltFrame } from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';

const frames: BoltFrame[] = [
  {
    kind: 'request',
    framing: { version: 1, ver1: 1, crc: false },
    id: 1,
    codec: 1,
    oneway: false,
    timeoutMs: 100,
    className: 'com.alipay.sofa.rpc.core.request.SofaRequest',
    headers: { service: 'a.B:1.0' },
    content: Buffer.alloc(700, 7),
  },
  { kind: 'heartbeat', framing: { version: 2, ver1: 2, crc: true }, id: 2, codec: 1, timeoutMs: 0 },
  {
    kind: 'response',
    framing: { version: 2, ver1: 2, crc: true },
    id: 3,
    codec: 1,
    status: 0,
    className: '',
    headers: {},
    content: Buffer.from('ok'),
  },
];
const stream = Buffer.concat(frames.map(encodeBoltFrame));

describe('bolt frame decoder', () => {
  it('returns coalesced frames in order from one chunk', () => {
    const decoder = new BoltFrameDecoder();
    expect(decoder.push(stream)).toEqual(frames);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('reassembles frames fed one byte at a time', () => {
    const decoder = new BoltFrameDecoder();
    const out: BoltFrame[] = [];
    for (const byte of stream) out.push(...decoder.push(Buffer.from([byte])));
    expect(out).toEqual(frames);
  });

  it('reassembles frames cut at every position', () => {
    for (let cut = 1; cut < stream.length; cut += 37) {
      const decoder = new BoltFrameDecoder();
      expect([...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))]).toEqual(frames);
    }
  });

  it('refuses a frame over the size limit from its header alone', () => {
    const decoder = new BoltFrameDecoder({ maxFrameBytes: 512 });
    const first = encodeBoltFrame(frames[0] as BoltFrame);
    expect(reasonOf(() => decoder.push(first.subarray(0, 22)))).toBe('frame-too-large');
  });

  it('refuses a huge declared length without waiting for it', () => {
    const decoder = new BoltFrameDecoder();
    const head = encodeBoltFrame(frames[0] as BoltFrame).subarray(0, 22);
    head.writeInt32BE(0x7fffffff, 18);
    expect(reasonOf(() => decoder.push(head))).toBe('frame-too-large');
  });

  it('stays failed after garbage', () => {
    const decoder = new BoltFrameDecoder();
    expect(reasonOf(() => decoder.push(Buffer.from('GET / HTTP/1.1\r\n')))).toBe('bad-magic');
    expect(reasonOf(() => decoder.push(stream))).toBe('bad-magic');
  });

  it('rejects a limit smaller than a header', () => {
    expect(() => new BoltFrameDecoder({ maxFrameBytes: 10 })).toThrow(RangeError);
  });
});
