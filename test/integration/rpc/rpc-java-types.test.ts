/**
 * RPC → RPC keeps Java types, checked on the wire: a real sofa-rpc-node provider (and a Dubbo one,
 * sofa-rpc-node speaking dubbo-remoting) returns an Order written by hessian.js from `{ $class, $ }`
 * values; a caller reaches it through the gateway's Bolt (Dubbo) front, and the raw reply bytes
 * are decoded by hessian.js with `withType`. Arguments are checked on the bytes that reach the
 * provider, recorded by a TCP relay in front of it. hessian.js 2.11's withType names classes and
 * typed lists but gives longs, doubles and dates as plain JS values, so those are checked by the
 * byte codes, through the codec's java-shape decoder.
 */
import hessian from 'hessian.js';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoltFrameDecoder, DubboFrameDecoder, decodeDubboRequest, decodeDubboResponse, decodeSofaRequest, decodeSofaResponse, encodeDubboRequest, encodeSofaRequest,
  type BoltFrame, type BoltRequest, type BoltResponse, type DubboFrame,
} from '../../../core/protocol/index.js';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { dubboProtocol } from './rpc-fixture.js';
import { startSofaServer, type SofaPeerServer } from './sofa-peer.js';
import { javaTypedOrder } from '../../support/java-typed-order.js';

const SERVICE = 'com.example.types.OrderService';

const order = javaTypedOrder;

/** The Order as the java shape gives it back: the same, ArrayList being Java's default list. */
const ORDER_JAVA = { $class: 'com.x.Order', $: { ...order().$, at: new Date(0), items: [{ $class: 'com.x.Item', $: { sku: 'a' } }] } };

const orderService = {
  order: async (): Promise<unknown> => order(),
  take: async (): Promise<unknown> => 'taken',
};

/** A TCP relay to `port` that keeps what the gateway sent through it. */
async function relay(port: number): Promise<{ port: number; sent: Buffer[]; close(): Promise<void> }> {
  const sent: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = connect(port, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    inbound.on('data', (chunk: Buffer) => {
      sent.push(chunk);
      outbound.write(chunk);
    });
    outbound.on('data', (chunk: Buffer) => inbound.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sent,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Sends one request frame and returns the first reply frame the decoder cuts. */
function ask<F>(port: number, request: Buffer, decoder: { push(chunk: Buffer): F[] }): Promise<F> {
  const socket = connect(port, '127.0.0.1');
  return new Promise<F>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      const [frame] = decoder.push(chunk);
      if (frame !== undefined) {
        socket.destroy();
        resolve(frame);
      }
    });
    socket.write(request);
  });
}

/** Every Hessian value of a stream, decoded by hessian.js with types. */
function refereeValues(content: Buffer, count: number): unknown[] {
  const decoder = new hessian.DecoderV2(content);
  return Array.from({ length: count }, () => decoder.read(true));
}

interface Wrapped { $class: string; $: Record<string, unknown> }

function expectOrderClasses(value: unknown): void {
  const top = value as Wrapped;
  expect(top.$class).toBe('com.x.Order');
  expect(((top.$.items as unknown[])[0] as Wrapped).$class).toBe('com.x.Item');
}

