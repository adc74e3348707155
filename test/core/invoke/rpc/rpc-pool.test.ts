import { afterEach, describe, expect, it } from 'vitest';
import { EndpointBreaker } from '../../../../core/invoke/endpoint-breaker.js';
import type { UpstreamSink } from '../../../../core/invoke/invoker.js';
import { createLoadBalancer, type LoadBalancerKind } from '../../../../core/invoke/load-balancer.js';
import { compileRpcArgs } from '../../../../core/invoke/rpc/rpc-arg-spec.js';
import type { RpcCluster, RpcEndpoint } from '../../../../core/invoke/rpc/rpc-cluster.js';
import { RpcPool } from '../../../../core/invoke/rpc/rpc-pool.js';
import { boltWire } from '../../../../core/invoke/sofarpc/bolt-wire.js';
import { SofaRpcInvoker } from '../../../../core/invoke/sofarpc/sofarpc-invoker.js';
import { CallExchange } from '../../../../core/pipeline/call-exchange.js';
import { closedPort } from '../../../support/upstreams.js';
import type { BoltFrame } from '../../../../core/protocol/index.js';
import { startRawBoltServer, type RawBoltServer, type RawCall } from './raw-bolt-server.js';

const breakerSpec = { errorThresholdPercentage: 50, resetTimeoutMs: 60_000, volumeThreshold: 2, rollingCountTimeoutMs: 10_000 };
const closers: (() => unknown)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function cluster(ports: number[], options: { lb?: LoadBalancerKind; heartbeatMs?: number } = {}): RpcCluster<BoltFrame> {
  const endpoints: RpcEndpoint<BoltFrame>[] = ports.map((port) => {
    const pool = new RpcPool(boltWire, { host: '127.0.0.1', port, connections: 1, connectTimeoutMs: 1000, heartbeatMs: options.heartbeatMs ?? 60_000 }, () => 0);
    closers.push(() => pool.close());
    return { url: `bolt://127.0.0.1:${port}`, address: `127.0.0.1:${port}`, weight: 1, pool, breaker: new EndpointBreaker('c', `127.0.0.1:${port}`, breakerSpec) };
  });
  return { name: 'c', endpoints, balancer: createLoadBalancer(options.lb ?? 'round-robin', endpoints) };
}

async function server(behaviour: Parameters<typeof startRawBoltServer>[0] = {}): Promise<RawBoltServer> {
  const started = await startRawBoltServer(behaviour);
  closers.push(() => started.close());
  return started;
}

function invoker(target: RpcCluster<BoltFrame>, timeoutMs = 1000, retries = 0): SofaRpcInvoker {
  return new SofaRpcInvoker(target, {
    service: 'com.x.Echo', version: '1.0', uniqueId: undefined, method: 'echo', targetApp: undefined,
    args: compileRpcArgs([{ source: 'query', key: 'v', type: 'java.lang.String' }]), timeoutMs, retries, bodyLimitBytes: 1024, hessian: '4.x',
  });
}

/** Runs one call as the pipeline would and returns the JSON answer, or the error's result code. */
async function call(target: SofaRpcInvoker, value: string): Promise<unknown> {
  const exchange = new CallExchange('http', 'POST', '/echo', `v=${encodeURIComponent(value)}`, {}, '127.0.0.1', 1, performance.now());
  const chunks: Buffer[] = [];
  const sink: UpstreamSink = {
    finished: false,
    start: () => undefined,
    data: (chunk) => { chunks.push(chunk); return true; },
    onWritable: () => undefined,
    end: () => undefined,
    onClientGone: () => undefined,
  };
  const body = { declaredLength: 0, stream: () => null, readAll: () => Promise.resolve(Buffer.alloc(0)) };
  try {
    await target.invoke(exchange, body, sink);
    return JSON.parse(Buffer.concat(chunks).toString()) as unknown;
  } catch (error) {
    return { code: (error as { code: number }).code, detail: (error as { detail?: string }).detail };
  }
}

