import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadGenerator } from '../../../ops/bench/load-generator.js';
import { bodyDeliveryProblem, measureScenario, probeScenario } from '../../../ops/bench/measure.js';
import type { RunningSystem } from '../../../ops/bench/systems.js';
import { SCENARIOS, UPSTREAM_BODY, UPSTREAM_BODY_BYTES_HEADER } from '../../../ops/bench/scenarios.js';

/** Mimics an upstream behind a proxy; `mode` picks how it misbehaves. */
let mode: 'good' | 'drop-body' | 'status-500' = 'good';
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    req.on('end', () => {
      if (mode === 'status-500') return void res.writeHead(500).end('nope');
      const counted = mode === 'drop-body' ? 0 : received;
      if (counted > 0) res.setHeader(UPSTREAM_BODY_BYTES_HEADER, counted);
      res.writeHead(200, { 'content-type': 'application/json' }).end(UPSTREAM_BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('measure', () => {
  it('measure - the upstream body is exactly 100 bytes', () => {
    expect(Buffer.byteLength(UPSTREAM_BODY)).toBe(100);
  });

  it('measure - a proxy that forwards GET and the 4 KiB POST passes the probe', async () => {
    mode = 'good';
    expect(await probeScenario(url, SCENARIOS['get-100B'])).toBeNull();
    expect(await probeScenario(url, SCENARIOS['post-4KiB'])).toBeNull();
  });

  it('measure - a proxy that loses the request body fails the probe', async () => {
    mode = 'drop-body';
    expect(await probeScenario(url, SCENARIOS['post-4KiB'])).toMatch(/upstream got a 0 B body, 4096 B were sent/);
  });

  it('measure - an error status fails the probe with the status', async () => {
    mode = 'status-500';
    expect(await probeScenario(url, SCENARIOS['get-100B'])).toMatch(/status 500/);
  });

  it('measure - the plugins scenario needs the header its plugin sets', async () => {
    mode = 'good';
    expect(await probeScenario(url, SCENARIOS['get-100B+plugins'])).toMatch(/x-served-by .*plugins not applied/);
  });

  it('measure - an unreachable system fails the probe instead of throwing', async () => {
    expect(await probeScenario('http://127.0.0.1:1', SCENARIOS['get-100B'])).toMatch(/^probe GET \/bench: /);
  });

  it('measure - a body re-framed as chunked is accepted, a short one is not', () => {
    expect(bodyDeliveryProblem({ 'x-upstream-transfer-encoding': 'chunked' }, 4096)).toBeNull();
    expect(bodyDeliveryProblem({ [UPSTREAM_BODY_BYTES_HEADER]: '4096' }, 4096)).toBeNull();
    expect(bodyDeliveryProblem({ [UPSTREAM_BODY_BYTES_HEADER]: '100' }, 4096)).toMatch(/100 B body/);
    expect(bodyDeliveryProblem({}, 0)).toBeNull();
  });
});

describe('measure scenario', () => {
  const options = { warmupS: 1, durationS: 2, connections: 4, proxyCpu: null, noisyRetries: 0 };
  const system = (deathNote: string | null = null): RunningSystem => ({
    url,
    cpuPid: process.pid,
    deathNote: () => deathNote,
    stop: async () => undefined,
  });

  it('measure scenario - warms up, measures once, and charges CPU per request', async () => {
    mode = 'good';
    const runs: number[] = [];
    const load: LoadGenerator = {
      description: 'fake',
      run: async (run) => {
        runs.push(run.durationS);
        return { requests: 1000, durationS: run.durationS, rps: 500, p50Ms: 1, p99Ms: 2, non2xx: 0, socketErrors: 0 };
      },
    };
    const row = await measureScenario('minimal-forwarder', system(), SCENARIOS['post-4KiB'], load, options);
    expect(runs).toEqual([1, 2]);
    expect(row.status).toBe('ok');
    expect(row.load?.rps).toBe(500);
    expect(row.cpuMicrosPerRequest).not.toBeNull();
    expect(row.reason).toBeUndefined();
  });

  it('measure scenario - a load generator failure becomes a failed row', async () => {
    mode = 'good';
    const load: LoadGenerator = {
      description: 'fake',
      run: async () => {
        throw new Error('wrk exited with 1');
      },
    };
    const row = await measureScenario('reply-from', system(), SCENARIOS['get-100B'], load, options);
    expect(row).toMatchObject({ system: 'reply-from', scenario: 'get-100B', status: 'failed', reason: 'wrk exited with 1' });
    const dead = await measureScenario('reply-from', system('reply-from died (code 1)'), SCENARIOS['get-100B'], load, options);
    expect(dead.reason).toBe('reply-from died (code 1) — then: wrk exited with 1');
  });

  it('measure scenario - error responses are counted in the row reason', async () => {
    mode = 'good';
    const load: LoadGenerator = {
      description: 'fake',
      run: async (run) => ({ requests: 10, durationS: run.durationS, rps: 5, p50Ms: 1, p99Ms: 2, non2xx: 3, socketErrors: 1 }),
    };
    const row = await measureScenario('gantry', system(), SCENARIOS['get-100B'], load, options);
    expect(row.status).toBe('ok');
    expect(row.reason).toBe('3 non-2xx responses, 1 socket errors');
  });
});
