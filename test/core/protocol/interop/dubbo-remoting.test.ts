import { describe, expect, it } from 'vitest';
import {
  DubboFrameDecoder,
  decodeDubboEvent,
  decodeDubboRequest,
  decodeDubboResponse,
  encodeDubboHeartbeat,
  encodeDubboRequest,
  encodeDubboResponse,
  javaException,
  toHessian,
  type DubboFrame,
  type DubboReply,
} from '../../../../core/protocol/index.js';
import { dubboProtocol, dubboRemoting, type PeerPacket } from './peers.js';

// Codec-level interop with dubbo-remoting 2.1.4 (an independent Dubbo 2 implementation).

function only(frames: DubboFrame[]): DubboFrame {
  expect(frames).toHaveLength(1);
  return frames[0] as DubboFrame;
}

describe('interop dubbo-remoting - our frames, their decoder', () => {
  it('decodes our request with its path, version, descriptor, arguments and attachments', () => {
    const buf = encodeDubboRequest(5n, {
      dubboVersion: '2.0.2',
      path: 'com.a.Echo',
      version: '1.0.0',
      method: 'echo',
      argTypes: ['java.lang.String', 'int', 'java.util.List', 'long'],
      args: [toHessian('hi', 'java.lang.String'), toHessian(3, 'int'), toHessian([1, 'x'], 'java.util.List'), toHessian('9007199254740993', 'long')],
      attachments: { path: 'com.a.Echo', interface: 'com.a.Echo', version: '1.0.0', group: 'g' },
    });
    expect(dubboProtocol.decode(buf, {})).toMatchObject({
      packetId: 5,
      packetType: 'request',
      data: {
        methodName: 'echo',
        serverSignature: 'com.a.Echo:1.0.0',
        args: ['hi', 3, [1, 'x'], '9007199254740993'],
        methodArgSigs: ['java.lang.String', 'int', 'java.util.List', 'long'],
        requestProps: { dubbo: '2.0.2', path: 'com.a.Echo', interface: 'com.a.Echo', version: '1.0.0', group: 'g' },
      },
    });
  });

  it('decodes every reply kind we write', () => {
    const cases: [DubboReply, Record<string, unknown>][] = [
      [{ kind: 'value', value: { $class: 'com.a.Pojo', $: { a: 1 } }, attachments: null }, { appResponse: { a: 1 }, error: null }],
      [{ kind: 'null', attachments: null }, { appResponse: null, error: null }],
      [{ kind: 'value', value: 'v', attachments: { t: '1' } }, { appResponse: 'v', responseProps: { t: '1' } }],
      [{ kind: 'null', attachments: { t: '1' } }, { appResponse: null, responseProps: { t: '1' } }],
    ];
    for (const [reply, data] of cases) expect(dubboProtocol.decode(encodeDubboResponse(6n, reply), {})).toMatchObject({ packetType: 'response', data });

    for (const attachments of [null, { t: '1' }]) {
      const exception = dubboProtocol.decode(encodeDubboResponse(6n, { kind: 'exception', exception: javaException('com.a.BizException', 'no stock'), attachments }), {});
      expect((exception.data as { error: Error }).error).toMatchObject({ name: 'com.a.BizException', message: 'no stock' });
    }

    const failed = dubboProtocol.decode(encodeDubboResponse(6n, { kind: 'error', status: 60, message: 'no provider' }), {});
    expect((failed.data as { error: Error }).error.message).toBe('no provider');
  });

  it('decodes our heartbeats, byte for byte equal to its own', () => {
    expect(encodeDubboHeartbeat(7n, { isRequest: true })).toEqual(dubboProtocol.heartbeatEncode(7, {}, {}));
    expect(encodeDubboHeartbeat(7n, { isRequest: false })).toEqual(dubboProtocol.heartbeatAckEncode(7, {}));
    expect(dubboProtocol.decode(encodeDubboHeartbeat(8n, { isRequest: true }), {})).toMatchObject({ packetId: 8, packetType: 'heartbeat' });
  });

  it('cuts our coalesced frames with its streaming decoder', async () => {
    const decoder = dubboRemoting.decoder({});
    const seen: PeerPacket[] = [];
    for (const type of ['request', 'response', 'heartbeat', 'heartbeat_ack']) decoder.on(type, (packet: PeerPacket) => seen.push(packet));
    const stream = Buffer.concat([
      encodeDubboHeartbeat(1n, { isRequest: true }),
      encodeDubboResponse(2n, { kind: 'value', value: 'x'.repeat(3000), attachments: null }),
      encodeDubboHeartbeat(3n, { isRequest: false }),
    ]);
    await new Promise<void>((resolve, reject) => decoder.write(stream, (err) => (err ? reject(err) : resolve())));
    expect(seen.map((p) => [p.packetType, p.packetId])).toEqual([
      ['heartbeat', 1],
      ['response', 2],
      ['heartbeat_ack', 3],
    ]);
  });
});

