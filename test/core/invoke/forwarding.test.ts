import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream } from '../../support/upstreams.js';
import { call, closable, cluster, gatewayConfig, httpApi, startCountingUpstream, useCleanup } from './invoke-fixtures.js';

const track = useCleanup();

interface Echo {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** One echo upstream behind a gateway serving `apis` over cluster `c`. */
async function echoGateway(apis: unknown[], endpointSuffix = '') {
  const upstream = track(await startHttpUpstream());
  const gw = track(closable(await startTestGateway(gatewayConfig(apis, [cluster('c', [upstream.url + endpointSuffix])]))));
  return { upstream, gw };
}

async function echoed(url: string, headers?: Record<string, string>): Promise<Echo> {
  const answer = await call(url, { headers });
  expect(answer.status).toBe(200);
  expect(answer.code).toBe(1000);
  return answer.json as Echo;
}

/** A request through node:http, which (unlike undici) lets the test send any hop-by-hop header. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('forwarding - paths', () => {
  it('forwarding - a prefix route replaces the matched prefix with backend.path, keeping the rest and the query', async () => {
    const { gw } = await echoGateway([httpApi('items', '/items', 'c', { path: '/v1/items' })]);
    expect((await echoed(`${gw.url}/items/42`)).url).toBe('/v1/items/42');
    expect((await echoed(`${gw.url}/items`)).url).toBe('/v1/items');
    expect((await echoed(`${gw.url}/items/42/parts?x=1&y=a%20b&x=2`)).url).toBe('/v1/items/42/parts?x=1&y=a%20b&x=2');
  });

  it('forwarding - an exact route goes to backend.path itself', async () => {
    const { gw } = await echoGateway([httpApi('ping', '/ping', 'c', { type: 'exact', path: '/health/check' })]);
    expect((await echoed(`${gw.url}/ping`)).url).toBe('/health/check');
    expect((await echoed(`${gw.url}/ping?deep=1`)).url).toBe('/health/check?deep=1');
  });

  it('forwarding - without backend.path the client path goes upstream unchanged', async () => {
    const { gw } = await echoGateway([httpApi('raw', '/raw', 'c')]);
    expect((await echoed(`${gw.url}/raw/a/b?q=%2F`)).url).toBe('/raw/a/b?q=%2F');
    expect((await echoed(`${gw.url}/raw/`)).url).toBe('/raw/');
  });

  it('forwarding - trailing slashes are kept where the client wrote them and never doubled', async () => {
    const { gw } = await echoGateway([
      httpApi('items', '/items', 'c', { path: '/v1/items' }),
      httpApi('slashed', '/t', 'c', { path: '/v2/' }),
    ]);
    expect((await echoed(`${gw.url}/items/`)).url).toBe('/v1/items/');
    expect((await echoed(`${gw.url}/items/42/`)).url).toBe('/v1/items/42/');
    expect((await echoed(`${gw.url}/t/a`)).url).toBe('/v2/a');
    expect((await echoed(`${gw.url}/t`)).url).toBe('/v2/');
    expect((await echoed(`${gw.url}/t/`)).url).toBe('/v2/');
  });

  it('forwarding - a path in the endpoint URL is prefixed to the upstream path', async () => {
    const { gw } = await echoGateway([httpApi('items', '/items', 'c', { path: '/v1/items' })], '/base');
    expect((await echoed(`${gw.url}/items/7?a=1`)).url).toBe('/base/v1/items/7?a=1');
  });
});

describe('forwarding - method and headers', () => {
  it('forwarding - backend.method replaces the client method upstream', async () => {
    const { gw, upstream } = await echoGateway([httpApi('m', '/m', 'c', { method: 'POST' })]);
    const echo = await echoed(`${gw.url}/m/x`);
    expect(echo.method).toBe('POST');
    expect(upstream.received.map((r) => r.method)).toEqual(['POST']);
  });

  it('forwarding - Host is the endpoint address unless preserveHost', async () => {
    const { gw, upstream } = await echoGateway([
      httpApi('plain', '/plain', 'c'),
      httpApi('kept', '/kept', 'c', { preserveHost: true }),
    ]);
    const plain = await echoed(`${gw.url}/plain`, { host: 'gateway.test' });
    expect(plain.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    expect(plain.headers['x-forwarded-host']).toBe('gateway.test');
    const kept = await echoed(`${gw.url}/kept`, { host: 'gateway.test' });
    expect(kept.headers.host).toBe('gateway.test');
    expect(kept.headers['x-forwarded-host']).toBe('gateway.test');
  });

  it('forwarding - X-Forwarded-For is appended, X-Forwarded-Proto and X-Forwarded-Host are set', async () => {
    const { gw } = await echoGateway([httpApi('xff', '/xff', 'c')]);
    const first = await echoed(`${gw.url}/xff`, { host: 'api.example' });
    expect(first.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(first.headers['x-forwarded-proto']).toBe('http');
    expect(first.headers['x-forwarded-host']).toBe('api.example');
    const chained = await echoed(`${gw.url}/xff`, { 'x-forwarded-for': '203.0.113.9, 10.1.2.3', 'x-forwarded-proto': 'https' });
    expect(chained.headers['x-forwarded-for']).toBe('203.0.113.9, 10.1.2.3, 127.0.0.1');
    expect(chained.headers['x-forwarded-proto']).toBe('http');
  });

  it('forwarding - hop-by-hop request headers, and those the Connection header names, stay at the gateway', async () => {
    const { gw } = await echoGateway([httpApi('hop', '/hop', 'c')]);
    const answer = await rawGet(`${gw.url}/hop`, {
      connection: 'keep-alive, X-Client-Private',
      'keep-alive': 'timeout=99',
      'x-client-private': 'secret',
      'proxy-authorization': 'Basic Zm9vOmJhcg==',
      te: 'trailers',
      'x-end-to-end': 'kept',
    });
    expect(answer.status).toBe(200);
    const seen = (JSON.parse(answer.body) as Echo).headers;
    expect(seen['x-end-to-end']).toBe('kept');
    expect(seen['x-client-private']).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen.te).toBeUndefined();
    expect(seen['keep-alive']).not.toBe('timeout=99');
  });

  it('forwarding - hop-by-hop response headers, and those the Connection header names, stay at the gateway', async () => {
    const upstream = track(await startHttpUpstream((_req, res) => {
      res.writeHead(200, {
        connection: 'keep-alive, X-Upstream-Private',
        'keep-alive': 'timeout=99',
        'x-upstream-private': 'secret',
        'proxy-authenticate': 'Basic realm="up"',
        'x-end-to-end': 'kept',
        'set-cookie': ['a=1; Path=/', 'b=2; HttpOnly'],
        'content-type': 'text/plain',
      });
      res.end('hop');
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('hop', '/hop', 'c')], [cluster('c', [upstream.url])]))));
    const answer = await rawGet(`${gw.url}/hop`, {});
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('hop');
    expect(answer.headers['x-end-to-end']).toBe('kept');
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(answer.headers['x-gateway-result-code']).toBe('1000');
    expect(answer.headers['x-upstream-private']).toBeUndefined();
    expect(answer.headers['proxy-authenticate']).toBeUndefined();
    expect(answer.headers['keep-alive']).not.toBe('timeout=99');
  });
});

describe('forwarding - bodies', () => {
  it('forwarding - a 5 MiB request body is streamed to the upstream intact', async () => {
    const payload = randomBytes(5 * 1024 * 1024);
    const upstream = track(await startCountingUpstream((req, res) => {
      const hash = createHash('sha256');
      let size = 0;
      req.on('data', (chunk: Buffer) => { hash.update(chunk); size += chunk.length; });
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ size, sha256: hash.digest('hex') }));
      });
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('up', '/up', 'c', { timeoutMs: 5000 })], [cluster('c', [upstream.url])]))));
    const answer = await call(`${gw.url}/up`, { method: 'POST', body: payload, headers: { 'content-type': 'application/octet-stream' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ size: payload.length, sha256: createHash('sha256').update(payload).digest('hex') });
  });

  it('forwarding - a chunked upstream response reaches the client intact', async () => {
    const parts = Array.from({ length: 32 }, () => randomBytes(32 * 1024));
    const upstream = track(await startCountingUpstream((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let i = 0;
      const next = (): void => {
        if (i === parts.length) return void res.end();
        res.write(parts[i++]);
        setImmediate(next);
      };
      next();
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('down', '/down', 'c')], [cluster('c', [upstream.url])]))));
    const answer = await call(`${gw.url}/down`);
    expect(answer.status).toBe(200);
    expect(answer.code).toBe(1000);
    expect(answer.body.equals(Buffer.concat(parts))).toBe(true);
  });
});

describe('forwarding - back-pressure', () => {
  it('forwarding - a client that stops reading pauses the upstream body, and resuming delivers it intact', async () => {
    const payload = randomBytes(48 * 1024 * 1024);
    let upstreamDone = false;
    const upstream = track(await startCountingUpstream((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(payload.length) });
      res.end(payload, () => { upstreamDone = true; });
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('big', '/big', 'c', { timeoutMs: 10_000 })], [cluster('c', [upstream.url])]))));
    const received: Buffer[] = [];
    const done = new Promise<{ status: number }>((resolve, reject) => {
      const req = httpRequest(`${gw.url}/big`, (res) => {
        res.pause();
        // While the client reads nothing, the gateway must stop pulling from the upstream: 48 MiB
        // cannot fit in the socket buffers between them, so the upstream cannot have finished.
        setTimeout(() => {
          try {
            expect(upstreamDone).toBe(false);
          } catch (error) {
            reject(error as Error);
          }
          res.on('data', (chunk: Buffer) => received.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          res.resume();
        }, 300);
      });
      req.on('error', reject);
      req.end();
    });
    const answer = await done;
    expect(answer.status).toBe(200);
    expect(createHash('sha256').update(Buffer.concat(received)).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
  });
});

describe('forwarding - statuses', () => {
  it('forwarding - backend statuses pass through with their pass-through codes and untouched bodies', async () => {
    const upstream = track(await startHttpUpstream((req, res) => {
      const status = Number(req.url?.split('/').pop());
      const body = JSON.stringify({ backend: 'says', status });
      res.writeHead(status, { 'content-type': 'application/vnd.backend+json', 'x-backend': 'yes' });
      res.end(body);
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('s', '/s', 'c')], [cluster('c', [upstream.url])]))));
    for (const [status, code] of [[201, 1801], [404, 6205], [503, 6304]] as const) {
      const answer = await call(`${gw.url}/s/${status}`);
      expect(answer.status).toBe(status);
      expect(answer.code).toBe(code);
      expect(answer.headers['content-type']).toBe('application/vnd.backend+json');
      expect(answer.headers['x-backend']).toBe('yes');
      expect(answer.body.toString('utf8')).toBe(JSON.stringify({ backend: 'says', status }));
    }
  });

  it('forwarding - HEAD is forwarded as HEAD and answered without a body', async () => {
    const upstream = track(await startHttpUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1234', 'x-method': req.method ?? '' });
      res.end();
    }));
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('h', '/h', 'c')], [cluster('c', [upstream.url])]))));
    const answer = await call(`${gw.url}/h`, { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.code).toBe(1000);
    expect(answer.headers['x-method']).toBe('HEAD');
    expect(answer.headers['content-length']).toBe('1234');
    expect(answer.body.length).toBe(0);
    // The connection stays usable after a bodiless answer with a content-length.
    const again = await call(`${gw.url}/h`, { method: 'HEAD' });
    expect(again.status).toBe(200);
    expect(upstream.received.map((r) => r.method)).toEqual(['HEAD', 'HEAD']);
  });
});
