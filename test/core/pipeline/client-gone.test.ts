import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type, definePlugin } from '../../../sdk/index.js';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';
import { openSocket, pollUntil } from './gateway-calls.js';

/** Holds each call in the request phase until the test opens the gate. */
const gates: (() => void)[] = [];
const gate = definePlugin({
  name: 'gate', version: '1.0.0', priority: 1, schema: Type.Object({}),
  create: () => ({ onRequest: () => new Promise<void>((resolve) => { gates.push(resolve); }) }),
});

const reader = definePlugin({
  name: 'reader', version: '1.0.0', priority: 1, schema: Type.Object({}), requestBody: true,
  create: () => ({}),
});

describe('client gone', () => {
  let upstream: TestUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startHttpUpstream();
    const api = (name: string, plugins: unknown[]): Record<string, unknown> => ({
      name, group: 'g', match: { path: `/${name}`, type: 'prefix' }, backend: { protocol: 'http', cluster: 'up', timeoutMs: 60_000 }, plugins,
    });
    gw = await startTestGateway(baseConfig({
      apis: [api('gated', [{ name: 'gate' }]), api('read', [{ name: 'reader' }]), api('stream', [])],
      clusters: [{ name: 'up', endpoints: [{ url: upstream.url }] }],
    }), [gate, reader]);
  });

  afterAll(async () => {
    await gw.stop();
    await upstream.close();
  });

  async function logs(): Promise<{ digest: string; error: string }> {
    await gw.gateway.logs.flushAll();
    const read = (name: string): Promise<string> => readFile(join(gw.logDir, name), 'utf8').catch(() => '');
    return { digest: await read('gantry-digest.log'), error: await read('gantry-error.log') };
  }

  /** Sends `head` (and a partial body), waits until the call is in the pipeline, then hangs up. */
  async function hangUpDuring(bytes: string, inPipeline: () => boolean): Promise<void> {
    const socket = await openSocket(gw.gateway.httpPort);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(bytes);
    await pollUntil(() => (inPipeline() ? true : undefined), 'the call in the pipeline');
    socket.destroy();
    await closed;
  }

  it('client gone - a client that leaves during the request phase is not forwarded upstream', async () => {
    const before = upstream.received.length;
    await hangUpDuring('GET /gated/1 HTTP/1.1\r\nHost: gateway.test\r\n\r\n', () => gates.length === 1);
    // The request phase ends after the client left: the call must end here, not at the API timeout.
    await pollUntil(() => (gw.gateway.handler.inFlight === 1 ? true : undefined), 'call still in the request phase');
    gates.shift()?.();
    await pollUntil(() => (gw.gateway.handler.inFlight === 0 ? true : undefined), 'the call ended');
    expect(upstream.received.length).toBe(before);
    const { digest } = await pollUntil(async () => {
      const current = await logs();
      return current.digest.includes(',/gated/1,') ? current : undefined;
    }, 'digest line');
    expect(digest.split('\n').find((l) => l.includes(',/gated/1,'))).toContain(',N,3993,');
  });

  it('client gone - a client that leaves while its body is read whole is a client fault, not 5000', async () => {
    await hangUpDuring('POST /read/1 HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\n0123456789', () => gw.gateway.handler.inFlight === 1);
    await pollUntil(() => (gw.gateway.handler.inFlight === 0 ? true : undefined), 'the call ended');
    const { digest, error } = await pollUntil(async () => {
      const current = await logs();
      return current.digest.includes(',/read/1,') ? current : undefined;
    }, 'digest line');
    expect(digest.split('\n').find((l) => l.includes(',/read/1,'))).toContain(',N,3993,');
    expect(error).not.toContain('/read/1');
  });

  it('client gone - a client that leaves while its body streams upstream is a client fault, not 4002', async () => {
    await hangUpDuring('POST /stream/1 HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\n0123456789', () => gw.gateway.handler.inFlight === 1);
    await pollUntil(() => (gw.gateway.handler.inFlight === 0 ? true : undefined), 'the call ended');
    const { digest, error } = await pollUntil(async () => {
      const current = await logs();
      return current.digest.includes(',/stream/1,') ? current : undefined;
    }, 'digest line');
    expect(digest.split('\n').find((l) => l.includes(',/stream/1,'))).toContain(',N,3993,');
    expect(error).not.toContain('/stream/1');
  });
});
