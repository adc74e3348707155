import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { BreakerState, BreakerStateEvent } from '../../../core/invoke/endpoint-breaker.js';
import { startTestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, startRawUpstream } from '../../support/upstreams.js';
import { call, closable, cluster, errorBody, gatewayConfig, httpApi, startCountingUpstream, useCleanup, waitFor, type Answer } from './invoke-fixtures.js';

const track = useCleanup();

/** Opens after 3 calls when more than half failed; stays open long enough never to reset mid-test. */
const STICKY = Object.freeze({ errorThresholdPercentage: 50, resetTimeoutMs: 60_000, volumeThreshold: 3, rollingCountTimeoutMs: 10_000 });
/** Like STICKY, but lets a trial through after 300 ms. */
const RESETTING = Object.freeze({ ...STICKY, resetTimeoutMs: 300 });

/** An upstream that resets every connection on its first bytes, counting them. */
async function resettingUpstream() {
  const seen = { requests: 0 };
  const upstream = track(await startRawUpstream((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      seen.requests++;
      socket.resetAndDestroy();
    });
  }));
  return { url: upstream.url, address: `127.0.0.1:${upstream.port}`, seen };
}

/** Breaker state changes as the invoker publishes them, filtered to one endpoint. */
function watchBreaker(endpoint: string): { states: BreakerState[]; close(): void } {
  const states: BreakerState[] = [];
  const listener = (message: unknown): void => {
    const event = message as BreakerStateEvent;
    if (event.endpoint === endpoint) states.push(event.state);
  };
  subscribe('gantry:invoke:breaker-state', listener);
  return { states, close: () => void unsubscribe('gantry:invoke:breaker-state', listener) };
}

