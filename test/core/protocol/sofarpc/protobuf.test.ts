import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BoltResponseStatus,
  SofaProtobufCodec,
  decodeBoltFrame,
  loadProtobufRoot,
  type BoltRequest,
  type BoltResponse,
} from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';

const protoFile = fileURLToPath(new URL('./fixtures/echo.proto', import.meta.url));
const call = { service: 'gantry.test.EchoService:1.0', method: 'Echo', targetApp: 'echo' };

let codec: SofaProtobufCodec;

beforeAll(async () => {
  codec = new SofaProtobufCodec(await loadProtobufRoot({ protoFiles: [protoFile] }));
});

function frameOf<K extends 'request' | 'response'>(buf: Buffer, kind: K): K extends 'request' ? BoltRequest : BoltResponse {
  const frame = decodeBoltFrame(buf);
  if (frame.kind !== kind) throw new Error(`expected ${kind}, got ${frame.kind}`);
  return frame as K extends 'request' ? BoltRequest : BoltResponse;
}

describe('sofarpc protobuf', () => {
  it('uses the JSON mapping: longs and enums as strings, bytes as base64, defaults present', () => {
    const json = { name: 'n', group: 'B', big: '9223372036854775807', blob: Buffer.from('hi').toString('base64'), counts: [1, 2] };
    expect(codec.toJson('gantry.test.EchoRequest', codec.fromJson('gantry.test.EchoRequest', json))).toEqual(json);
    expect(codec.toJson('gantry.test.EchoRequest', Buffer.alloc(0))).toEqual({ name: '', group: 'A', big: '0', blob: '', counts: [] });
  });

  it('frames a request with codec 11, routing in headers and the message as content', () => {
    const frame = frameOf(codec.encodeRequest(3, call, 'gantry.test.EchoRequest', { name: 'x' }), 'request');
    expect(frame.codec).toBe(11);
    expect(frame.headers).toMatchObject({ service: call.service, sofa_head_method_name: 'Echo', sofa_head_target_app: 'echo' });
    expect(codec.decodeRequest(frame, 'gantry.test.EchoRequest')).toMatchObject({
      service: call.service,
      method: 'Echo',
      json: { name: 'x', group: 'A' },
    });
  });

  it('decodes success and both kinds of failure', () => {
    const ok = frameOf(codec.encodeResponse(3, 'gantry.test.EchoResponse', { code: 200, big: '-1' }), 'response');
    expect(ok.headers).toEqual({ sofa_head_response_error: 'false' });
    expect(codec.decodeResponse(ok, 'gantry.test.EchoResponse')).toEqual({ ok: true, json: { code: 200, message: '', big: '-1' } });
    const appError = frameOf(codec.encodeErrorResponse(3, BoltResponseStatus.SUCCESS, 'bad name'), 'response');
    expect(codec.decodeResponse(appError, 'gantry.test.EchoResponse')).toEqual({ ok: false, status: 0, message: 'bad name' });
    const boltError = frameOf(codec.encodeErrorResponse(3, BoltResponseStatus.NO_PROCESSOR, 'no processor'), 'response');
    expect(codec.decodeResponse(boltError, 'gantry.test.EchoResponse')).toEqual({ ok: false, status: 6, message: 'no processor' });
  });

  it('loads the same types from a JSON descriptor', async () => {
    const fromFile = await protobuf.load(protoFile);
    const json = new SofaProtobufCodec(await loadProtobufRoot({ json: fromFile.toJSON() }));
    const bytes = json.fromJson('gantry.test.EchoResponse', { code: 1 });
    expect(codec.toJson('gantry.test.EchoResponse', bytes)).toEqual({ code: 1, message: '', big: '0' });
  });

  it('refuses unknown types, values that do not fit and malformed bytes', () => {
    expect(reasonOf(() => codec.fromJson('gantry.test.Nope', {}))).toBe('type-mismatch');
    expect(reasonOf(() => codec.fromJson('gantry.test.EchoRequest', [1]))).toBe('type-mismatch');
    expect(reasonOf(() => codec.fromJson('gantry.test.EchoRequest', { counts: 'x' }))).toBe('type-mismatch');
    expect(reasonOf(() => codec.toJson('gantry.test.EchoRequest', Buffer.from([0x0a, 0xff])))).toBe('bad-payload');
    const hessianFrame = frameOf(codec.encodeRequest(3, call, 'gantry.test.EchoRequest', {}), 'request');
    expect(reasonOf(() => codec.decodeRequest({ ...hessianFrame, codec: 1 }, 'gantry.test.EchoRequest'))).toBe('unsupported-codec');
  });
});