describe('interop dubbo-remoting - their frames, our decoder', () => {
  it('decodes their request', () => {
    const frame = only(
      new DubboFrameDecoder().push(
        dubboProtocol.requestEncode(
          9,
          {
            serverSignature: 'com.a.Echo:1.0.0',
            methodName: 'echo',
            args: [{ $class: 'java.lang.String', $: 'hi' }, { $class: 'int', $: 3 }, { $class: 'com.a.Pojo', $: { x: 1 } }, { $class: '[int', $: [1, 2] }],
            requestProps: { trace: 't' },
          },
          {},
        ),
      ),
    );
    expect(frame).toMatchObject({ id: 9n, isRequest: true, twoWay: true, event: false, serialization: 2 });
    expect(decodeDubboRequest(frame)).toEqual({
      dubboVersion: '5.3.0',
      path: 'com.a.Echo',
      version: '1.0.0',
      method: 'echo',
      argTypes: ['java.lang.String', 'int', 'com.a.Pojo', 'int[]'],
      args: ['hi', 3, { x: 1 }, [1, 2]],
      attachments: { dubbo: '5.3.0', path: 'com.a.Echo', version: '1.0.0', group: '', trace: 't' },
    });
  });

  it('decodes their value, null, exception and error responses', () => {
    const decoder = new DubboFrameDecoder();
    const value = only(decoder.push(dubboProtocol.responseEncode(9, { appResponse: { $class: 'com.a.Pojo', $: { y: 2 } } }, {})));
    expect(decodeDubboResponse(value)).toEqual({ kind: 'value', value: { y: 2 }, attachments: null });
    const nothing = only(decoder.push(dubboProtocol.responseEncode(9, { appResponse: null }, {})));
    // dubbo-remoting writes a falsy result as the bare Hessian value, without a kind.
    expect(decodeDubboResponse(nothing)).toEqual({ kind: 'null', attachments: null });
    for (const falsy of [0, false, '']) {
      const bare = only(decoder.push(dubboProtocol.responseEncode(9, { appResponse: falsy }, {})));
      expect(decodeDubboResponse(bare)).toEqual({ kind: 'value', value: falsy, attachments: null });
    }
    const exception = only(decoder.push(dubboProtocol.responseEncode(9, { appResponse: new Error('bad') }, {})));
    const reply = decodeDubboResponse(exception);
    expect(reply.kind).toBe('exception');
    expect(reply.kind === 'exception' && reply.exception).toMatchObject({ name: 'java.lang.Exception' });
    const error = only(decoder.push(dubboProtocol.responseEncode(9, { isError: true, errorMsg: 'boom' }, {})));
    expect(decodeDubboResponse(error)).toEqual({ kind: 'error', status: 80, message: 'boom' });
  });

  it('decodes their heartbeats', () => {
    const decoder = new DubboFrameDecoder();
    const heartbeat = only(decoder.push(dubboProtocol.heartbeatEncode(4, {}, {})));
    expect(heartbeat).toMatchObject({ id: 4n, isRequest: true, event: true });
    expect(decodeDubboEvent(heartbeat)).toEqual({ heartbeat: true, data: null });
    const ack = only(decoder.push(dubboProtocol.heartbeatAckEncode(4, {})));
    expect(ack).toMatchObject({ id: 4n, isRequest: false, event: true, status: 20 });
  });
});
