import { describe, expect, it } from 'vitest';
import { replyShapeFor, rpcArgumentsFor } from '../../../../core/invoke/rpc/rpc-invocation.js';
import { rpcToHttpRequest } from '../../../../core/invoke/rpc/rpc-to-http-request.js';
import type { RequestBody } from '../../../../core/invoke/invoker.js';
import { CallExchange } from '../../../../core/pipeline/call-exchange.js';
import { encodeHessian2 } from '../../../../core/protocol/hessian/hessian2.js';
import {
  JavaException, asJava, decodeBoltFrame, decodeDubboFrame, decodeDubboRequest, decodeSofaRequest, encodeDubboRequest, encodeSofaRequest,
  type BoltRequest,
} from '../../../../core/protocol/index.js';
import { javaTypedOrder } from '../../../support/java-typed-order.js';

// RPC → RPC: a front call's arguments, decoded in the java shape, go to the backend with the Java
// types the caller wrote; only untyped ones are typed by the declared parameter types. Consumers
// that want JSON (RPC → HTTP) get what they got before.

const order = javaTypedOrder();
const untypedMap = { when: new Date(1000), count: { $class: 'long', $: 7 }, item: { $class: 'com.x.Item', $: { sku: 'b' } } };
const ARG_TYPES = ['com.x.Order', 'java.util.Map', 'long', 'java.lang.String', 'java.util.Date'];
const ARGS = [order, untypedMap, 3, 'text', new Date(2000)];

const noBody: RequestBody = { declaredLength: 0, stream: () => null, readAll: () => Promise.resolve(Buffer.alloc(0)) };

function frontExchange(args: readonly unknown[]): CallExchange {
  const exchange = new CallExchange('bolt', 'POST', '/com.x.Front/take', '', {}, '127.0.0.1', 1, 0);
  exchange.rpc = { service: 'com.x.Front', version: '1.0', uniqueId: '', method: 'take', argTypes: ARG_TYPES, args };
  return exchange;
}

function callerFrame(): BoltRequest {
  return decodeBoltFrame(encodeSofaRequest(1, { service: 'com.x.Front:1.0', method: 'take', argTypes: ARG_TYPES, args: ARGS.map((arg, i) => asJava(arg, ARG_TYPES[i] as string)) })) as BoltRequest;
}

describe('RPC → RPC argument pass-through', () => {
  it('sends typed arguments on as they came, types the untyped ones by the declared types', async () => {
    const incoming = decodeSofaRequest(callerFrame(), { shape: 'java' });
    const { args, argTypes } = await rpcArgumentsFor(frontExchange(incoming.args), noBody, [], 1024);
    expect(argTypes).toEqual(ARG_TYPES);
    const outgoing = decodeSofaRequest(decodeBoltFrame(encodeSofaRequest(2, { service: 'com.x.Back:1.0', method: 'take', argTypes, args })) as BoltRequest, { shape: 'java' });
    expect(outgoing.args[0]).toEqual({ ...order, $: { ...order.$, at: new Date(0), items: (order.$.items as { $: unknown }).$ } });
    expect(outgoing.args[1]).toEqual(untypedMap);
    expect(outgoing.args[2]).toEqual({ $class: 'long', $: 3 });
    expect(outgoing.args[3]).toBe('text');
    expect(outgoing.args[4]).toEqual(new Date(2000));
  });

  it('goes the same way through Dubbo', async () => {
    const frame = decodeDubboFrame(encodeDubboRequest(1n, { dubboVersion: '2.0.2', path: 'com.x.Front', version: '1.0', method: 'take', argTypes: ARG_TYPES, args: ARGS.map((arg, i) => asJava(arg, ARG_TYPES[i] as string)), attachments: {} }));
    const incoming = decodeDubboRequest(frame, { shape: 'java' });
    const { args } = await rpcArgumentsFor(frontExchange(incoming.args), noBody, [], 1024);
    const again = decodeDubboRequest(decodeDubboFrame(encodeDubboRequest(2n, { dubboVersion: '2.0.2', path: 'com.x.Back', version: '', method: 'take', argTypes: ARG_TYPES, args, attachments: {} })), { shape: 'java' });
    expect(again.args).toEqual(incoming.args.map((arg, i) => (i === 2 ? { $class: 'long', $: 3 } : arg)));
  });

  it('gives RPC → HTTP the JSON it gave for typed arguments', () => {
    const frame = callerFrame();
    expect(rpcToHttpRequest(decodeSofaRequest(frame, { shape: 'java' }).args, undefined)).toEqual(rpcToHttpRequest(decodeSofaRequest(frame).args, undefined));
  });

  it('asks the invokers for replies in the java shape for RPC callers, json for HTTP callers', () => {
    expect(replyShapeFor(frontExchange([]))).toBe('java');
    expect(replyShapeFor(new CallExchange('http', 'GET', '/', '', {}, '127.0.0.1', 1, 0))).toBe('json');
  });

  it('lets the fronts encode any decoded value as java.lang.Object (no 7905)', () => {
    for (const value of [new Date(0), Buffer.from('x'), Number.NaN, Number.POSITIVE_INFINITY, new JavaException('x.BadException', { detailMessage: 'no' }), [new Date(0), Buffer.from('y')], { at: new Date(0) }]) {
      expect(() => encodeHessian2([asJava(value, 'java.lang.Object')])).not.toThrow();
    }
  });
});
