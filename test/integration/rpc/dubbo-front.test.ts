import { describe, expect, it } from 'vitest';
import { useFrontSuite } from './rpc-fixture.js';
import { rejectionMessage, type SofaPeerClient } from './sofa-peer.js';

describe('Dubbo front (sofa-rpc-node RpcClient speaking dubbo-remoting as caller)', () => {
  const suite = useFrontSuite('dubbo');
  const client = (service: string): Promise<SofaPeerClient> => suite.client(service);

  it('dubbo→http - arguments become the JSON body by the reversed mapping', async () => {
    const calc = await client('com.example.front.ToHttp');
    expect(await calc.call('add', [{ $class: 'int', $: 40 }, { $class: 'int', $: 2 }])).toEqual({ sum: 42 });
    expect(suite.fx.http.received.at(-1)).toMatchObject({ method: 'POST', url: '/calc/add', body: '{"a":40,"b":2}' });
  });

  it('dubbo→http - a backend 500 reaches the caller as an exception', async () => {
    const calc = await client('com.example.front.ToHttp');
    expect(await rejectionMessage(calc.call('fail', []))).toContain('[6301] calc is down');
  });

  it('dubbo→sofarpc - converted to a SOFARPC call; the trace id attachment becomes the Bolt trace context', async () => {
    const echo = await client('com.example.front.ToSofa');
    expect(await echo.call('echo', [{ $class: 'java.lang.String', $: 'hi' }], { traceId: 'trace-dubbo-1' })).toBe('hi');
    expect(suite.fx.sofa.seenProps.at(-1)).toMatchObject({ rpc_trace_context: { sofaTraceId: 'trace-dubbo-1' } });
    expect(await echo.call('user', [{ $class: 'com.example.User', $: { name: 'ada' } }])).toMatchObject({ name: 'ada', seen: true });
  });

  it('dubbo→sofarpc - a remote exception comes back as an exception with 5007', async () => {
    const echo = await client('com.example.front.ToSofa');
    const message = await rejectionMessage(echo.call('fail', [{ $class: 'java.lang.String', $: 'sold out' }]));
    expect(message).toContain('5007');
    expect(message).toContain('refused: sold out');
  });

  it('dubbo→dubbo - pass-through; falsy results and the trace id survive', async () => {
    const echo = await client('com.example.front.ToDubbo');
    expect(await echo.call('echo', [{ $class: 'java.lang.String', $: 'same' }], { traceId: 'trace-dubbo-2' })).toBe('same');
    expect(suite.fx.dubbo.seenProps.at(-1)).toMatchObject({ traceId: 'trace-dubbo-2' });
    expect(await echo.call('add', [{ $class: 'int', $: 1 }, { $class: 'int', $: 2 }])).toBe(3);
    expect(await echo.call('zero', [])).toBe(0);
  });

  it('dubbo→dubbo - a Dubbo exception comes back as an exception', async () => {
    const echo = await client('com.example.front.ToDubbo');
    expect(await rejectionMessage(echo.call('fail', [{ $class: 'java.lang.String', $: 'x' }]))).toContain('refused: x');
  });

  it('dubbo front - unknown service → 4011', async () => {
    const nobody = await client('com.example.front.Nobody');
    expect(await rejectionMessage(nobody.call('echo', []))).toContain('[4011 NoSofaRpcServiceFound]');
  });
});
