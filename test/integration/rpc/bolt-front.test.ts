import { describe, expect, it } from 'vitest';
import { useFrontSuite } from './rpc-fixture.js';
import { boltV2WithCrc, rejectionMessage, type SofaPeerClient } from './sofa-peer.js';

describe('Bolt front (sofa-rpc-node RpcClient as caller)', () => {
  const suite = useFrontSuite('bolt');
  const client = (service: string): Promise<SofaPeerClient> => suite.client(service);

  it('bolt→http - arguments become the JSON body by the reversed mapping; the JSON answer the result', async () => {
    const calc = await client('com.example.front.ToHttp');
    expect(await calc.call('add', [{ $class: 'int', $: 40 }, { $class: 'int', $: 2 }])).toEqual({ sum: 42 });
    expect(suite.fx.http.received.at(-1)).toMatchObject({ method: 'POST', url: '/calc/add', body: '{"a":40,"b":2}' });
  });

  it('bolt→http - without a mapping one Map argument is the body', async () => {
    const calc = await client('com.example.front.ToHttp');
    const answer = await calc.call('echo', [{ $class: 'java.util.Map', $: { q: 'x' } }]);
    expect(answer).toEqual({ url: '/calc/echo', body: { q: 'x' } });
  });

  it('bolt→http - a backend 500 reaches the caller as an exception with the result code', async () => {
    const calc = await client('com.example.front.ToHttp');
    expect(await rejectionMessage(calc.call('fail', []))).toContain('[6301] calc is down');
  });

  it('bolt→sofarpc - pass-through of arguments and result, trace id carried to the backend', async () => {
    const echo = await client('com.example.front.ToSofa');
    const answer = await echo.call('echo', [{ $class: 'java.lang.String', $: 'hi' }], { rpc_trace_context: { sofaTraceId: 'trace-bolt-1' } });
    expect(answer).toBe('hi');
    expect(suite.fx.sofa.seenProps.at(-1)).toMatchObject({ rpc_trace_context: { sofaTraceId: 'trace-bolt-1' } });
  });

  it('bolt→sofarpc - POJOs, a long past 2^53 and null survive the trip', async () => {
    const echo = await client('com.example.front.ToSofa');
    expect(await echo.call('user', [{ $class: 'com.example.User', $: { name: 'ada' } }])).toMatchObject({ name: 'ada', seen: true });
    expect(String(await echo.call('big', []))).toBe('9007199254740993');
    expect(await echo.call('nothing', [])).toBeNull();
  });

  it('bolt→sofarpc - a remote exception comes back as an exception with 5007', async () => {
    const echo = await client('com.example.front.ToSofa');
    const message = await rejectionMessage(echo.call('fail', [{ $class: 'java.lang.String', $: 'sold out' }]));
    expect(message).toContain('[5007 SofaRpcCodecUnknownException]');
    expect(message).toContain('refused: sold out');
  });

  it('bolt→dubbo - converted to a Dubbo call and back', async () => {
    const echo = await client('com.example.front.ToDubbo');
    expect(await echo.call('echo', [{ $class: 'java.lang.String', $: 'via dubbo' }], { rpc_trace_context: { sofaTraceId: 'trace-bolt-2' } })).toBe('via dubbo');
    expect(suite.fx.dubbo.seenProps.at(-1)).toMatchObject({ traceId: 'trace-bolt-2' });
    expect(await echo.call('add', [{ $class: 'int', $: 1 }, { $class: 'int', $: 2 }])).toBe(3);
    expect(await echo.call('zero', [])).toBe(0);
  });

  it('bolt→dubbo - a Dubbo exception comes back as an exception', async () => {
    const echo = await client('com.example.front.ToDubbo');
    expect(await rejectionMessage(echo.call('fail', [{ $class: 'java.lang.String', $: 'x' }]))).toContain('refused: x');
  });

  it('bolt front - a Bolt v2 caller with CRC32 is answered in v2', async () => {
    const v2 = await suite.client('com.example.front.ToSofa', { protocol: boltV2WithCrc() });
    expect(await v2.call('echo', [{ $class: 'java.lang.String', $: 'crc' }])).toBe('crc');
  });

  it('bolt front - unknown service → 4011, unknown method → 4010', async () => {
    const nobody = await client('com.example.front.Nobody');
    expect(await rejectionMessage(nobody.call('echo', []))).toContain('[4011 NoSofaRpcServiceFound]');
    const sofa = await client('com.example.front.ToSofa');
    expect(await rejectionMessage(sofa.call('nope', []))).toContain('[4010 NoSofaRpcMethodFound]');
  });
});
