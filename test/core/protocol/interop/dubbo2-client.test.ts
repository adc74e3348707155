import { createRequire } from 'node:module';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DubboFrameDecoder,
  DubboStatus,
  decodeDubboEvent,
  decodeDubboRequest,
  encodeDubboHeartbeat,
  encodeDubboResponse,
  fromHessian,
  javaException,
  type DecodedDubboCall,
  type DubboFrame,
  type DubboReply,
} from '../../../../core/protocol/index.js';

// End to end: dubbo2.js 2.3.9 (an independent Dubbo client; none of the installed Dubbo packages
// has a server) calls a raw net server that speaks Dubbo through our codec only.

interface ProxyResult {
  res: unknown;
  err: Error | null;
}
type Method = (...args: unknown[]) => Promise<ProxyResult>;
interface DirectlyDubbo {
  proxyService(options: {
    dubboInterface: string;
    version: string;
    timeout: number;
    methods: Record<string, (...args: unknown[]) => unknown[]>;
  }): Record<string, Method>;
  _socketWorker: { _retry: number; _heartBeatTimer?: NodeJS.Timeout; _socket: Socket };
}

const require = createRequire(import.meta.url);
const dubbo2 = require('dubbo2.js') as {
  DirectlyDubbo: { from(props: { dubboAddress: string; dubboVersion: string; dubboInvokeTimeout: number }): DirectlyDubbo };
  java: { String(value: string): unknown; int(value: number): unknown; long(value: number | string): unknown };
};

/** What our server answers per method. */
function answer(call: DecodedDubboCall): DubboReply {
  switch (call.method) {
    case 'echo':
      return { kind: 'value', value: { $class: 'com.gantry.EchoResult', $: { args: call.args.map(fromHessian), path: call.path } }, attachments: { served: 'gantry' } };
    case 'nothing':
      return { kind: 'null', attachments: null };
    case 'fail':
      return { kind: 'exception', exception: javaException('com.gantry.BizException', 'out of stock'), attachments: null };
    default:
      return { kind: 'error', status: DubboStatus.SERVICE_NOT_FOUND, message: `no method ${call.method}` };
  }
}

const seen: DecodedDubboCall[] = [];

function serve(socket: Socket): void {
  const decoder = new DubboFrameDecoder();
  socket.on('data', (chunk: Buffer) => {
    let frames: DubboFrame[];
    try {
      frames = decoder.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    for (const frame of frames) {
      if (frame.event) {
        if (frame.isRequest && decodeDubboEvent(frame).heartbeat) socket.write(encodeDubboHeartbeat(frame.id, { isRequest: false }));
        continue;
      }
      const call = decodeDubboRequest(frame);
      seen.push(call);
      if (frame.twoWay) socket.write(encodeDubboResponse(frame.id, answer(call)));
    }
  });
}

describe('e2e dubbo2.js client against our codec', () => {
  let server: Server;
  let client: DirectlyDubbo;
  let service: Record<string, Method>;
  const sockets = new Set<Socket>();

  function invoke(name: string, ...args: unknown[]): Promise<ProxyResult> {
    const method = service[name];
    if (!method) throw new Error(`no proxy method ${name}`);
    return method(...args);
  }

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      serve(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = dubbo2.DirectlyDubbo.from({ dubboAddress: `127.0.0.1:${port}`, dubboVersion: '2.0.2', dubboInvokeTimeout: 5 });
    const { java } = dubbo2;
    service = client.proxyService({
      dubboInterface: 'com.gantry.Echo',
      version: '1.0.0',
      timeout: 5,
      methods: {
        echo: (name, count, big) => [java.String(name as string), java.int(count as number), java.long(big as string)],
        nothing: () => [],
        fail: () => [],
        missing: () => [],
      },
    });
  });

  afterAll(async () => {
    // dubbo2.js has no close(): stop its retries and heartbeat, then drop the socket.
    const worker = client._socketWorker;
    worker._retry = 0;
    clearInterval(worker._heartBeatTimer);
    worker._socket.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('decodes its request and answers a value with attachments', async () => {
    const { res, err } = await invoke('echo', 'hello', 7, '9007199254740993');
    expect(err).toBeNull();
    expect(res).toEqual({ args: ['hello', 7, '9007199254740993'], path: 'com.gantry.Echo' });
    const call = seen.at(-1);
    expect(call).toMatchObject({
      dubboVersion: '2.0.2',
      path: 'com.gantry.Echo',
      version: '1.0.0',
      method: 'echo',
      argTypes: ['java.lang.String', 'int', 'long'],
      attachments: { path: 'com.gantry.Echo', interface: 'com.gantry.Echo', version: '1.0.0', timeout: 5 },
    });
  });

  it('answers a null value, a business exception and an unknown method', async () => {
    expect(await invoke('nothing')).toEqual({ res: null, err: null });
    const failed = await invoke('fail');
    expect(failed.err).toMatchObject({ name: 'com.gantry.BizException', message: 'out of stock' });
    const missing = await invoke('missing');
    // dubbo2.js prints a non-OK body as raw bytes, Hessian string header included.
    expect(missing.err?.message).toContain('no method missing');
  });
});
