import { describe, expect, it } from 'vitest';
import {
  DubboResponseKind,
  DubboStatus,
  decodeDubboFrame,
  decodeDubboResponse,
  encodeDubboResponse,
  javaException,
  type DubboReply,
} from '../../../../core/protocol/index.js';
import { Hessian2Reader, encodeHessian2 } from '../../../../core/protocol/hessian/hessian2.js';
import { reasonOf } from '../reason-of.js';

function kindOf(buf: Buffer): unknown {
  return new Hessian2Reader('t', decodeDubboFrame(buf).body).read();
}

describe('dubbo response', () => {
  it('writes each reply kind with its number, with or without attachments', () => {
    const cases: [DubboReply, number][] = [
      [{ kind: 'exception', exception: javaException('java.lang.RuntimeException', 'x'), attachments: null }, DubboResponseKind.WITH_EXCEPTION],
      [{ kind: 'value', value: 1, attachments: null }, DubboResponseKind.VALUE],
      [{ kind: 'null', attachments: null }, DubboResponseKind.NULL_VALUE],
      [{ kind: 'exception', exception: javaException('java.lang.RuntimeException', 'x'), attachments: {} }, DubboResponseKind.WITH_EXCEPTION_WITH_ATTACHMENTS],
      [{ kind: 'value', value: 1, attachments: { a: 'b' } }, DubboResponseKind.VALUE_WITH_ATTACHMENTS],
      [{ kind: 'null', attachments: { a: 'b' } }, DubboResponseKind.NULL_VALUE_WITH_ATTACHMENTS],
    ];
    for (const [reply, kind] of cases) {
      const buf = encodeDubboResponse(3n, reply);
      expect(buf[3]).toBe(DubboStatus.OK);
      expect(kindOf(buf)).toBe(kind);
    }
  });

  it('round-trips values, nulls and attachments', () => {
    for (const reply of [
      { kind: 'value', value: { a: [1, 'x'] }, attachments: null },
      { kind: 'value', value: 'v', attachments: { trace: 't' } },
      { kind: 'null', attachments: null },
      { kind: 'null', attachments: { k: 'v' } },
    ] as DubboReply[]) {
      expect(decodeDubboResponse(decodeDubboFrame(encodeDubboResponse(3n, reply)))).toEqual(reply);
    }
  });

  it('decodes an exception reply into the Java exception', () => {
    const reply = decodeDubboResponse(decodeDubboFrame(encodeDubboResponse(3n, { kind: 'exception', exception: javaException('com.a.BizException', 'no stock'), attachments: null })));
    expect(reply.kind).toBe('exception');
    const exception = reply.kind === 'exception' ? reply.exception : undefined;
    expect(exception).toBeInstanceOf(Error);
    expect(exception).toMatchObject({ name: 'com.a.BizException', message: 'no stock' });
  });

  it('carries a non-OK status with its message', () => {
    const buf = encodeDubboResponse(3n, { kind: 'error', status: DubboStatus.SERVICE_NOT_FOUND, message: 'not found' });
    expect(buf[3]).toBe(60);
    expect(decodeDubboResponse(decodeDubboFrame(buf))).toEqual({ kind: 'error', status: 60, message: 'not found' });
    expect(reasonOf(() => encodeDubboResponse(1n, { kind: 'error', status: 20, message: '' }))).toBe('type-mismatch');
  });

  it("reads a bare falsy result without a kind (dubbo-remoting's quirk)", () => {
    const frame = decodeDubboFrame(encodeDubboResponse(3n, { kind: 'null', attachments: null }));
    expect(decodeDubboResponse({ ...frame, body: encodeHessian2([null]) })).toEqual({ kind: 'null', attachments: null });
    for (const value of [0, false, '']) {
      expect(decodeDubboResponse({ ...frame, body: encodeHessian2([value]) })).toEqual({ kind: 'value', value, attachments: null });
    }
  });

  it('refuses an unknown kind and a truncated body', () => {
    const frame = decodeDubboFrame(encodeDubboResponse(3n, { kind: 'value', value: 'v', attachments: null }));
    expect(reasonOf(() => decodeDubboResponse({ ...frame, body: encodeHessian2([9]) }))).toBe('bad-payload');
    expect(reasonOf(() => decodeDubboResponse({ ...frame, body: encodeHessian2([DubboResponseKind.VALUE]) }))).toBe('bad-payload');
    expect(reasonOf(() => decodeDubboResponse({ ...frame, body: encodeHessian2(['x']) }))).toBe('bad-payload');
    expect(reasonOf(() => decodeDubboResponse({ ...frame, isRequest: true }))).toBe('unknown-command');
  });
});
