import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { echoService, startSofaServer, type SofaPeerServer } from './sofa-peer.js';

const require = createRequire(import.meta.url);
/** dubbo-remoting plugs into sofa-rpc-node's RpcServer as its protocol: together a Dubbo provider. */
const dubboProtocol: unknown = require('dubbo-remoting');
const ECHO = 'com.example.echo.EchoService';

function dubboApi(name: string, method: string, args: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    group: 'g',
    match: { path: `/dubbo/${name}`, type: 'prefix' },
    backend: { protocol: 'dubbo', cluster: 'echo-dubbo', service: ECHO, version: '1.0', method, args, timeoutMs: 1000, ...extra },
  };
}

describe('HTTP front → Dubbo backend (sofa-rpc-node server speaking dubbo-remoting)', () => {
  let server: SofaPeerServer;
  let gw: TestGateway;

  beforeAll(async () => {
    server = await startSofaServer({ [ECHO]: echoService }, { protocol: dubboProtocol });
    gw = await startTestGateway(baseConfig({
      clusters: [
        { name: 'echo-dubbo', endpoints: [{ url: `dubbo://127.0.0.1:${server.port}` }] },
        { name: 'dead-dubbo', endpoints: [{ url: 'dubbo://127.0.0.1:1' }] },
      ],
      apis: [
        dubboApi('echo', 'echo', [{ source: 'body', key: '$.text', type: 'java.lang.String' }]),
        dubboApi('add', 'add', [{ source: 'body', key: '$.a', type: 'int' }, { source: 'body', key: '$.b', type: 'int' }]),
        dubboApi('nothing', 'nothing', []),
        dubboApi('zero', 'zero', []),
        dubboApi('flag', 'flag', []),
        dubboApi('empty', 'empty', []),
        dubboApi('big', 'big', []),
        dubboApi('user', 'user', [{ source: 'bodyWhole', type: 'com.example.User' }]),
        dubboApi('fail', 'fail', [{ source: 'path', key: '-1', type: 'java.lang.String' }]),
        dubboApi('slow', 'slow', [{ source: 'query', key: 'ms', type: 'int' }], { timeoutMs: 200 }),
        dubboApi('missing-method', 'nope', []),
        { ...dubboApi('dead', 'echo', []), backend: { protocol: 'dubbo', cluster: 'dead-dubbo', service: ECHO, method: 'echo', args: [] } },
      ],
    }));
  });

  afterAll(async () => {
    await gw?.stop();
    await server?.close();
  });

  async function post(path: string, body?: unknown): Promise<{ status: number; code: string | null; json: unknown }> {
    const response = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, code: response.headers.get('x-gateway-result-code'), json: await response.json() };
  }

  it('http→dubbo - a body field becomes a String argument and the result the JSON body', async () => {
    const answer = await post('/dubbo/echo', { text: 'hello' });
    expect(answer, JSON.stringify(answer.json)).toEqual({ status: 200, code: '1000', json: 'hello' });
  });

  it('http→dubbo - two int arguments from body fields', async () => {
    expect((await post('/dubbo/add', { a: 40, b: 2 })).json).toBe(42);
  });

  it('http→dubbo - null, 0, false and "" results keep their JSON values', async () => {
    expect((await post('/dubbo/nothing')).json).toBeNull();
    expect((await post('/dubbo/zero')).json).toBe(0);
    expect((await post('/dubbo/flag')).json).toBe(false);
    expect((await post('/dubbo/empty')).json).toBe('');
  });

  it('http→dubbo - a long beyond 2^53 reaches the HTTP caller as a string', async () => {
    expect((await post('/dubbo/big')).json).toBe('9007199254740993');
  });

  it('http→dubbo - a POJO argument and result', async () => {
    expect((await post('/dubbo/user', { name: 'ada' })).json).toMatchObject({ name: 'ada', seen: true });
  });

  it('http→dubbo - the trace id travels as the traceId attachment', async () => {
    const response = await fetch(`${gw.url}/dubbo/echo`, { method: 'POST', body: JSON.stringify({ text: 't' }) });
    const error = await response.json() as unknown;
    expect(response.status, JSON.stringify(error)).toBe(200);
    expect(server.seenProps.at(-1)?.traceId).toMatch(/\S+/);
  });

  it('http→dubbo - a remote exception answers 5007 with the message in tips', async () => {
    const answer = await post('/dubbo/fail/no-stock');
    expect(answer.code).toBe('5007');
    expect((answer.json as { tips: string }).tips).toContain('refused: no-stock');
  });

  it('http→dubbo - unknown method → 4010', async () => {
    expect((await post('/dubbo/missing-method')).code).toBe('4010');
  });

  it('http→dubbo - timeout → 4001, refused connection → 4002', async () => {
    expect(await post('/dubbo/slow?ms=1000')).toMatchObject({ status: 504, code: '4001' });
    expect(await post('/dubbo/dead')).toMatchObject({ status: 502, code: '4002' });
  });
});
