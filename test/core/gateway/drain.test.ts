import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, startRawUpstream, type TestUpstream } from '../../support/upstreams.js';
import { call, openSocket, pollUntil, type CallResult } from '../pipeline/gateway-calls.js';

function slowConfig(upstreamUrl: string, drainTimeoutMs: number): Record<string, unknown> {
  return baseConfig({
    apis: [{ name: 'slow', group: 'g', match: { path: '/slow', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up', timeoutMs: 60_000 } }],
    clusters: [{ name: 'up', endpoints: [{ url: upstreamUrl }] }],
    limits: { drainTimeoutMs },
  });
}

/** Resolves once the port refuses new connections. */
async function refusesConnections(port: number): Promise<boolean> {
  try {
    const socket = await openSocket(port);
    socket.destroy();
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ECONNREFUSED';
  }
}

describe('gateway drain', () => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(upstream: TestUpstream, drainTimeoutMs: number): Promise<TestGateway> {
    cleanups.push(() => upstream.close());
    const gw = await startTestGateway(slowConfig(upstream.url, drainTimeoutMs));
    cleanups.push(() => gw.stop());
    return gw;
  }

  it('drain - readiness fails at once, new connections are refused, in-flight calls finish', async () => {
    // The upstream holds every answer until the test releases it (~300 ms of work, without a clock).
    const held: ServerResponse[] = [];
    const upstream = await startHttpUpstream((_request, response) => { held.push(response); });
    const gw = await start(upstream, 10_000);
    const port = gw.gateway.httpPort;

    const calls = Array.from({ length: 5 }, (_, i) => call(gw.url, `/slow/${i}`));
    await pollUntil(() => (held.length === 5 ? true : undefined), 'five calls at the upstream');

    let drained: { unfinishedCalls: number } | undefined;
    const draining = gw.gateway.drain().then((result) => (drained = result));

    const ready = await pollUntil(async () => {
      const answer = await call(gw.adminUrl, '/readyz');
      return answer.status === 503 ? answer : undefined;
    }, 'readyz 503');
    expect(ready.json()).toMatchObject({ ready: false, reason: 'draining' });
    await pollUntil(async () => ((await refusesConnections(port)) ? true : undefined), 'listener closed');
    expect(drained).toBeUndefined();
    expect(gw.gateway.handler.inFlight).toBe(5);

    for (const response of held) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('done');
    }
    const answers: CallResult[] = await Promise.all(calls);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.text)).toEqual(['done', 'done', 'done', 'done', 'done']);
    // While draining, each answer tells the client not to reuse the connection.
    expect(answers.map((a) => a.headers.connection)).toEqual(['close', 'close', 'close', 'close', 'close']);
    expect(await draining).toEqual({ unfinishedCalls: 0 });
    expect(gw.gateway.handler.inFlight).toBe(0);
  });

  it('drain - past drainTimeoutMs the unfinished calls are counted and their connections cut', async () => {
    // Accepts the connection and never answers.
    const upstream = await startRawUpstream((socket) => { socket.on('error', () => undefined); });
    const gw = await start(upstream, 100);

    const calls = Array.from({ length: 3 }, (_, i) => call(gw.url, `/slow/${i}`).then(
      (answer) => ({ ok: true as const, answer }),
      (error: unknown) => ({ ok: false as const, code: (error as { code?: string }).code }),
    ));
    await pollUntil(() => (gw.gateway.handler.inFlight === 3 ? true : undefined), 'three calls in flight');

    const result = await gw.gateway.drain();
    expect(result.unfinishedCalls).toBe(3);
    const outcomes = await Promise.all(calls);
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.code).toBe('ECONNRESET');
    }
    // The cut calls finish on the gateway side too: nothing is left holding the old snapshot.
    await pollUntil(() => (gw.gateway.handler.inFlight === 0 ? true : undefined), 'cut calls ended');
  });
});
