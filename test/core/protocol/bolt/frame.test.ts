import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BoltResponseStatus,
  boltFrameLength,
  decodeBoltFrame,
  encodeBoltFrame,
  type BoltFrame,
  type BoltRequest,
} from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';

const request: BoltRequest = {
  kind: 'request',
  framing: { version: 1, ver1: 1, crc: false },
  id: 0x01020304,
  codec: 1,
  oneway: false,
  timeoutMs: 3000,
  className: 'C',
  headers: { k: 'v' },
  content: Buffer.from([0xaa, 0xbb]),
};

describe('bolt frame - layout', () => {
  it('writes a v1 request byte for byte', () => {
    const buf = encodeBoltFrame(request);
    expect(buf.subarray(0, 22).toString('hex')).toBe(
      [
        '01', // proto v1
        '01', // type request
        '0001', // cmdcode request
        '01', // ver2
        '01020304', // id
        '01', // codec hessian2
        '00000bb8', // timeout 3000
        '0001', // class length
        '000a', // header map length: 4 + 'k' + 4 + 'v'
        '00000002', // content length
      ].join(''),
    );
    expect(buf.subarray(22, 23).toString('latin1')).toBe('C');
    expect(buf.subarray(23, 33).toString('hex')).toBe('000000016b' + '0000000176');
    expect(buf.subarray(33).toString('hex')).toBe('aabb');
  });

  it('writes a v2 response with the CRC32 of every preceding byte as trailer', () => {
    const frame: BoltFrame = {
      kind: 'response',
      framing: { version: 2, ver1: 2, crc: true },
      id: 9,
      codec: 1,
      status: BoltResponseStatus.SERVER_EXCEPTION,
      className: '',
      headers: {},
      content: Buffer.from('xyz'),
    };
    const buf = encodeBoltFrame(frame);
    // proto ver1 type cmdcode ver2 id codec switch status classLen headerLen contentLen
    expect(buf.subarray(0, 22).toString('hex')).toBe('02' + '02' + '00' + '0002' + '01' + '00000009' + '01' + '01' + '0002' + '0000' + '0000' + '00000003');
    expect(buf.length).toBe(22 + 3 + 4);
    expect(buf.readUInt32BE(25)).toBe(crc32(buf.subarray(0, 25)));
    expect(decodeBoltFrame(buf)).toEqual(frame);
  });

  it('encodes heartbeats as command code 0 with empty bodies', () => {
    const heartbeat = encodeBoltFrame({ kind: 'heartbeat', framing: { version: 1, ver1: 1, crc: false }, id: 5, codec: 1, timeoutMs: 1000 });
    expect(heartbeat.toString('hex')).toBe('01' + '01' + '0000' + '01' + '00000005' + '01' + '000003e8' + '0000' + '0000' + '00000000');
    const ack = encodeBoltFrame({ kind: 'heartbeat-ack', framing: { version: 1, ver1: 1, crc: false }, id: 5, codec: 1, status: 0 });
    expect(ack.toString('hex')).toBe('01' + '00' + '0000' + '01' + '00000005' + '01' + '0000' + '0000' + '0000' + '00000000');
  });

  it('round-trips requests, one-way requests and responses in both versions', () => {
    for (const framing of [
      { version: 1, ver1: 1, crc: false },
      { version: 2, ver1: 1, crc: false },
      { version: 2, ver1: 2, crc: true },
    ] as const) {
      for (const frame of [
        { ...request, framing },
        { ...request, framing, oneway: true, id: 0xffffffff },
        { kind: 'response', framing, id: 1, codec: 11, status: 0x12, className: 'X', headers: { a: 'é' }, content: Buffer.alloc(300, 1) },
        { kind: 'heartbeat', framing, id: 2, codec: 1, timeoutMs: 0 },
        { kind: 'heartbeat-ack', framing, id: 2, codec: 1, status: 0 },
      ] as BoltFrame[]) {
        const buf = encodeBoltFrame(frame);
        expect(boltFrameLength(buf)).toBe(buf.length);
        expect(decodeBoltFrame(buf)).toEqual(frame);
      }
    }
  });
});

describe('bolt frame - refusals', () => {
  it('refuses an unknown protocol code', () => {
    expect(reasonOf(() => boltFrameLength(Buffer.from([0x05])))).toBe('bad-magic');
  });

  it('refuses an unknown command type or code', () => {
    expect(reasonOf(() => boltFrameLength(Buffer.from([0x01, 0x07])))).toBe('unknown-command');
    const buf = encodeBoltFrame(request);
    buf.writeUInt16BE(9, 2);
    expect(reasonOf(() => decodeBoltFrame(buf))).toBe('unknown-command');
  });

  it('refuses negative lengths', () => {
    const buf = encodeBoltFrame(request);
    buf.writeInt32BE(-1, 18);
    expect(reasonOf(() => boltFrameLength(buf))).toBe('bad-length');
  });

  it('refuses a frame whose CRC32 trailer does not match', () => {
    const buf = encodeBoltFrame({ ...request, framing: { version: 2, ver1: 2, crc: true } });
    buf.writeUInt8(buf.readUInt8(buf.length - 6) ^ 0xff, buf.length - 6);
    expect(reasonOf(() => decodeBoltFrame(buf))).toBe('crc-mismatch');
  });

  it('refuses a buffer that is not exactly one frame', () => {
    const buf = encodeBoltFrame(request);
    expect(reasonOf(() => decodeBoltFrame(buf.subarray(0, buf.length - 1)))).toBe('bad-length');
    expect(reasonOf(() => decodeBoltFrame(Buffer.concat([buf, Buffer.alloc(1)])))).toBe('bad-length');
  });

  it('needs more bytes before the fixed header is complete', () => {
    const buf = encodeBoltFrame(request);
    for (let n = 0; n < 22; n++) expect(boltFrameLength(buf.subarray(0, n))).toBeUndefined();
  });
});
