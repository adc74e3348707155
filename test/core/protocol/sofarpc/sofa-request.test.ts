import { describe, expect, it } from 'vitest';
import {
  SOFA_REQUEST_CLASS,
  decodeBoltFrame,
  decodeSofaRequest,
  encodeBoltFrame,
  encodeSofaRequest,
  toHessian,
  type BoltRequest,
  type SofaCall,
} from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';

const call: SofaCall = {
  service: 'com.a.Echo:1.0',
  method: 'echo',
  argTypes: ['java.lang.String', 'long', 'com.a.Pojo'],
  args: [
    toHessian('hi', 'java.lang.String'),
    toHessian('9223372036854775807', 'long'),
    toHessian({ name: 'n', tags: ['a'] }, 'com.a.Pojo'),
  ],
  targetApp: 'echo-app',
  requestProps: { rpc_trace_context: { sofaTraceId: 't', sofaRpcId: '0.1' } },
};

function decoded(buf: Buffer): BoltRequest {
  const frame = decodeBoltFrame(buf);
  if (frame.kind !== 'request') throw new Error(`expected a request, got ${frame.kind}`);
  return frame;
}

describe('sofarpc request', () => {
  it('frames a hessian2 SofaRequest with routing headers', () => {
    const frame = decoded(encodeSofaRequest(42, call, { timeoutMs: 500, framing: { version: 2, ver1: 2, crc: true } }));
    expect(frame).toMatchObject({ id: 42, codec: 1, oneway: false, timeoutMs: 500, className: SOFA_REQUEST_CLASS });
    expect(frame.framing).toEqual({ version: 2, ver1: 2, crc: true });
    expect(frame.headers).toMatchObject({ service: 'com.a.Echo:1.0', sofa_head_method_name: 'echo', 'rpc_trace_context.sofaTraceId': 't' });
  });

  for (const hessian of ['4.x', '3.x'] as const) {
    it(`round-trips the call in Hessian ${hessian}, a max long exactly`, () => {
      const back = decodeSofaRequest(decoded(encodeSofaRequest(1, call, { hessian })));
      expect(back).toEqual({
        service: call.service,
        method: 'echo',
        argTypes: call.argTypes,
        args: ['hi', '9223372036854775807', { name: 'n', tags: ['a'] }],
        targetApp: 'echo-app',
        requestProps: call.requestProps,
        hessian,
      });
    });
  }

  it('marks one-way requests', () => {
    expect(decoded(encodeSofaRequest(1, call, { oneway: true })).oneway).toBe(true);
  });

  it('refuses arguments that do not match the declared types', () => {
    expect(reasonOf(() => encodeSofaRequest(1, { ...call, argTypes: ['int'] }))).toBe('type-mismatch');
  });

  it('refuses a protobuf frame and a body that is not a SofaRequest', () => {
    const frame = decoded(encodeSofaRequest(1, call));
    expect(reasonOf(() => decodeSofaRequest({ ...frame, codec: 11 }))).toBe('unsupported-codec');
    const notRequest = decoded(encodeBoltFrame({ ...frame, content: Buffer.from([0x91]) }));
    expect(reasonOf(() => decodeSofaRequest(notRequest))).toBe('bad-payload');
    expect(reasonOf(() => decodeSofaRequest({ ...frame, content: frame.content.subarray(0, 40) }))).toBe('bad-payload');
  });
});
