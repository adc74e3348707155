import { describe, expect, it } from 'vitest';
import {
  decodeDubboFrame,
  decodeDubboRequest,
  encodeDubboFrame,
  encodeDubboRequest,
  toHessian,
  type DubboCall,
} from '../../../../core/protocol/index.js';
import { encodeHessian2 } from '../../../../core/protocol/hessian/hessian2.js';
import { reasonOf } from '../reason-of.js';

const call: DubboCall = {
  dubboVersion: '2.0.2',
  path: 'com.a.Echo',
  version: '1.0.0',
  method: 'echo',
  argTypes: ['java.lang.String', 'int', 'long[]'],
  args: [toHessian('hi', 'java.lang.String'), toHessian(7, 'int'), toHessian(['9007199254740993'], 'long[]')],
  attachments: { path: 'com.a.Echo', interface: 'com.a.Echo', version: '1.0.0', group: 'g', timeout: '3000' },
};

describe('dubbo request', () => {
  it('writes version, path, service version, method and descriptor first', () => {
    const frame = decodeDubboFrame(encodeDubboRequest(9n, call));
    expect(frame).toMatchObject({ id: 9n, isRequest: true, twoWay: true, event: false, serialization: 2 });
    expect(frame.body.subarray(0, 6)).toEqual(encodeHessian2(['2.0.2']));
    expect(frame.body.includes(Buffer.from('Ljava/lang/String;I[J'))).toBe(true);
  });

  it('round-trips the call', () => {
    expect(decodeDubboRequest(decodeDubboFrame(encodeDubboRequest(9n, call, { twoWay: false })))).toEqual({
      ...call,
      args: ['hi', 7, ['9007199254740993']],
    });
  });

  it('reads a Dubbox request, which has an int before the descriptor', () => {
    const body = encodeHessian2(['2.8.4', 'com.a.Echo', '', 'echo', -1, 'I', 5, { path: 'com.a.Echo' }]);
    const frame = decodeDubboFrame(encodeDubboFrame({ id: 1n, isRequest: true, twoWay: true, event: false, serialization: 2, status: 0, body }));
    expect(decodeDubboRequest(frame)).toMatchObject({ method: 'echo', argTypes: ['int'], args: [5], attachments: { path: 'com.a.Echo' } });
  });

  it('refuses a bad body, another serialization and a non-request frame', () => {
    const frame = decodeDubboFrame(encodeDubboRequest(9n, call));
    expect(reasonOf(() => decodeDubboRequest({ ...frame, body: encodeHessian2([1]) }))).toBe('bad-payload');
    expect(reasonOf(() => decodeDubboRequest({ ...frame, body: frame.body.subarray(0, 30) }))).toBe('bad-payload');
    expect(reasonOf(() => decodeDubboRequest({ ...frame, serialization: 6 }))).toBe('unsupported-codec');
    expect(reasonOf(() => decodeDubboRequest({ ...frame, isRequest: false }))).toBe('unknown-command');
    expect(reasonOf(() => encodeDubboRequest(1n, { ...call, args: [] }))).toBe('type-mismatch');
  });
});
