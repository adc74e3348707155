import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRpcFixture, type RpcFixture } from './rpc-fixture.js';

// The ninth combination of the matrix, on the gateway that also runs the Bolt and Dubbo fronts:
// HTTP keeps working unchanged beside them (and an RPC-only API is not reachable over HTTP).
describe('HTTP front → HTTP backend beside the RPC fronts', () => {
  let fx: RpcFixture;

  beforeAll(async () => {
    fx = await startRpcFixture();
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('http→http - proxied as before', async () => {
    const response = await fetch(`${fx.gw.url}/calc/add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 2, b: 3 }) });
    expect(response.headers.get('x-gateway-result-code')).toBe('1000');
    expect(await response.json()).toEqual({ sum: 5 });
  });

  it('http→http - an API matched only by rpc has no HTTP route', async () => {
    const response = await fetch(`${fx.gw.url}/com.example.front.ToSofa/echo`, { method: 'POST' });
    expect(response.headers.get('x-gateway-result-code')).toBe('3000');
    await response.arrayBuffer();
  });
});
