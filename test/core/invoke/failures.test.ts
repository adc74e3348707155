import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../support/gateway-harness.js';
import { closedPort, startRawUpstream } from '../../support/upstreams.js';
import { call, closable, cluster, digestField, digestLines, errorBody, gatewayConfig, httpApi, newClient, useCleanup, waitFor, type Answer } from './invoke-fixtures.js';

const track = useCleanup();

/** A gateway with API `/f` over a cluster of the given endpoint URLs. */
async function gatewayTo(urls: readonly string[], timeoutMs?: number) {
  return track(closable(await startTestGateway(gatewayConfig([httpApi('f', '/f', 'c', { timeoutMs })], [cluster('c', urls)]))));
}

/** A raw upstream that runs `onRequest` once the first bytes of a request arrived; keeps its sockets. */
async function rawUpstream(onRequest: (socket: Socket) => void) {
  const sockets: Socket[] = [];
  const upstream = track(await startRawUpstream((socket) => {
    sockets.push(socket);
    socket.once('data', () => onRequest(socket));
    socket.on('error', () => undefined);
  }));
  return { upstream, sockets };
}

function expectGatewayAnswer(answer: Answer, status: number, code: number, memo: string): void {
  expect(answer.status).toBe(status);
  expect(answer.code).toBe(code);
  const body = errorBody(answer);
  expect(body.code).toBe(code);
  expect(body.memo).toBe(memo);
  expect(body.traceId).toMatch(/\S/);
}

describe('failures - before the response head', () => {
  it('failures - an upstream that is down answers 502 with code 4002', async () => {
    const gw = await gatewayTo([`http://127.0.0.1:${await closedPort()}`]);
    const answer = await call(`${gw.url}/f`);
    expectGatewayAnswer(answer, 502, 4002, 'UnknownProxyError');
    expect(errorBody(answer).tips).toContain('ECONNREFUSED');
  });

  it('failures - an upstream that never answers gives 504 with code 4001, and its connection is dropped', async () => {
    const { upstream, sockets } = await rawUpstream(() => undefined);
    const gw = await gatewayTo([upstream.url], 250);
    const answer = await call(`${gw.url}/f`);
    expectGatewayAnswer(answer, 504, 4001, 'InvokeServiceTimeout');
    expect(sockets).toHaveLength(1);
    await waitFor(() => (sockets[0] as Socket).destroyed || (sockets[0] as Socket).readableEnded, 'the gateway to drop the silent connection');
  });

  it('failures - an answer later than the API timeout is never delivered: the client gets 4001', async () => {
    // 250 ms budget, answer at 750 ms. Both timers run on this one event loop and the gateway's was
    // armed first, so it always fires first: an order of events, not a stopwatch.
    const { upstream } = await rawUpstream((socket) => {
      const timer = setTimeout(() => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nlate'), 750);
      socket.once('close', () => clearTimeout(timer));
    });
    const gw = await gatewayTo([upstream.url], 250);
    const answer = await call(`${gw.url}/f`);
    expectGatewayAnswer(answer, 504, 4001, 'InvokeServiceTimeout');
  });

  it('failures - a call that timed out waiting for a pool connection is never sent', async () => {
    let requests = 0;
    const { upstream, sockets } = await rawUpstream(() => void requests++);
    const apis = [httpApi('slow', '/slow', 'c', { timeoutMs: 10_000 }), httpApi('quick', '/quick', 'c', { timeoutMs: 250 })];
    const gw = track(closable(await startTestGateway(gatewayConfig(apis, [cluster('c', [upstream.url], { pool: { connections: 1 } })]))));
    const client = track(newClient(2));
    // The slow call holds the pool's only connection; the quick one queues behind it and times out.
    const slow = call(`${gw.url}/slow`, { dispatcher: client });
    await waitFor(() => requests === 1, 'the slow call to reach the upstream');
    const quick = await call(`${gw.url}/quick`, { dispatcher: client });
    expectGatewayAnswer(quick, 504, 4001, 'InvokeServiceTimeout');
    // Free the connection: the queued request is handed a socket and must be dropped, not sent.
    (sockets[0] as Socket).resetAndDestroy();
    expect((await slow).code).toBe(4002);
    const pool = gw.gateway.snapshots.current.clusters.get('c')?.endpoints[0]?.pool;
    await waitFor(() => pool !== undefined && pool.stats.size === 0, 'the pool to have nothing queued or running');
    expect(requests).toBe(1);
  });

  it('failures - an upstream that resets the connection before answering gives 4002', async () => {
    const { upstream } = await rawUpstream((socket) => socket.resetAndDestroy());
    const gw = await gatewayTo([upstream.url]);
    const answer = await call(`${gw.url}/f`);
    expectGatewayAnswer(answer, 502, 4002, 'UnknownProxyError');
  });

  it('failures - an upstream that resets while the request body is still arriving: the client still gets 4002', async () => {
    const { upstream } = await rawUpstream((socket) => socket.resetAndDestroy());
    const gw = await gatewayTo([upstream.url]);
    // The client declares 1 MiB, sends 64 KiB and waits: the answer must come while it is mid-upload.
    const upload = new PassThrough();
    upload.write(Buffer.alloc(64 * 1024, 1));
    try {
      const response = await request(`${gw.url}/f`, { method: 'POST', body: upload, headers: { 'content-length': String(1024 * 1024) } });
      const body = await response.body.json() as { code: number };
      expect(response.statusCode).toBe(502);
      expect(response.headers['x-gateway-result-code']).toBe('4002');
      expect(body.code).toBe(4002);
    } finally {
      upload.destroy();
    }
  });

  it('failures - an upstream that answers something other than HTTP gives 4002', async () => {
    const { upstream } = await rawUpstream((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\nthis is not http\r\n\r\n'));
    const gw = await gatewayTo([upstream.url]);
    const answer = await call(`${gw.url}/f`);
    expectGatewayAnswer(answer, 502, 4002, 'UnknownProxyError');
  });

  it('failures - a cluster with no endpoints answers 400 with code 4000', async () => {
    const gw = await gatewayTo([]);
    const answer = await call(`${gw.url}/f`);
    expectGatewayAnswer(answer, 400, 4000, 'NoProxyServiceFound');
    expect(errorBody(answer).tips).toContain('c');
  });
});

describe('failures - after the response head', () => {
  it('failures - a reset mid-body truncates the client answer and the digest records 4002', async () => {
    const { upstream, sockets } = await rawUpstream((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 100000\r\n\r\n');
      socket.write(Buffer.alloc(1000, 7));
    });
    const gw = await gatewayTo([upstream.url]);
    const response = await fetch(`${gw.url}/f/midbody`);
    // The head went out before the failure: the client got the upstream's status and length.
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('100000');
    // Only now, with the head at the client, the upstream resets: the failure is surely mid-body.
    (sockets[0] as Socket).resetAndDestroy();
    await expect(response.arrayBuffer()).rejects.toThrow();
    const line = await waitFor(async () => (await digestLines(gw.logDir)).find((l) => digestField(l, 2) === '/f/midbody'), 'the digest line');
    expect(digestField(line, 3)).toBe('N');
    expect(digestField(line, 4)).toBe('4002');
    expect(digestField(line, 14)).toBe(`127.0.0.1:${upstream.port}`);
  });
});