describe('RPC → RPC keeps Java types (sofa-rpc-node providers, raw callers)', () => {
  let gw: TestGateway;
  let sofa: SofaPeerServer;
  let dubbo: SofaPeerServer;
  let sofaRelay: Awaited<ReturnType<typeof relay>>;
  let dubboRelay: Awaited<ReturnType<typeof relay>>;

  beforeAll(async () => {
    sofa = await startSofaServer({ [SERVICE]: orderService });
    dubbo = await startSofaServer({ [SERVICE]: orderService }, { protocol: dubboProtocol });
    sofaRelay = await relay(sofa.port);
    dubboRelay = await relay(dubbo.port);
    const api = (name: string, front: string, method: string, protocol: 'sofarpc' | 'dubbo'): Record<string, unknown> => ({
      name, group: 'g', match: { rpc: { service: front, version: '1.0', method } },
      backend: { protocol, cluster: protocol, service: SERVICE, version: '1.0', method, timeoutMs: 2000 },
    });
    const config = baseConfig({
      clusters: [
        { name: 'sofarpc', endpoints: [{ url: `bolt://127.0.0.1:${sofaRelay.port}` }] },
        { name: 'dubbo', endpoints: [{ url: `dubbo://127.0.0.1:${dubboRelay.port}` }] },
      ],
      apis: [
        api('sofa-order', 'com.example.front.Sofa', 'order', 'sofarpc'),
        api('sofa-take', 'com.example.front.Sofa', 'take', 'sofarpc'),
        api('dubbo-order', 'com.example.front.Dubbo', 'order', 'dubbo'),
        api('dubbo-take', 'com.example.front.Dubbo', 'take', 'dubbo'),
      ],
    });
    config.listen = { http: 0, admin: 0, bolt: 0, dubbo: 0 };
    gw = await startTestGateway(config);
  });

  afterAll(async () => {
    await gw.stop();
    await sofaRelay.close();
    await dubboRelay.close();
    await sofa.close();
    await dubbo.close();
  });

  it('bolt → sofarpc: the provider\'s Order reaches the caller with its classes, long, date and double', async () => {
    const request = encodeSofaRequest(1, { service: 'com.example.front.Sofa:1.0', method: 'order', argTypes: [], args: [] });
    const frame = await ask<BoltFrame>(gw.gateway.boltPort, request, new BoltFrameDecoder());
    expect(frame.kind).toBe('response');
    const content = (frame as BoltResponse).content;
    const [response] = refereeValues(content, 1) as [Wrapped];
    expect(response.$class).toBe('com.alipay.sofa.rpc.core.response.SofaResponse');
    expectOrderClasses(response.$.appResponse);
    const reply = decodeSofaResponse(frame as BoltResponse, { shape: 'java' });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.result.appResponse).toEqual(ORDER_JAVA);
  });

  it('bolt → sofarpc: an Order argument reaches the provider with its classes, long, date and double', async () => {
    sofaRelay.sent.length = 0;
    const request = encodeSofaRequest(2, { service: 'com.example.front.Sofa:1.0', method: 'take', argTypes: ['com.x.Order'], args: [order()] });
    const frame = await ask<BoltFrame>(gw.gateway.boltPort, request, new BoltFrameDecoder());
    expect(frame.kind).toBe('response');
    const [sentFrame] = new BoltFrameDecoder().push(Buffer.concat(sofaRelay.sent)).filter((f) => f.kind === 'request') as BoltRequest[];
    if (sentFrame === undefined) throw new Error('nothing reached the provider');
    const [, arg] = refereeValues(sentFrame.content, 2);
    expectOrderClasses(arg);
    const call = decodeSofaRequest(sentFrame, { shape: 'java' });
    expect(call.argTypes).toEqual(['com.x.Order']);
    expect(call.args[0]).toEqual(ORDER_JAVA);
  });

  it('dubbo → dubbo: the Order comes back typed, and goes out typed as an argument', async () => {
    const call = { dubboVersion: '2.0.2', path: 'com.example.front.Dubbo', version: '1.0', argTypes: [], args: [], attachments: {} };
    const frame = await ask<DubboFrame>(gw.gateway.dubboPort, encodeDubboRequest(1n, { ...call, method: 'order' }), new DubboFrameDecoder());
    const [, value] = refereeValues(frame.body, 2);
    expectOrderClasses(value);
    const reply = decodeDubboResponse(frame, { shape: 'java' });
    expect(reply).toMatchObject({ kind: 'value', value: ORDER_JAVA });

    dubboRelay.sent.length = 0;
    await ask<DubboFrame>(gw.gateway.dubboPort, encodeDubboRequest(2n, { ...call, method: 'take', argTypes: ['com.x.Order'], args: [order()] }), new DubboFrameDecoder());
    const [sentFrame] = new DubboFrameDecoder().push(Buffer.concat(dubboRelay.sent)).filter((f) => f.isRequest && !f.event);
    if (sentFrame === undefined) throw new Error('nothing reached the provider');
    const sent = decodeDubboRequest(sentFrame, { shape: 'java' });
    expect(sent.args[0]).toEqual(ORDER_JAVA);
    expectOrderClasses(refereeValues(sentFrame.body, 6)[5]);
  });
});
