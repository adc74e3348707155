import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BoltFrameDecoder,
  SofaProtobufCodec,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeBoltFrame,
  encodeSofaRequest,
  encodeSofaResponse,
  loadProtobufRoot,
  toHessian,
  type BoltFrame,
  type BoltFraming,
  type HessianFlavor,
  type SofaCall,
} from '../../../../core/protocol/index.js';
import { sofaBolt, sofaBoltProtocol, type BoltEncodeOptions, type PeerPacket } from './peers.js';

// Codec-level interop with sofa-bolt-node 2.0.1 (an independent Bolt implementation) in both of its
// Hessian modes: '3.0' (hessian.js-1, its default) and '4.0' (hessian.js 2.x).

const flavors: [HessianFlavor, '3.0' | '4.0'][] = [
  ['3.x', '3.0'],
  ['4.x', '4.0'],
];
const framings: [BoltFraming, Pick<BoltEncodeOptions, 'protocolType' | 'boltVersion' | 'crcEnable'>][] = [
  [{ version: 1, ver1: 1, crc: false }, { protocolType: 'bolt' }],
  [{ version: 2, ver1: 1, crc: false }, { protocolType: 'bolt2', boltVersion: 1, crcEnable: false }],
  [{ version: 2, ver1: 2, crc: true }, { protocolType: 'bolt2', boltVersion: 2, crcEnable: true }],
];

const call: SofaCall = {
  service: 'com.a.Echo:1.0',
  method: 'echo',
  argTypes: ['java.lang.String', 'int', 'long', 'com.a.Pojo'],
  args: [
    toHessian('hi', 'java.lang.String'),
    toHessian(3, 'int'),
    toHessian('9007199254740993', 'long'),
    toHessian({ name: 'n', list: [1, 2] }, 'com.a.Pojo'),
  ],
  targetApp: 'echo-app',
  requestProps: { rpc_trace_context: { sofaTraceId: '0a1b', sofaRpcId: '0.1' } },
};

function only(frames: BoltFrame[]): BoltFrame {
  expect(frames).toHaveLength(1);
  return frames[0] as BoltFrame;
}

afterEach(() => sofaBolt.setHessianVersion('3.0'));

describe('interop sofa-bolt-node - our frames, their decoder', () => {
  for (const [flavor, theirVersion] of flavors) {
    for (const [framing] of framings) {
      it(`decodes our request and responses (hessian ${flavor}, bolt v${framing.version}${framing.crc ? ' crc' : ''})`, () => {
        sofaBolt.setHessianVersion(theirVersion);
        const request = sofaBoltProtocol.decode(encodeSofaRequest(11, call, { framing, hessian: flavor, timeoutMs: 700 }), {});
        expect(request).toMatchObject({
          packetId: 11,
          packetType: 'request',
          options: { timeout: 700 },
          data: {
            serverSignature: 'com.a.Echo:1.0',
            methodName: 'echo',
            targetAppName: 'echo-app',
            methodArgSigs: call.argTypes,
            args: ['hi', 3, '9007199254740993', { name: 'n', list: [1, 2] }],
            requestProps: call.requestProps,
          },
        });

        const ok = encodeSofaResponse(11, { isError: false, errorMsg: null, appResponse: { $class: 'com.a.Pojo', $: { n: 1 } }, responseProps: null }, { framing, hessian: flavor });
        expect(sofaBoltProtocol.decode(ok, {})).toMatchObject({ packetType: 'response', data: { error: null, appResponse: { n: 1 } } });

        const failed = sofaBoltProtocol.decode(encodeSofaResponse(11, { status: 4, message: 'busy' }, { framing, hessian: flavor }), {});
        expect((failed.data as { error: Error }).error.message).toContain('busy');
      });
    }
  }

  it('decodes our heartbeat and heartbeat ack', () => {
    const heartbeat = encodeBoltFrame({ kind: 'heartbeat', framing: { version: 1, ver1: 1, crc: false }, id: 5, codec: 1, timeoutMs: 3000 });
    expect(sofaBoltProtocol.decode(heartbeat, {})).toMatchObject({ packetId: 5, packetType: 'heartbeat', options: { timeout: 3000 } });
    const ack = encodeBoltFrame({ kind: 'heartbeat-ack', framing: { version: 2, ver1: 2, crc: true }, id: 5, codec: 1, status: 0 });
    expect(sofaBoltProtocol.decode(ack, {})).toMatchObject({ packetId: 5, packetType: 'heartbeat_ack', options: { crcEnable: true } });
  });

  it('cuts our coalesced v1 and v2 frames with its streaming decoder', async () => {
    const decoder = sofaBolt.decoder({});
    const seen: PeerPacket[] = [];
    for (const type of ['request', 'response', 'heartbeat']) decoder.on(type, (packet: PeerPacket) => seen.push(packet));
    const stream = Buffer.concat([
      encodeSofaRequest(1, call, { hessian: '3.x' }),
      encodeSofaResponse(2, { isError: false, errorMsg: null, appResponse: 'ok', responseProps: null }, { framing: { version: 2, ver1: 2, crc: true }, hessian: '3.x' }),
      encodeBoltFrame({ kind: 'heartbeat', framing: { version: 2, ver1: 2, crc: true }, id: 3, codec: 1, timeoutMs: 0 }),
    ]);
    await new Promise<void>((resolve, reject) => decoder.write(stream, (err) => (err ? reject(err) : resolve())));
    expect(seen.map((p) => [p.packetType, p.packetId])).toEqual([
      ['request', 1],
      ['response', 2],
      ['heartbeat', 3],
    ]);
  });
});

