import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyDeliveryProblem, probeScenario } from '../../../ops/bench/measure.js';
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
