import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { echoService, setSofaHessianVersion, startSofaClient, startSofaServer, type SofaPeerServer } from './sofa-peer.js';

const ECHO = 'com.example.echo.EchoService';

// sofa-rpc-node out of the box: its "3.0" Hessian dialect (this file runs in its own worker).
describe('HTTP front → SOFARPC backend speaking the 3.x Hessian dialect (sofa-rpc-node default)', () => {
  let server: SofaPeerServer;
  let gw: TestGateway;

  beforeAll(async () => {
    setSofaHessianVersion('3.0');
    server = await startSofaServer({ [ECHO]: echoService });
    const backend = (method: string, args: unknown[]) => ({ protocol: 'sofarpc', cluster: 'sofa', service: ECHO, method, args, hessian: '3.x' });
    const config = baseConfig({
      clusters: [{ name: 'sofa', endpoints: [{ url: `bolt://127.0.0.1:${server.port}` }] }],
      apis: [
        { name: 'user', group: 'g', match: { path: '/user', type: 'exact' }, backend: backend('user', [{ source: 'bodyWhole', type: 'com.example.User' }]) },
        { name: 'echo', group: 'g', match: { path: '/echo', type: 'exact' }, backend: backend('echo', [{ source: 'body', key: '$.text', type: 'java.lang.String' }]) },
        { name: 'front-user', group: 'g', match: { rpc: { service: 'com.example.front.Old', method: 'user' } }, backend: backend('user', []) },
      ],
    });
    config.listen = { http: 0, admin: 0, bolt: 0 };
    gw = await startTestGateway(config);
  });

  afterAll(async () => {
    await gw?.stop();
    await server?.close();
    setSofaHessianVersion('4.0');
  });

  it('http→sofarpc (hessian 3.x) - objects travel in the draft dialect both ways', async () => {
    const response = await fetch(`${gw.url}/user`, { method: 'POST', body: JSON.stringify({ name: 'ada' }) });
    expect(await response.json()).toMatchObject({ name: 'ada', seen: true });
    const echo = await fetch(`${gw.url}/echo`, { method: 'POST', body: JSON.stringify({ text: 'old' }) });
    expect(await echo.json()).toBe('old');
  });

  it('bolt→sofarpc (hessian 3.x) - the front answers a 3.x caller in its own dialect', async () => {
    const client = await startSofaClient(`127.0.0.1:${gw.gateway.boltPort}`, 'com.example.front.Old');
    try {
      expect(await client.call('user', [{ $class: 'com.example.User', $: { name: 'bob' } }])).toMatchObject({ name: 'bob', seen: true });
    } finally {
      await client.close();
    }
  });
});