describe('rpc pool', () => {
  it('rpc pool - many calls share one connection and replies are matched by id, whatever their order', async () => {
    const held: RawCall[] = [];
    const peer = await server({
      onCall: (c) => {
        held.push(c);
        if (held.length === 3) for (const h of held.reverse()) h.answer(`re:${String(h.args[0])}`);
      },
    });
    const target = invoker(cluster([peer.port]));
    const answers = await Promise.all(['a', 'b', 'c'].map((v) => call(target, v)));
    expect(answers).toEqual(['re:a', 're:b', 're:c']);
    expect(peer.connections).toBe(1);
  });

  it('rpc pool - stats count open connections, idle ones and calls awaiting their reply', async () => {
    const held: RawCall[] = [];
    const peer = await server({ onCall: (c) => { held.push(c); } });
    const one = cluster([peer.port]);
    const pool = one.endpoints[0]!.pool;
    expect(pool.stats).toEqual({ connected: 0, free: 0, pending: 0, running: 0 });
    const target = invoker(one);
    const answers = Promise.all(['a', 'b'].map((v) => call(target, v)));
    while (held.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pool.stats).toEqual({ connected: 1, free: 0, pending: 0, running: 2 });
    for (const h of held) h.answer('ok');
    expect(await answers).toEqual(['ok', 'ok']);
    expect(pool.stats).toEqual({ connected: 1, free: 1, pending: 0, running: 0 });
  });

  it('rpc pool - a connection the peer dropped is replaced by the next call', async () => {
    let calls = 0;
    const peer = await server({ onCall: (c) => { calls++; c.answer('ok'); if (calls === 1) setImmediate(() => c.socket.destroy()); } });
    const one = cluster([peer.port]);
    const target = invoker(one);
    expect(await call(target, 'x')).toBe('ok');
    const pool = one.endpoints[0]!.pool;
    while (pool.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await call(target, 'y')).toBe('ok');
    expect(peer.connections).toBe(2);
  });

  it('rpc pool - no reply within the timeout → 4001; the late reply is ignored', async () => {
    const held: RawCall[] = [];
    const peer = await server({ onCall: (c) => { held.push(c); if (held.length > 1) c.answer('second'); } });
    const target = invoker(cluster([peer.port]), 50);
    expect(await call(target, 'x')).toEqual({ code: 4001, detail: 'upstream.timeout' });
    held[0]?.answer('late');
    expect(await call(target, 'y')).toBe('second');
    expect(peer.connections).toBe(1);
  });

  it('rpc pool - a refused endpoint → 4002; its breaker opens and then refuses without connecting', async () => {
    const target = invoker(cluster([await closedPort()]));
    expect(await call(target, 'x')).toMatchObject({ code: 4002, detail: 'upstream.connect-failed' });
    expect(await call(target, 'x')).toMatchObject({ code: 4002 });
    expect(await call(target, 'x')).toEqual({ code: 4002, detail: 'upstream.all-breakers-open' });
  });

  it('rpc pool - a call refused by one endpoint is retried on another when retries allow', async () => {
    const live = await server({ onCall: (c) => c.answer('live') });
    const both = cluster([await closedPort(), live.port]);
    expect(await call(invoker(both, 1000, 1), 'x')).toBe('live');
    // Round-robin comes back to the refusing endpoint; without retries its refusal is the answer.
    expect(await call(invoker(both, 1000, 0), 'x')).toMatchObject({ code: 4002, detail: 'upstream.connect-failed' });
  });

  it('rpc pool - round-robin balancing across endpoints, skipping one whose breaker is open', async () => {
    const a = await server({ onCall: (c) => c.answer('a') });
    const b = await server({ onCall: (c) => c.answer('b') });
    const both = cluster([a.port, b.port]);
    const target = invoker(both);
    expect([await call(target, ''), await call(target, ''), await call(target, '')]).toEqual(['a', 'b', 'a']);
    const second = both.endpoints[1]!.breaker;
    second.recordFailure();
    second.recordFailure();
    expect([await call(target, ''), await call(target, '')]).toEqual(['a', 'a']);
  });

  it('rpc pool - garbage from the peer closes the connection and answers 4002', async () => {
    const peer = await server({ onCall: (c) => c.socket.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')) });
    const target = invoker(cluster([peer.port]));
    expect(await call(target, 'x')).toMatchObject({ code: 4002, detail: 'upstream.gantry_rpc_bad_frame' });
  });

  it('rpc pool - an idle connection sends heartbeats; an unanswered one closes it', async () => {
    let sawHeartbeat!: () => void;
    const heartbeat = new Promise<void>((resolve) => { sawHeartbeat = resolve; });
    const peer = await server({ ackHeartbeats: false, onHeartbeat: () => sawHeartbeat(), onCall: (c) => c.answer('ok') });
    const target = cluster([peer.port], { heartbeatMs: 20 });
    expect(await call(invoker(target), 'x')).toBe('ok');
    await heartbeat;
    const pool = target.endpoints[0]!.pool;
    while (pool.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pool.size).toBe(0);
    expect(await call(invoker(target), 'y')).toBe('ok');
    expect(peer.connections).toBe(2);
  });
});