async function breakerGauge(adminUrl: string, clusterName: string, endpoint: string): Promise<number | undefined> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`gantry_upstream_breaker_state{cluster="${clusterName}",endpoint="${endpoint}"}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function calls(url: string, n: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < n; i++) answers.push(await call(url));
  return answers;
}

function expectAllBreakersOpen(answer: Answer): void {
  expect(answer.status).toBe(502);
  expect(answer.code).toBe(4002);
  expect(errorBody(answer).tips).toMatch(/open circuit breaker/);
}

describe('breaker - opening', () => {
  it('breaker - opens after volumeThreshold failures and traffic moves to the healthy endpoint', async () => {
    const bad = await resettingUpstream();
    const good = track(await startHttpUpstream());
    const watch = track(watchBreaker(bad.address));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('b', '/b', 'c')], [cluster('c', [bad.url, good.url], { breaker: STICKY })]))));
    // Round-robin: bad, good, bad, good, bad (third failure opens it), good.
    expect((await calls(`${gw.url}/b`, 6)).map((a) => a.code)).toEqual([4002, 1000, 4002, 1000, 4002, 1000]);
    expect(watch.states).toEqual([2]);
    const after = await calls(`${gw.url}/b`, 8);
    expect(after.every((a) => a.status === 200 && a.code === 1000)).toBe(true);
    expect(bad.seen.requests).toBe(3);
    expect(good.received).toHaveLength(11);
    expect(await breakerGauge(gw.adminUrl, 'c', bad.address)).toBe(2);
    expect(await breakerGauge(gw.adminUrl, 'c', `127.0.0.1:${good.port}`)).toBe(0);
  });

  it('breaker - with its only endpoint open the cluster answers 4002 and the upstream sees nothing more', async () => {
    const bad = await resettingUpstream();
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('b', '/b', 'c')], [cluster('c', [bad.url], { breaker: STICKY })]))));
    const failing = await calls(`${gw.url}/b`, 3);
    expect(failing.map((a) => a.code)).toEqual([4002, 4002, 4002]);
    expect(errorBody(failing[0] as Answer).tips).not.toMatch(/breaker/);
    for (const answer of await calls(`${gw.url}/b`, 5)) expectAllBreakersOpen(answer);
    expect(bad.seen.requests).toBe(3);
    expect(await breakerGauge(gw.adminUrl, 'c', bad.address)).toBe(2);
  });

  it('breaker - 4xx and 5xx answers are results, not failures: they never open the breaker', async () => {
    const upstream = track(await startHttpUpstream((req, res) => {
      res.writeHead(req.url?.endsWith('/missing') ? 404 : 500, { 'content-type': 'text/plain' });
      res.end('backend says no');
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('b', '/b', 'c')], [cluster('c', [upstream.url], { breaker: STICKY })]))));
    const answers = [...await calls(`${gw.url}/b/broken`, 6), ...await calls(`${gw.url}/b/missing`, 6)];
    expect(answers.map((a) => a.code)).toEqual([...Array<number>(6).fill(6301), ...Array<number>(6).fill(6205)]);
    expect(answers.every((a) => a.body.toString() === 'backend says no')).toBe(true);
    expect(upstream.received).toHaveLength(12);
    expect(await breakerGauge(gw.adminUrl, 'c', `127.0.0.1:${upstream.port}`)).toBe(0);
  });
});

describe('breaker - recovery', () => {
  it('breaker - half-open after resetTimeoutMs lets one trial through and closes on its success', async () => {
    let healthy = false;
    let held: ServerResponse | undefined;
    const upstream = track(await startCountingUpstream((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      if (!healthy) return void res.socket?.destroy();
      held = res; // answered by the test, so the trial is still running when the second call comes
    }));
    const address = upstream.url.slice('http://'.length);
    const watch = track(watchBreaker(address));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('b', '/b', 'c', { timeoutMs: 5000 })], [cluster('c', [upstream.url], { breaker: RESETTING })]))));
    expect((await calls(`${gw.url}/b`, 3)).map((a) => a.code)).toEqual([4002, 4002, 4002]);
    expect(watch.states).toEqual([2]);
    healthy = true;
    await waitFor(() => watch.states.length === 2, 'the breaker to go half-open');
    expect(watch.states).toEqual([2, 1]);
    expect(await breakerGauge(gw.adminUrl, 'c', address)).toBe(1);

    const trial = call(`${gw.url}/b/trial`);
    const trialArrived = await waitFor(() => held, 'the trial call to reach the upstream');
    // While the trial runs, nothing else is let through.
    expectAllBreakersOpen(await call(`${gw.url}/b/second`));
    expect(upstream.requests).toBe(4);
    trialArrived.writeHead(200, { 'content-length': '5' });
    trialArrived.end('trial');
    const answer = await trial;
    expect(answer.code).toBe(1000);
    expect(answer.body.toString()).toBe('trial');
    expect(watch.states).toEqual([2, 1, 0]);
    expect(await breakerGauge(gw.adminUrl, 'c', address)).toBe(0);
  });

  it('breaker - while a trial runs, the balancer sends the other calls to the healthy endpoint', async () => {
    let healthy = false;
    let held: ServerResponse | undefined;
    const flaky = track(await startCountingUpstream((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      if (!healthy) return void res.socket?.destroy();
      held = res;
    }));
    const good = track(await startHttpUpstream());
    const watch = track(watchBreaker(flaky.url.slice('http://'.length)));
    const clusters = [cluster('c', [flaky.url, good.url], { breaker: RESETTING })];
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('b', '/b', 'c', { timeoutMs: 5000 })], clusters))));
    expect((await calls(`${gw.url}/b`, 6)).map((a) => a.code)).toEqual([4002, 1000, 4002, 1000, 4002, 1000]);
    healthy = true;
    await waitFor(() => watch.states.length === 2, 'the breaker to go half-open');

    // Round-robin is back at the flaky endpoint: this call is its trial.
    const trial = call(`${gw.url}/b/trial`);
    const trialArrived = await waitFor(() => held, 'the trial call to reach the flaky upstream');
    const during = await calls(`${gw.url}/b/during`, 4);
    expect(during.map((a) => a.code)).toEqual([1000, 1000, 1000, 1000]);
    expect(flaky.requests).toBe(4);
    trialArrived.writeHead(204);
    trialArrived.end();
    expect((await trial).code).toBe(1804);
    expect(watch.states).toEqual([2, 1, 0]);
  });

  it('breaker - a failed trial opens the breaker again', async () => {
    const bad = await resettingUpstream();
    const watch = track(watchBreaker(bad.address));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('b', '/b', 'c')], [cluster('c', [bad.url], { breaker: RESETTING })]))));
    await calls(`${gw.url}/b`, 3);
    await waitFor(() => watch.states.length === 2, 'the breaker to go half-open');
    const trial = await call(`${gw.url}/b`);
    expect(trial.code).toBe(4002);
    expect(errorBody(trial).tips).not.toMatch(/breaker/);
    expect(watch.states).toEqual([2, 1, 2]);
    expect(bad.seen.requests).toBe(4);
    expectAllBreakersOpen(await call(`${gw.url}/b`));
    expect(bad.seen.requests).toBe(4);
  });
});

describe('breaker - config swaps', () => {
  it('breaker - an open breaker survives a config push that changes only another API', async () => {
    const bad = await resettingUpstream();
    const other = track(await startHttpUpstream());
    const apis = [httpApi('b', '/b', 'c')];
    const clusters = [cluster('c', [bad.url], { breaker: STICKY }), cluster('o', [other.url])];
    const gw = track(closable(await startTestGateway(gatewayConfig(apis, clusters))));
    await calls(`${gw.url}/b`, 3);
    expectAllBreakersOpen(await call(`${gw.url}/b`));

    const pushed = await gw.source.push(gatewayConfig([...apis, httpApi('o', '/o', 'o')], clusters));
    expect(pushed.kind).toBe('applied');
    expect((await call(`${gw.url}/o`)).code).toBe(1000);
    expectAllBreakersOpen(await call(`${gw.url}/b`));
    expect(bad.seen.requests).toBe(3);
    expect(await breakerGauge(gw.adminUrl, 'c', bad.address)).toBe(2);
  });

  it('breaker - a changed breaker config for the cluster starts a fresh, closed breaker', async () => {
    const bad = await resettingUpstream();
    const apis = [httpApi('b', '/b', 'c')];
    const gw = track(closable(await startTestGateway(gatewayConfig(apis, [cluster('c', [bad.url], { breaker: STICKY })]))));
    await calls(`${gw.url}/b`, 3);
    expectAllBreakersOpen(await call(`${gw.url}/b`));

    const pushed = await gw.source.push(gatewayConfig(apis, [cluster('c', [bad.url], { breaker: { ...STICKY, volumeThreshold: 4 } })]));
    expect(pushed.kind).toBe('applied');
    expect(await breakerGauge(gw.adminUrl, 'c', bad.address)).toBe(0);
    // The fresh breaker lets calls reach the upstream again, and needs four failures of its own.
    const answers = await calls(`${gw.url}/b`, 4);
    expect(answers.every((a) => a.code === 4002 && !/breaker/.test(errorBody(a).tips ?? ''))).toBe(true);
    expect(bad.seen.requests).toBe(7);
    expectAllBreakersOpen(await call(`${gw.url}/b`));
    expect(bad.seen.requests).toBe(7);
  });
});