describe('interop sofa-bolt-node - their frames, our decoder', () => {
  for (const [flavor, theirVersion] of flavors) {
    for (const [framing, options] of framings) {
      it(`decodes their request and responses (hessian ${flavor}, bolt v${framing.version}${framing.crc ? ' crc' : ''})`, () => {
        sofaBolt.setHessianVersion(theirVersion);
        const encodeOptions: BoltEncodeOptions = { ...options, codecType: 'hessian2' };
        const decoder = new BoltFrameDecoder();
        const request = only(
          decoder.push(
            sofaBoltProtocol.requestEncode(
              21,
              {
                serverSignature: 'com.a.Echo:1.0',
                methodName: 'echo',
                args: [{ $class: 'java.lang.String', $: 'hi' }, { $class: 'long', $: '9007199254740993' }, { $class: 'com.a.Pojo', $: { x: 1 } }],
                timeout: 900,
                targetAppName: 'caller',
                requestProps: { rpc_trace_context: { sofaTraceId: 't' } },
              },
              encodeOptions,
            ),
          ),
        );
        expect(request).toMatchObject({ kind: 'request', id: 21, timeoutMs: 900, framing, headers: { service: 'com.a.Echo:1.0' } });
        if (request.kind !== 'request') throw new Error('not a request');
        expect(decodeSofaRequest(request)).toEqual({
          service: 'com.a.Echo:1.0',
          method: 'echo',
          argTypes: ['java.lang.String', 'long', 'com.a.Pojo'],
          args: ['hi', '9007199254740993', { x: 1 }],
          targetApp: 'caller',
          requestProps: { rpc_trace_context: { sofaTraceId: 't' } },
          hessian: flavor,
        });

        const ok = only(decoder.push(sofaBoltProtocol.responseEncode(21, { isError: false, appResponse: { $class: 'com.a.Pojo', $: { y: 'z' } } }, encodeOptions)));
        if (ok.kind !== 'response') throw new Error('not a response');
        expect(decodeSofaResponse(ok)).toEqual({ ok: true, status: 0, result: { isError: false, errorMsg: null, appResponse: { y: 'z' }, responseProps: null } });

        const failed = only(decoder.push(sofaBoltProtocol.responseEncode(21, { isError: true, errorMsg: 'boom' }, encodeOptions)));
        if (failed.kind !== 'response') throw new Error('not a response');
        expect(decodeSofaResponse(failed)).toEqual({ ok: false, status: 2, message: 'Error: boom' });

        expect(only(decoder.push(sofaBoltProtocol.heartbeatEncode(22, { timeout: 1000 }, encodeOptions)))).toMatchObject({ kind: 'heartbeat', id: 22, timeoutMs: 1000 });
        expect(only(decoder.push(sofaBoltProtocol.heartbeatAckEncode(22, encodeOptions)))).toMatchObject({ kind: 'heartbeat-ack', id: 22, status: 0 });
      });
    }
  }
});

describe('interop sofa-bolt-node - protobuf codec', () => {
  let codec: SofaProtobufCodec;
  let proto: unknown;

  beforeAll(async () => {
    const root = await loadProtobufRoot({ protoFiles: [fileURLToPath(new URL('../sofarpc/fixtures/echo.proto', import.meta.url))] });
    codec = new SofaProtobufCodec(root);
    proto = root;
  });

  it('exchanges requests and responses both ways', () => {
    const service = 'gantry.test.EchoService:1.0';
    const theirs = sofaBoltProtocol.decode(codec.encodeRequest(31, { service, method: 'Echo' }, 'gantry.test.EchoRequest', { name: 'x', group: 'B', big: '9007199254740993' }), { proto });
    const arg = (theirs.data as { args: { toObject(o: object): unknown }[] }).args[0];
    expect(arg?.toObject({ longs: String, enums: String })).toMatchObject({ name: 'x', group: 'B', big: '9007199254740993' });

    const options: BoltEncodeOptions = { protocolType: 'bolt', codecType: 'protobuf', proto };
    const request = only(new BoltFrameDecoder().push(sofaBoltProtocol.requestEncode(32, { serverSignature: service, methodName: 'Echo', args: [{ name: 'y', group: 'A' }], timeout: 100 }, options)));
    if (request.kind !== 'request') throw new Error('not a request');
    expect(codec.decodeRequest(request, 'gantry.test.EchoRequest')).toMatchObject({ service, method: 'Echo', json: { name: 'y', group: 'A' } });

    const response = only(
      new BoltFrameDecoder().push(
        sofaBoltProtocol.responseEncode(32, { isError: false, appResponse: { code: 7, message: 'm' }, appRequest: { serverSignature: service, methodName: 'Echo' } }, options),
      ),
    );
    if (response.kind !== 'response') throw new Error('not a response');
    expect(codec.decodeResponse(response, 'gantry.test.EchoResponse')).toEqual({ ok: true, json: { code: 7, message: 'm', big: '0' } });

    const sentReqs = new Map([[33, { req: { serverSignature: service, methodName: 'Echo' } }]]);
    const back = sofaBoltProtocol.decode(codec.encodeResponse(33, 'gantry.test.EchoResponse', { code: 9 }), { proto, sentReqs });
    const appResponse = (back.data as { appResponse: { toObject(o: object): unknown } }).appResponse;
    expect(appResponse.toObject({ defaults: true })).toMatchObject({ code: 9 });
  });
});
