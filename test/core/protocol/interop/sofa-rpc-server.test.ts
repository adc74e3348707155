import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoltFrameDecoder,
  BoltResponseStatus,
  SofaProtobufCodec,
  decodeSofaResponse,
  encodeBoltFrame,
  encodeSofaRequest,
  fromHessian,
  loadProtobufRoot,
  toHessian,
  type BoltFrame,
  type HessianFlavor,
  type SofaReply,
} from '../../../../core/protocol/index.js';
import { sofaBolt } from './peers.js';
import { exchange } from './socket-exchange.js';

// End to end: a real sofa-rpc-node RpcServer (which speaks Bolt through sofa-bolt-node) on a free
// port, called over a raw socket with our codec only.

interface RpcServer {
  addService(info: { interfaceName: string; version?: string }, delegate: Record<string, (...args: unknown[]) => Promise<unknown>>): void;
  start(): Promise<void>;
  close(): Promise<void>;
  publishPort: number;
}

const require = createRequire(import.meta.url);
const { RpcServer } = require('sofa-rpc-node').server as { RpcServer: new (options: Record<string, unknown>) => RpcServer };
const silent = { info() {}, warn() {}, error() {}, debug() {} };

async function startServer(options: Record<string, unknown>, setup: (server: RpcServer) => void): Promise<RpcServer> {
  const server = new RpcServer({ logger: silent, port: 0, ...options });
  setup(server);
  await server.start();
  return server;
}

/** Sends one frame and returns the first frame answered. */
function call(port: number, request: Buffer): Promise<BoltFrame> {
  const decoder = new BoltFrameDecoder();
  return exchange(port, request, (chunk) => decoder.push(chunk)[0]);
}

function replyOf(frame: BoltFrame): SofaReply {
  if (frame.kind !== 'response') throw new Error(`expected a response, got ${frame.kind}`);
  return decodeSofaResponse(frame);
}

describe('e2e sofa-rpc-node server - hessian2', () => {
  let server: RpcServer;

  beforeAll(async () => {
    server = await startServer({}, (s) =>
      s.addService({ interfaceName: 'com.gantry.Echo', version: '1.0' }, {
        async echo(...args: unknown[]) {
          return { $class: 'com.gantry.EchoResult', $: { args, count: args.length } };
        },
        async fail() {
          throw new Error('service failed');
        },
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
    sofaBolt.setHessianVersion('3.0');
  });

  for (const [flavor, theirs] of [
    ['3.x', '3.0'],
    ['4.x', '4.0'],
  ] as [HessianFlavor, '3.0' | '4.0'][]) {
    it(`calls echo and decodes the answer (hessian ${flavor})`, async () => {
      sofaBolt.setHessianVersion(theirs);
      const request = encodeSofaRequest(
        101,
        {
          service: 'com.gantry.Echo:1.0',
          method: 'echo',
          argTypes: ['java.lang.String', 'long', 'java.util.Map'],
          args: [toHessian('hello', 'java.lang.String'), toHessian('9007199254740993', 'long'), toHessian({ k: [1, 2] }, 'java.util.Map')],
          targetApp: 'echo',
          requestProps: { rpc_trace_context: { sofaTraceId: 'abc', sofaRpcId: '0.1' } },
        },
        { hessian: flavor, framing: { version: 2, ver1: 2, crc: true } },
      );
      const frame = await call(server.publishPort, request);
      expect(frame).toMatchObject({ kind: 'response', id: 101, status: 0 });
      const reply = replyOf(frame);
      expect(reply.ok).toBe(true);
      if (!reply.ok) return;
      expect(reply.result.isError).toBe(false);
      expect(fromHessian(reply.result.appResponse)).toEqual({ args: ['hello', '9007199254740993', { k: [1, 2] }], count: 3 });
    });
  }

  it('reports a service exception and an unknown method as SERVER_EXCEPTION', async () => {
    // sofa-rpc-node turns SofaResponse.isError into Bolt status SERVER_EXCEPTION + RpcServerException.
    sofaBolt.setHessianVersion('4.0');
    const failed = replyOf(await call(server.publishPort, encodeSofaRequest(102, { service: 'com.gantry.Echo:1.0', method: 'fail', argTypes: [], args: [] })));
    expect(failed).toMatchObject({ ok: false, status: BoltResponseStatus.SERVER_EXCEPTION });
    expect(!failed.ok && failed.message).toContain('service failed');
    const missing = replyOf(await call(server.publishPort, encodeSofaRequest(103, { service: 'com.gantry.Echo:1.0', method: 'nope', argTypes: [], args: [] })));
    expect(!missing.ok && missing.message).toContain('Can not find method');
  });

  it('answers a heartbeat', async () => {
    const heartbeat = encodeBoltFrame({ kind: 'heartbeat', framing: { version: 1, ver1: 1, crc: false }, id: 104, codec: 1, timeoutMs: 1000 });
    expect(await call(server.publishPort, heartbeat)).toMatchObject({ kind: 'heartbeat-ack', id: 104, status: 0 });
  });
});

describe('e2e sofa-rpc-node server - protobuf', () => {
  let server: RpcServer;
  let codec: SofaProtobufCodec;

  beforeAll(async () => {
    const root = await loadProtobufRoot({ protoFiles: [fileURLToPath(new URL('../sofarpc/fixtures/echo.proto', import.meta.url))] });
    codec = new SofaProtobufCodec(root);
    server = await startServer({ codecType: 'protobuf', proto: root }, (s) =>
      s.addService({ interfaceName: 'gantry.test.EchoService', version: '1.0' }, {
        async Echo(req: unknown) {
          const { name, big } = (req as { toObject(o: object): { name: string; big: string } }).toObject({ longs: String });
          return { code: 200, message: `hello ${name}`, big };
        },
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
  });

  it('calls Echo with the protobuf codec and decodes the JSON answer', async () => {
    const request = codec.encodeRequest(201, { service: 'gantry.test.EchoService:1.0', method: 'Echo' }, 'gantry.test.EchoRequest', {
      name: 'gantry',
      big: '9007199254740993',
    });
    const frame = await call(server.publishPort, request);
    if (frame.kind !== 'response') throw new Error(`expected a response, got ${frame.kind}`);
    expect(codec.decodeResponse(frame, 'gantry.test.EchoResponse')).toEqual({
      ok: true,
      json: { code: 200, message: 'hello gantry', big: '9007199254740993' },
    });
  });
});
