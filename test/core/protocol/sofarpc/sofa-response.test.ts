import { describe, expect, it } from 'vitest';
import {
  BoltResponseStatus,
  decodeBoltFrame,
  decodeSofaResponse,
  encodeSofaResponse,
  type BoltResponse,
} from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';

function decoded(buf: Buffer): BoltResponse {
  const frame = decodeBoltFrame(buf);
  if (frame.kind !== 'response') throw new Error(`expected a response, got ${frame.kind}`);
  return frame;
}

describe('sofarpc response', () => {
  for (const hessian of ['4.x', '3.x'] as const) {
    it(`round-trips a SofaResponse in Hessian ${hessian}`, () => {
      const buf = encodeSofaResponse(
        7,
        { isError: false, errorMsg: null, appResponse: { $class: 'com.a.Pojo', $: { n: 1 } }, responseProps: { k: 'v' } },
        { hessian },
      );
      expect(decodeSofaResponse(decoded(buf))).toEqual({
        ok: true,
        status: 0,
        result: { isError: false, errorMsg: null, appResponse: { n: 1 }, responseProps: { k: 'v' } },
      });
    });
  }

  it('flags a framework error in the header and the body', () => {
    const frame = decoded(encodeSofaResponse(7, { isError: true, errorMsg: 'no method', appResponse: null, responseProps: null }));
    expect(frame.headers).toEqual({ sofa_head_response_error: 'true' });
    expect(decodeSofaResponse(frame)).toMatchObject({ ok: true, result: { isError: true, errorMsg: 'no method' } });
  });

  it('carries a Bolt failure status with an RpcServerException message', () => {
    const frame = decoded(encodeSofaResponse(7, { status: BoltResponseStatus.SERVER_THREADPOOL_BUSY, message: 'busy' }));
    expect(frame.status).toBe(4);
    expect(decodeSofaResponse(frame)).toEqual({ ok: false, status: 4, message: 'busy' });
    expect(decodeSofaResponse({ ...frame, content: Buffer.alloc(0) })).toEqual({ ok: false, status: 4, message: '' });
  });

  it('refuses a server error with status SUCCESS and a body that is not a SofaResponse', () => {
    expect(reasonOf(() => encodeSofaResponse(1, { status: 0, message: 'x' }))).toBe('type-mismatch');
    const frame = decoded(encodeSofaResponse(7, { isError: false, errorMsg: null, appResponse: 1, responseProps: null }));
    expect(reasonOf(() => decodeSofaResponse({ ...frame, content: Buffer.from([0x91]) }))).toBe('bad-payload');
    expect(reasonOf(() => decodeSofaResponse({ ...frame, codec: 11 }))).toBe('unsupported-codec');
  });
});
