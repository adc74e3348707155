import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { echoService, startSofaServer, type SofaPeerServer } from './sofa-peer.js';

const ECHO = 'com.example.echo.EchoService';

function sofaApi(name: string, method: string, args: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    group: 'g',
    match: { path: `/rpc/${name}`, type: 'exact', methods: ['POST', 'GET'] },
    backend: { protocol: 'sofarpc', cluster: 'echo-sofa', service: ECHO, version: '1.0', method, args, timeoutMs: 1000, ...extra },
  };
}

describe('HTTP front → SOFARPC backend (sofa-rpc-node server)', () => {
  let server: SofaPeerServer;
  let gw: TestGateway;

  beforeAll(async () => {
    server = await startSofaServer({ [ECHO]: echoService });
    gw = await startTestGateway(baseConfig({
      clusters: [
        { name: 'echo-sofa', lb: 'round-robin', endpoints: [{ url: `bolt://127.0.0.1:${server.port}` }] },
        { name: 'dead-sofa', endpoints: [{ url: 'bolt://127.0.0.1:1' }] },
      ],
      apis: [
        sofaApi('echo', 'echo', [{ source: 'body', key: '$.text', type: 'java.lang.String' }]),
        sofaApi('add', 'add', [{ source: 'query', key: 'a', type: 'int' }, { source: 'header', key: 'x-b', type: 'int' }]),
        sofaApi('nothing', 'nothing', []),
        sofaApi('zero', 'zero', []),
        sofaApi('flag', 'flag', []),
        sofaApi('big', 'big', []),
        sofaApi('user', 'user', [{ source: 'bodyWhole', type: 'com.example.User' }]),
        { ...sofaApi('fail', 'fail', [{ source: 'path', key: '-1', type: 'java.lang.String' }]), match: { path: '/rpc/fail', type: 'prefix' } },
        sofaApi('slow', 'slow', [{ source: 'query', key: 'ms', type: 'int' }], { timeoutMs: 200 }),
        sofaApi('missing-method', 'nope', []),
        { ...sofaApi('missing-service', 'echo', []), backend: { protocol: 'sofarpc', cluster: 'echo-sofa', service: 'com.example.Nope', method: 'echo', args: [] } },
        { ...sofaApi('dead', 'echo', []), backend: { protocol: 'sofarpc', cluster: 'dead-sofa', service: ECHO, method: 'echo', args: [], timeoutMs: 1000 } },
      ],
    }));
  });

  afterAll(async () => {
    await gw?.stop();
    await server?.close();
  });

  async function post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; code: string | null; json: unknown }> {
    const response = await fetch(`${gw.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, code: response.headers.get('x-gateway-result-code'), json: await response.json() };
  }

  it('http→sofarpc - a body field becomes a String argument and the result the JSON body', async () => {
    const answer = await post('/rpc/echo', { text: 'hello' });
    expect(answer, JSON.stringify(answer.json)).toEqual({ status: 200, code: '1000', json: 'hello' });
  });

  it('http→sofarpc - query and header arguments are read as int', async () => {
    const answer = await post('/rpc/add?a=40', undefined, { 'x-b': '2' });
    expect(answer.json).toBe(42);
  });

  it('http→sofarpc - null, 0 and false results arrive as JSON null, 0 and false', async () => {
    expect((await post('/rpc/nothing')).json).toBeNull();
    expect((await post('/rpc/zero')).json).toBe(0);
    expect((await post('/rpc/flag')).json).toBe(false);
  });

  it('http→sofarpc - a long beyond 2^53 reaches the HTTP caller as a string', async () => {
    const answer = await post('/rpc/big');
    expect(answer.json).toBe('9007199254740993');
  });

  it('http→sofarpc - the whole body travels as a POJO and comes back as an object', async () => {
    const answer = await post('/rpc/user', { name: 'ada', age: 36 });
    expect(answer.json).toMatchObject({ name: 'ada', age: 36, seen: true });
  });

  it('http→sofarpc - the trace id travels in rpc_trace_context', async () => {
    const answer = await fetch(`${gw.url}/rpc/echo`, { method: 'POST', body: JSON.stringify({ text: 't' }) });
    await answer.arrayBuffer();
    const props = server.seenProps.at(-1) as { rpc_trace_context?: { sofaTraceId?: string } };
    expect(props.rpc_trace_context?.sofaTraceId).toMatch(/\S+/);
  });

  it('http→sofarpc - a remote exception answers 5007 with the remote message in tips', async () => {
    const answer = await post('/rpc/fail/no-stock');
    expect(answer.code).toBe('5007');
    expect((answer.json as { tips: string }).tips).toContain('refused: no-stock');
  });

  it('http→sofarpc - unknown method → 4010, unknown service → 4011', async () => {
    expect((await post('/rpc/missing-method')).code).toBe('4010');
    expect((await post('/rpc/missing-service')).code).toBe('4011');
  });

  it('http→sofarpc - the API timeout answers 4001', async () => {
    const answer = await post('/rpc/slow?ms=1000');
    expect(answer).toMatchObject({ status: 504, code: '4001' });
  });

  it('http→sofarpc - a refused connection answers 4002', async () => {
    const answer = await post('/rpc/dead');
    expect(answer).toMatchObject({ status: 502, code: '4002' });
  });

  it('http→sofarpc - mapping errors: body not JSON → 7901, int argument missing → 7901, wrong type → 7902', async () => {
    const notJson = await fetch(`${gw.url}/rpc/echo`, { method: 'POST', body: '{oops' });
    expect(notJson.headers.get('x-gateway-result-code')).toBe('7901');
    await notJson.arrayBuffer();
    expect((await post('/rpc/add', undefined, { 'x-b': '2' })).code).toBe('7901');
    expect((await post('/rpc/echo', { text: { nested: true } })).code).toBe('7902');
  });
});
