import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../support/gateway-harness.js';
import { closedPort, startHttpUpstream, startRawUpstream } from '../../support/upstreams.js';
import { call, closable, cluster, gatewayConfig, httpApi, useCleanup } from './invoke-fixtures.js';

const track = useCleanup();

/** A gateway with API `/r` (retries as given) over the endpoints in order, round-robin from the first. */
async function gatewayTo(urls: readonly string[], retries: number, timeoutMs?: number) {
  return track(closable(await startTestGateway(gatewayConfig([httpApi('r', '/r', 'c', { retries, timeoutMs })], [cluster('c', urls)]))));
}

/** A raw upstream that runs `onRequest` on the first bytes of each connection; counts those requests. */
async function rawUpstream(onRequest: (socket: Socket) => void) {
  const seen = { requests: 0 };
  const upstream = track(await startRawUpstream((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      seen.requests++;
      onRequest(socket);
    });
  }));
  return { url: upstream.url, seen };
}

/** An upstream answering 200 with the size and hash of the body it received. */
async function hashingUpstream() {
  return track(await startHttpUpstream((_req, res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ size: Buffer.byteLength(body, 'latin1'), sha256: createHash('sha256').update(body, 'latin1').digest('hex') }));
  }));
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('retries - never sent', () => {
  it('retries - a GET to a down endpoint is retried on the other endpoint', async () => {
    const up = track(await startHttpUpstream());
    const gw = await gatewayTo([`http://127.0.0.1:${await closedPort()}`, up.url], 1);
    // Round-robin alternates the first pick, so both orders (down first, up first) are covered.
    for (let i = 0; i < 4; i++) {
      const answer = await call(`${gw.url}/r/${i}`);
      expect(answer.status).toBe(200);
      expect(answer.code).toBe(1000);
    }
    expect(up.received.map((r) => r.url)).toEqual(['/r/0', '/r/1', '/r/2', '/r/3']);
  });

  it('retries - without retries a down endpoint answers 4002', async () => {
    const up = track(await startHttpUpstream());
    const gw = await gatewayTo([`http://127.0.0.1:${await closedPort()}`, up.url], 0);
    const answer = await call(`${gw.url}/r`);
    expect(answer.status).toBe(502);
    expect(answer.code).toBe(4002);
    expect(up.received).toHaveLength(0);
  });

  it('retries - a POST whose streamed body never left the gateway is retried with the whole body', async () => {
    const up = await hashingUpstream();
    const gw = await gatewayTo([`http://127.0.0.1:${await closedPort()}`, up.url], 1);
    // Text bytes keep the upstream's string body lossless; 256 KiB spans many socket reads.
    const payload = Buffer.from(randomBytes(128 * 1024).toString('hex'), 'latin1');
    const answer = await call(`${gw.url}/r`, { method: 'POST', body: payload, headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ size: payload.length, sha256: sha256(payload) });
    expect(up.received).toHaveLength(1);
  });

  it('retries - a chunked POST body that never left the gateway is retried with the whole body', async () => {
    const up = await hashingUpstream();
    const gw = await gatewayTo([`http://127.0.0.1:${await closedPort()}`, up.url], 1);
    const parts = Array.from({ length: 16 }, () => Buffer.from(randomBytes(4096).toString('hex'), 'latin1'));
    const answer = await call(`${gw.url}/r`, { method: 'POST', body: Readable.from(parts), headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(200);
    const whole = Buffer.concat(parts);
    expect(answer.json).toEqual({ size: whole.length, sha256: sha256(whole) });
    expect(up.received[0]?.headers['transfer-encoding']).toBe('chunked');
  });
});

describe('retries - sent, then failed', () => {
  it('retries - a POST the upstream read and then reset is not retried', async () => {
    const resetter = await rawUpstream((socket) => socket.resetAndDestroy());
    const spare = track(await startHttpUpstream());
    const gw = await gatewayTo([resetter.url, spare.url], 1);
    const answer = await call(`${gw.url}/r`, { method: 'POST', body: 'pay once', headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(502);
    expect(answer.code).toBe(4002);
    expect(resetter.seen.requests).toBe(1);
    expect(spare.received).toHaveLength(0);
  });

  it('retries - a bodiless POST the upstream reset is not retried either', async () => {
    const resetter = await rawUpstream((socket) => socket.resetAndDestroy());
    const gw = await gatewayTo([resetter.url], 2);
    const answer = await call(`${gw.url}/r`, { method: 'POST' });
    expect(answer.code).toBe(4002);
    expect(resetter.seen.requests).toBe(1);
  });

  it('retries - a GET the upstream read and then reset is retried on the other endpoint', async () => {
    const resetter = await rawUpstream((socket) => socket.resetAndDestroy());
    const spare = track(await startHttpUpstream());
    const gw = await gatewayTo([resetter.url, spare.url], 1);
    const answer = await call(`${gw.url}/r/get`);
    expect(answer.status).toBe(200);
    expect(answer.code).toBe(1000);
    expect(resetter.seen.requests).toBe(1);
    expect(spare.received.map((r) => r.url)).toEqual(['/r/get']);
  });

  it('retries - with one endpoint a reset GET is retried on the same endpoint', async () => {
    const resetter = await rawUpstream((socket) => socket.resetAndDestroy());
    const gw = await gatewayTo([resetter.url], 1);
    const answer = await call(`${gw.url}/r`);
    expect(answer.code).toBe(4002);
    expect(resetter.seen.requests).toBe(2);
  });

  it('retries - a timed-out attempt is never retried', async () => {
    const silent = await rawUpstream(() => undefined);
    const spare = track(await startHttpUpstream());
    const gw = await gatewayTo([silent.url, spare.url], 2, 250);
    const answer = await call(`${gw.url}/r`);
    expect(answer.status).toBe(504);
    expect(answer.code).toBe(4001);
    expect(silent.seen.requests).toBe(1);
    expect(spare.received).toHaveLength(0);
  });
});
