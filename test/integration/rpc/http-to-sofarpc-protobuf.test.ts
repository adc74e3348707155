import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { FileDescriptorSet } from 'protobufjs/ext/descriptor.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { quietLogger } from './sofa-peer.js';

const require = createRequire(import.meta.url);
const protoFile = fileURLToPath(new URL('./fixtures/echo.proto', import.meta.url));

interface ProtoServer { readonly publishPort: number; addService(info: object, delegate: object): void; start(): Promise<void>; close(): Promise<void>; on(event: string, listener: (...args: unknown[]) => void): void }
const { RpcServer } = (require('sofa-rpc-node') as { server: { RpcServer: new (options: object) => ProtoServer } }).server;

interface EchoRequest { text: string; count: unknown; color: unknown }

describe('HTTP front → SOFARPC backend with protobuf (sofa-rpc-node protobuf server)', () => {
  let server: ProtoServer;
  let gw: TestGateway;

  beforeAll(async () => {
    const proto = await protobuf.load(protoFile);
    server = new RpcServer({ logger: quietLogger, port: 0, proto, codecType: 'protobuf', killTimeout: 1000 });
    server.on('error', () => undefined);
    server.addService({ interfaceName: 'com.example.proto.ProtoEcho', version: '1.0' }, {
      echo: async (request: EchoRequest) => ({ text: `${request.text}!`, count: request.count, color: request.color }),
    });
    await server.start();
    const messages = { requestType: 'com.example.proto.EchoRequest', responseType: 'com.example.proto.EchoResponse' };
    const backend = (protoTypes: Record<string, string>) => ({ protocol: 'sofarpc', cluster: 'proto', service: 'com.example.proto.ProtoEcho', method: 'echo', serialization: 'protobuf', proto: { ...protoTypes, ...messages } });
    // The same messages supplied three ways: a file on the node, its text inline, a descriptor set inline.
    const descriptorSet = Buffer.from(FileDescriptorSet.encode(proto.toDescriptor('proto3')).finish()).toString('base64');
    gw = await startTestGateway(baseConfig({
      clusters: [{ name: 'proto', endpoints: [{ url: `bolt://127.0.0.1:${server.publishPort}` }] }],
      apis: [
        { name: 'echo', group: 'g', match: { path: '/proto/echo', type: 'exact' }, backend: backend({ file: protoFile }) },
        { name: 'echo-source', group: 'g', match: { path: '/proto/echo-source', type: 'exact' }, backend: backend({ source: readFileSync(protoFile, 'utf8') }) },
        { name: 'echo-descriptor', group: 'g', match: { path: '/proto/echo-descriptor', type: 'exact' }, backend: backend({ descriptorSet }) },
      ],
    }));
  });

  afterAll(async () => {
    await gw?.stop();
    await server?.close();
  });

  it('http→sofarpc (protobuf) - the JSON body is the request message; the response message comes back by the JSON mapping', async () => {
    const response = await fetch(`${gw.url}/proto/echo`, { method: 'POST', body: JSON.stringify({ text: 'hi', count: '9007199254740993', color: 'BLUE' }) });
    expect(response.headers.get('x-gateway-result-code')).toBe('1000');
    expect(await response.json()).toEqual({ text: 'hi!', count: '9007199254740993', color: 'BLUE' });
  });

  it('http→sofarpc (protobuf) - messages given as inline .proto text or an inline descriptor set give the same call', async () => {
    for (const path of ['/proto/echo-source', '/proto/echo-descriptor']) {
      const response = await fetch(`${gw.url}${path}`, { method: 'POST', body: JSON.stringify({ text: 'hi', count: '9007199254740993', color: 'BLUE' }) });
      expect(response.headers.get('x-gateway-result-code'), path).toBe('1000');
      expect(await response.json(), path).toEqual({ text: 'hi!', count: '9007199254740993', color: 'BLUE' });
    }
  });

  it('http→sofarpc (protobuf) - a body that is not a message object → 7902', async () => {
    const response = await fetch(`${gw.url}/proto/echo`, { method: 'POST', body: JSON.stringify(['not', 'a message']) });
    expect(response.headers.get('x-gateway-result-code')).toBe('7902');
    await response.arrayBuffer();
  });
});
