/**
 * The peers and gateway shared by the RPC front suites: a SOFARPC provider (sofa-rpc-node over
 * Bolt), a Dubbo provider (sofa-rpc-node speaking dubbo-remoting), an HTTP upstream, and a gateway
 * with its Bolt and Dubbo fronts open, routing `com.example.front.To{Http,Sofa,Dubbo}` to each.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';
import { echoService, startSofaClient, startSofaServer, type SofaPeerClient, type SofaPeerServer } from './sofa-peer.js';

const require = createRequire(import.meta.url);
export const dubboProtocol: unknown = require('dubbo-remoting');
export const ECHO = 'com.example.echo.EchoService';

export interface RpcFixture {
  readonly gw: TestGateway;
  readonly sofa: SofaPeerServer;
  readonly dubbo: SofaPeerServer;
  readonly http: TestUpstream;
  readonly boltAddress: string;
  readonly dubboAddress: string;
  close(): Promise<void>;
}

function frontApi(name: string, service: string, method: string, backend: Record<string, unknown>, args?: unknown[]): Record<string, unknown> {
  return { name, group: 'g', match: { rpc: { service, version: '1.0', method, ...(args === undefined ? {} : { args }) } }, backend };
}

/** The HTTP upstream: `/calc/add` sums `{a, b}`, `/calc/fail` answers 500, anything else echoes. */
function calc(): Promise<TestUpstream> {
  return startHttpUpstream((request, response, body) => {
    if (request.url?.startsWith('/calc/add') === true) {
      const { a, b } = JSON.parse(body) as { a: number; b: number };
      response.writeHead(200, { 'content-type': 'application/json', 'x-seen-trace': String(request.headers['x-gateway-trace-id'] ?? '') });
      response.end(JSON.stringify({ sum: a + b }));
    } else if (request.url?.startsWith('/calc/fail') === true) {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('calc is down');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ url: request.url, body: body === '' ? null : JSON.parse(body) as unknown }));
    }
  });
}

export async function startRpcFixture(): Promise<RpcFixture> {
  const sofa = await startSofaServer({ [ECHO]: echoService });
  const dubbo = await startSofaServer({ [ECHO]: echoService }, { protocol: dubboProtocol });
  const http = await calc();
  const toSofa = (method: string) => ({ protocol: 'sofarpc', cluster: 'sofa', service: ECHO, version: '1.0', method, timeoutMs: 2000 });
  const toDubbo = (method: string) => ({ protocol: 'dubbo', cluster: 'dubbo', service: ECHO, version: '1.0', method, timeoutMs: 2000 });
  const config = baseConfig({
    clusters: [
      { name: 'sofa', endpoints: [{ url: `bolt://127.0.0.1:${sofa.port}` }] },
      { name: 'dubbo', endpoints: [{ url: `dubbo://127.0.0.1:${dubbo.port}` }] },
      { name: 'calc', endpoints: [{ url: http.url }] },
    ],
    apis: [
      frontApi('to-http-add', 'com.example.front.ToHttp', 'add', { protocol: 'http', cluster: 'calc', path: '/calc/add' }, [
        { source: 'body', key: '$.a', type: 'int' },
        { source: 'body', key: '$.b', type: 'int' },
      ]),
      frontApi('to-http-echo', 'com.example.front.ToHttp', 'echo', { protocol: 'http', cluster: 'calc', path: '/calc/echo' }),
      frontApi('to-http-fail', 'com.example.front.ToHttp', 'fail', { protocol: 'http', cluster: 'calc', path: '/calc/fail' }),
      frontApi('to-sofa-echo', 'com.example.front.ToSofa', 'echo', toSofa('echo')),
      frontApi('to-sofa-user', 'com.example.front.ToSofa', 'user', toSofa('user')),
      frontApi('to-sofa-big', 'com.example.front.ToSofa', 'big', toSofa('big')),
      frontApi('to-sofa-nothing', 'com.example.front.ToSofa', 'nothing', toSofa('nothing')),
      frontApi('to-sofa-fail', 'com.example.front.ToSofa', 'fail', toSofa('fail')),
      frontApi('to-dubbo-echo', 'com.example.front.ToDubbo', 'echo', toDubbo('echo')),
      frontApi('to-dubbo-add', 'com.example.front.ToDubbo', 'add', toDubbo('add')),
      frontApi('to-dubbo-zero', 'com.example.front.ToDubbo', 'zero', toDubbo('zero')),
      frontApi('to-dubbo-fail', 'com.example.front.ToDubbo', 'fail', toDubbo('fail')),
      { name: 'http-to-http', group: 'g', match: { path: '/calc', type: 'prefix' }, backend: { protocol: 'http', cluster: 'calc' } },
    ],
  });
  config.listen = { http: 0, admin: 0, bolt: 0, dubbo: 0 };
  const gw = await startTestGateway(config);
  return {
    gw,
    sofa,
    dubbo,
    http,
    boltAddress: `127.0.0.1:${gw.gateway.boltPort}`,
    dubboAddress: `127.0.0.1:${gw.gateway.dubboPort}`,
    async close() {
      await gw.stop();
      await sofa.close();
      await dubbo.close();
      await http.close();
    },
  };
}

/** A front suite's shared setup: one fixture for the suite, and callers of one front opened on demand. */
export interface FrontSuite {
  /** The suite's fixture (set before the first test). */
  readonly fx: RpcFixture;
  /** A sofa-rpc-node client of `service` through the front, closed after the suite. */
  client(service: string, options?: { protocol?: unknown }): Promise<SofaPeerClient>;
}

/** Registers beforeAll/afterAll for a suite that calls the gateway's Bolt or Dubbo front. */
export function useFrontSuite(front: 'bolt' | 'dubbo'): FrontSuite {
  let fixture: RpcFixture | undefined;
  const clients: SofaPeerClient[] = [];
  const suite: FrontSuite = {
    get fx(): RpcFixture {
      if (fixture === undefined) throw new Error('the RPC fixture is not started yet');
      return fixture;
    },
    async client(service, options = {}) {
      const address = front === 'bolt' ? suite.fx.boltAddress : suite.fx.dubboAddress;
      const protocol = options.protocol ?? (front === 'dubbo' ? dubboProtocol : undefined);
      const started = await startSofaClient(address, service, protocol === undefined ? {} : { protocol });
      clients.push(started);
      return started;
    },
  };
  beforeAll(async () => {
    fixture = await startRpcFixture();
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await fixture?.close();
  });
  return suite;
}
