import { describe, expect, it } from 'vitest';
import { decodeDubboEvent, decodeDubboFrame, encodeDubboFrame, encodeDubboHeartbeat } from '../../../../core/protocol/index.js';
import { encodeHessian2 } from '../../../../core/protocol/hessian/hessian2.js';

describe('dubbo events', () => {
  it('writes heartbeats as event frames with a null body', () => {
    expect(encodeDubboHeartbeat(7n, { isRequest: true }).toString('hex')).toBe('dabb' + 'e2' + '00' + '0000000000000007' + '00000001' + '4e');
    expect(encodeDubboHeartbeat(7n, { isRequest: false }).toString('hex')).toBe('dabb' + '22' + '14' + '0000000000000007' + '00000001' + '4e');
  });

  it('tells heartbeats from other events', () => {
    expect(decodeDubboEvent(decodeDubboFrame(encodeDubboHeartbeat(1n, { isRequest: true })))).toEqual({ heartbeat: true, data: null });
    const readonly = encodeDubboFrame({ id: 1n, isRequest: true, twoWay: false, event: true, serialization: 2, status: 0, body: encodeHessian2(['R']) });
    expect(decodeDubboEvent(decodeDubboFrame(readonly))).toEqual({ heartbeat: false, data: 'R' });
    const empty = encodeDubboFrame({ id: 1n, isRequest: false, twoWay: false, event: true, serialization: 2, status: 20, body: Buffer.alloc(0) });
    expect(decodeDubboEvent(decodeDubboFrame(empty)).heartbeat).toBe(true);
  });
});
