import type { ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../support/gateway-harness.js';
import { startRawUpstream } from '../../support/upstreams.js';
import { call, closable, cluster, gatewayConfig, httpApi, newClient, startCountingUpstream, useCleanup, waitFor } from './invoke-fixtures.js';

const track = useCleanup();

/** Sends `total` GETs to `url`, `concurrency` at a time; returns how often each result code came back. */
async function callMany(url: string, total: number, concurrency: number, dispatcher: Dispatcher): Promise<Map<number, number>> {
  const codes = new Map<number, number>();
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < total) {
      sent++;
      const answer = await call(url, { dispatcher });
      codes.set(answer.code, (codes.get(answer.code) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return codes;
}

/** Open TCP sockets of this process (client, gateway and upstream ends alike). */
function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
}

/** `global.gc` exists only when the runner was started with --expose-gc; this suite adds no flags. */
function forcedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  return typeof gc === 'function' ? gc : undefined;
}

describe('resources - connection pools', () => {
  it('resources - 200 calls reuse at most pool.connections upstream connections', async () => {
    const upstream = track(await startCountingUpstream());
    const config = gatewayConfig([httpApi('p', '/p', 'c')], [cluster('c', [upstream.url], { pool: { connections: 4 } })]);
    const gw = track(closable(await startTestGateway(config)));
    const client = track(newClient(12));
    const codes = await callMany(`${gw.url}/p`, 200, 12, client);
    expect(codes).toEqual(new Map([[1000, 200]]));
    expect(upstream.requests).toBe(200);
    expect(upstream.accepted).toBeGreaterThanOrEqual(1);
    expect(upstream.accepted).toBeLessThanOrEqual(4);
    expect(upstream.open).toBe(upstream.accepted);
  });

  it('resources - a removed cluster keeps its pool until its last call ends, then closes it', async () => {
    let held: ServerResponse | undefined;
    const upstream = track(await startCountingUpstream((req, res) => {
      req.resume();
      if (req.url === '/p/hold') held = res;
      else res.end('ok');
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('p', '/p', 'c', { timeoutMs: 5000 })], [cluster('c', [upstream.url])]))));
    const client = track(newClient(8));
    expect(await callMany(`${gw.url}/p`, 20, 4, client)).toEqual(new Map([[1000, 20]]));
    const inFlight = call(`${gw.url}/p/hold`, { dispatcher: client });
    const response = await waitFor(() => held, 'the held call to reach the upstream');

    const pushed = await gw.source.push(gatewayConfig([], []));
    expect(pushed.kind).toBe('applied');
    expect((await call(`${gw.url}/p`, { dispatcher: client })).code).toBe(3000);
    // The old snapshot still serves its call: the pool is open and the call completes normally.
    expect(upstream.open).toBeGreaterThanOrEqual(1);
    response.end('released');
    const answer = await inFlight;
    expect(answer.code).toBe(1000);
    expect(answer.body.toString()).toBe('released');
    await waitFor(() => upstream.open === 0, 'the old pool to close its upstream connections');
    expect(gw.gateway.handler.inFlight).toBe(0);
  });
});

describe('resources - failures leak nothing', () => {
  /** An upstream that reads and never answers, behind a gateway whose breaker opens on one failure. */
  async function silentUpstreamBehindOneCallBreaker() {
    const sockets: Socket[] = [];
    const upstream = track(await startRawUpstream((socket: Socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => sockets.push(socket));
    }));
    const breaker = { errorThresholdPercentage: 1, resetTimeoutMs: 60_000, volumeThreshold: 1, rollingCountTimeoutMs: 10_000 };
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('p', '/p', 'c', { timeoutMs: 5000 })], [cluster('c', [upstream.url], { breaker })]))));
    return { sockets, upstream, gw };
  }

  it('resources - a client that leaves before the answer frees the upstream connection', async () => {
    const { sockets, upstream, gw } = await silentUpstreamBehindOneCallBreaker();
    const leaving = new AbortController();
    const pending = fetch(`${gw.url}/p`, { signal: leaving.signal });
    const upstreamSide = await waitFor(() => sockets[0], 'the call to reach the upstream');
    leaving.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => upstreamSide.destroyed || upstreamSide.readableEnded, 'the gateway to drop the upstream connection');
    await waitFor(() => gw.gateway.handler.inFlight === 0, 'the call to end');
    // The client left; that says nothing about the endpoint, so even a 1-call breaker stays closed.
    const text = await (await fetch(`${gw.adminUrl}/metrics`)).text();
    expect(text).toContain(`gantry_upstream_breaker_state{cluster="c",endpoint="127.0.0.1:${upstream.port}"} 0`);
  });

  it('resources - a client that leaves mid-upload frees the upstream connection and does not trip the breaker', async () => {
    const { sockets, upstream, gw } = await silentUpstreamBehindOneCallBreaker();
    const client = connect(Number(new URL(gw.url).port), '127.0.0.1');
    client.on('error', () => undefined);
    client.write(`POST /p HTTP/1.1\r\nhost: gateway.test\r\ncontent-length: ${1024 * 1024}\r\n\r\n`);
    client.write(Buffer.alloc(64 * 1024, 1));
    const upstreamSide = await waitFor(() => sockets[0], 'the upload to reach the upstream');
    client.destroy();
    await waitFor(() => upstreamSide.destroyed || upstreamSide.readableEnded, 'the gateway to drop the upstream connection');
    await waitFor(() => gw.gateway.handler.inFlight === 0, 'the call to end');
    const text = await (await fetch(`${gw.adminUrl}/metrics`)).text();
    expect(text).toContain(`gantry_upstream_breaker_state{cluster="c",endpoint="127.0.0.1:${upstream.port}"} 0`);
  });

  it('resources - 2,000 calls to a resetting upstream leave no sockets (and no heap growth where gc is exposed)', async () => {
    const upstream = track(await startRawUpstream((socket: Socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.resetAndDestroy());
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('p', '/p', 'c')], [cluster('c', [upstream.url])]))));
    const baselineSockets = openTcpSockets();
    const gc = forcedGc();

    const warmClient = newClient(20);
    expect(await callMany(`${gw.url}/p`, 200, 20, warmClient)).toEqual(new Map([[4002, 200]]));
    await warmClient.close();
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;

    const client = newClient(20);
    try {
      expect(await callMany(`${gw.url}/p`, 2000, 20, client)).toEqual(new Map([[4002, 2000]]));
    } finally {
      await client.close();
    }
    expect(gw.gateway.handler.inFlight).toBe(0);
    // Client, gateway and upstream ends all live in this process: every one of them must close.
    await waitFor(() => openTcpSockets() <= baselineSockets, `open TCP sockets to return to ${baselineSockets}`);
    if (gc !== undefined) {
      gc();
      const growth = process.memoryUsage().heapUsed - heapBefore;
      expect(growth).toBeLessThan(16 * 1024 * 1024);
    }
  });
});
