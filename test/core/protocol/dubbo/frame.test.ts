import { describe, expect, it } from 'vitest';
import { decodeDubboFrame, dubboFrameLength, dubboStatusName, DubboStatus, encodeDubboFrame, type DubboFrame } from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';

const request: DubboFrame = {
  id: 0x0102030405060708n,
  isRequest: true,
  twoWay: true,
  event: false,
  serialization: 2,
  status: 0,
  body: Buffer.from('abc'),
};

describe('dubbo frame', () => {
  it('writes the 16-byte header byte for byte', () => {
    const buf = encodeDubboFrame(request);
    // magic, flags (request | two-way | hessian2), status, id, body length
    expect(buf.subarray(0, 16).toString('hex')).toBe('dabb' + 'c2' + '00' + '0102030405060708' + '00000003');
    const response = encodeDubboFrame({ ...request, isRequest: false, twoWay: false, status: DubboStatus.SERVICE_NOT_FOUND });
    expect(response.subarray(0, 4).toString('hex')).toBe('dabb' + '02' + '3c');
  });

  it('round-trips requests, one-way requests, events and responses', () => {
    for (const frame of [
      request,
      { ...request, twoWay: false },
      { ...request, event: true, body: Buffer.from([0x4e]) },
      { ...request, isRequest: false, twoWay: false, status: 20, id: 1n },
      { ...request, isRequest: false, twoWay: false, status: 100, id: (1n << 63n) - 1n },
    ]) {
      const buf = encodeDubboFrame(frame);
      expect(dubboFrameLength(buf)).toBe(buf.length);
      expect(decodeDubboFrame(buf)).toEqual(frame);
    }
  });

  it('refuses bad magic as soon as the first byte arrives', () => {
    expect(reasonOf(() => dubboFrameLength(Buffer.from([0x01])))).toBe('bad-magic');
    expect(reasonOf(() => dubboFrameLength(Buffer.from([0xda, 0x00])))).toBe('bad-magic');
    expect(dubboFrameLength(Buffer.from([0xda, 0xbb, 0xc2]))).toBeUndefined();
  });

  it('refuses a negative body length and a buffer that is not exactly one frame', () => {
    const buf = encodeDubboFrame(request);
    expect(reasonOf(() => decodeDubboFrame(buf.subarray(0, 18)))).toBe('bad-length');
    buf.writeInt32BE(-5, 12);
    expect(reasonOf(() => dubboFrameLength(buf))).toBe('bad-length');
  });

  it('names statuses', () => {
    expect(dubboStatusName(100)).toBe('SERVER_THREADPOOL_EXHAUSTED_ERROR');
    expect(dubboStatusName(42)).toBe('UNKNOWN(42)');
  });
});
