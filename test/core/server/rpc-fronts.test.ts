import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoltFrameDecoder, DubboFrameDecoder, DubboStatus, decodeDubboResponse, decodeSofaResponse, defaultBoltFraming, encodeBoltFrame,
  encodeDubboFrame, encodeDubboHeartbeat, encodeDubboRequest, encodeSofaRequest, toHessian, type BoltFrame, type DubboFrame,
} from '../../../core/protocol/index.js';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';

/** A raw connection reading whole frames with the codec's decoder. */
class RawClient<F> {
  private readonly frames: F[] = [];
  private waiter: (() => void) | undefined;
  closed = false;

  constructor(readonly socket: Socket, decoder: { push(chunk: Buffer): F[] }) {
    socket.on('data', (chunk: Buffer) => {
      this.frames.push(...decoder.push(chunk));
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  async next(): Promise<F> {
    while (this.frames.length === 0) {
      if (this.closed) throw new Error('closed');
      await new Promise<void>((resolve) => { this.waiter = resolve; });
    }
    return this.frames.shift() as F;
  }
}

async function open<F>(port: number, decoder: { push(chunk: Buffer): F[] }): Promise<RawClient<F>> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return new RawClient(socket, decoder);
}

describe('RPC fronts on the wire', () => {
  let gw: TestGateway;
  let bolt: RawClient<BoltFrame>;
  let dubbo: RawClient<DubboFrame>;

  beforeAll(async () => {
    const config = baseConfig({
      apis: [{
        name: 'pong', group: 'g',
        match: { rpc: { service: 'com.x.Ping', method: 'ping' } },
        backend: { protocol: 'mock', headers: { 'content-type': 'application/json' }, body: '"pong"' },
      }],
    });
    config.listen = { http: 0, admin: 0, bolt: 0, dubbo: 0 };
    gw = await startTestGateway(config);
    bolt = await open(gw.gateway.boltPort, new BoltFrameDecoder());
    dubbo = await open(gw.gateway.dubboPort, new DubboFrameDecoder());
  });

  afterAll(async () => {
    bolt?.socket.destroy();
    dubbo?.socket.destroy();
    await gw?.stop();
  });

  it('bolt front - a heartbeat is acknowledged with its id', async () => {
    bolt.socket.write(encodeBoltFrame({ kind: 'heartbeat', framing: defaultBoltFraming, id: 77, codec: 1, timeoutMs: 1000 }));
    expect(await bolt.next()).toMatchObject({ kind: 'heartbeat-ack', id: 77 });
  });

  it('bolt front - a call answers the value; the result code and trace id come back in the response props', async () => {
    const call = { service: 'com.x.Ping:1.0', method: 'ping', argTypes: [], args: [], requestProps: { rpc_trace_context: { sofaTraceId: 'tr-1' } } };
    bolt.socket.write(encodeSofaRequest(5, call, { timeoutMs: 1000 }));
    const frame = await bolt.next();
    if (frame.kind !== 'response') throw new Error(frame.kind);
    const reply = decodeSofaResponse(frame);
    expect(reply).toMatchObject({ ok: true, result: { isError: false, appResponse: 'pong', responseProps: { 'x-gateway-result-code': '1100', sofaTraceId: 'tr-1' } } });
  });

  it('bolt front - Bolt v2 framing with CRC is answered in kind', async () => {
    const framing = { version: 2 as const, ver1: 1, crc: true };
    bolt.socket.write(encodeSofaRequest(6, { service: 'com.x.Ping:1.0', method: 'ping', argTypes: [], args: [] }, { framing, timeoutMs: 1000 }));
    const frame = await bolt.next();
    expect(frame).toMatchObject({ kind: 'response', id: 6, framing: { version: 2, crc: true } });
  });

  it('bolt front - no service header → 3002, a service without interface → 3003, undecodable content → 4101', async () => {
    const good = encodeSofaRequest(8, { service: 'com.x.Ping:1.0', method: 'ping', argTypes: [], args: [] }, { timeoutMs: 1000 });
    const template = new BoltFrameDecoder().push(good)[0];
    if (template?.kind !== 'request') throw new Error('no request');
    bolt.socket.write(encodeBoltFrame({ ...template, id: 9, headers: {} }));
    let frame = await bolt.next();
    if (frame.kind !== 'response') throw new Error(frame.kind);
    expect(decodeSofaResponse(frame)).toMatchObject({ ok: true, result: { isError: true, errorMsg: expect.stringContaining('[3002 NoSofaRpcRequestHeaderFound]') as unknown } });
    bolt.socket.write(encodeBoltFrame({ ...template, id: 10, headers: { service: ':1.0' } }));
    frame = await bolt.next();
    if (frame.kind !== 'response') throw new Error(frame.kind);
    expect(decodeSofaResponse(frame)).toMatchObject({ ok: true, result: { errorMsg: expect.stringContaining('[3003 NoSofaRpcRequestHostFound]') as unknown } });
    bolt.socket.write(encodeBoltFrame({ ...template, id: 11, content: Buffer.from([0xff, 0xfe]) }));
    frame = await bolt.next();
    if (frame.kind !== 'response') throw new Error(frame.kind);
    expect(decodeSofaResponse(frame)).toMatchObject({ ok: false, message: expect.stringContaining('[4101 SofaRpcRequestDecodeError]') as unknown });
  });

  it('dubbo front - a heartbeat is answered; a call answers the value with attachments', async () => {
    dubbo.socket.write(encodeDubboHeartbeat(3n, { isRequest: true }));
    expect(await dubbo.next()).toMatchObject({ id: 3n, isRequest: false, event: true });
    dubbo.socket.write(encodeDubboRequest(4n, { dubboVersion: '2.0.2', path: 'com.x.Ping', version: '', method: 'ping', argTypes: ['java.lang.String'], args: [toHessian('x', 'java.lang.String')], attachments: { traceId: 'tr-2' } }));
    const reply = decodeDubboResponse(await dubbo.next());
    expect(reply).toMatchObject({ kind: 'value', value: 'pong', attachments: { 'x-gateway-result-code': '1100', traceId: 'tr-2' } });
  });

  it('dubbo front - an unknown service is an exception reply naming 4011; a bad body is 40 BAD_REQUEST', async () => {
    dubbo.socket.write(encodeDubboRequest(5n, { dubboVersion: '2.0.2', path: 'com.x.Nope', version: '', method: 'ping', argTypes: [], args: [], attachments: {} }));
    const reply = decodeDubboResponse(await dubbo.next());
    expect(reply.kind).toBe('exception');
    expect(JSON.stringify(reply)).toContain('[4011 NoSofaRpcServiceFound]');
    dubbo.socket.write(encodeDubboFrame({ id: 6n, isRequest: true, twoWay: true, event: false, serialization: 2, status: 0, body: Buffer.from([0xff]) }));
    expect(await dubbo.next()).toMatchObject({ id: 6n, status: DubboStatus.BAD_REQUEST });
  });

  it('rpc fronts - garbage framing closes the connection', async () => {
    const victim = await open(gw.gateway.boltPort, new BoltFrameDecoder());
    victim.socket.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await expect(victim.next()).rejects.toThrow('closed');
  });
});
