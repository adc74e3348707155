import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig } from '../../support/gateway-harness.js';
import { itemsAndPing, startUpstreamGateway, type UpstreamGateway } from '../support/upstream-gateway.js';
import { openSocket, pollUntil, rawExchange, readAnswer } from '../pipeline/gateway-calls.js';

const HEADER_LIMIT = 1024;
const BODY_LIMIT = 1024;

describe('bad input on the HTTP front', () => {
  let gw: UpstreamGateway;
  let port: number;

  beforeAll(async () => {
    gw = await startUpstreamGateway((upstreamUrl) => baseConfig({ ...itemsAndPing(upstreamUrl), limits: { headerBytes: HEADER_LIMIT, bodyBytes: BODY_LIMIT } }));
    port = gw.gateway.httpPort;
  });

  afterAll(async () => {
    await gw.stop();
  });

  /** The digest line of the call to `path`, once the digest log has it. */
  function digestLineFor(path: string): Promise<string> {
    return pollUntil(async () => {
      await gw.gateway.logs.flushAll();
      const text = await readFile(join(gw.logDir, 'gantry-digest.log'), 'utf8').catch(() => '');
      return text.split('\n').find((line) => line.includes(`,${path},`));
    }, `digest line for ${path}`);
  }

  it('bad input - headers over limits.headerBytes are 431 with 3991', async () => {
    const big = 'x'.repeat(HEADER_LIMIT * 4);
    const answer = await rawExchange(port, `GET /ping HTTP/1.1\r\nHost: gateway.test\r\nx-big: ${big}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.headers['x-gateway-result-code']).toBe('3991');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 3991, memo: 'RequestHeaderFieldsTooLarge' });
    await answer.closed;
  });

  it('keep-alive - answers the gateway makes itself to body-less requests keep the connection open', async () => {
    // A mock answer, then a route miss, then the mock again, all on one socket: none may say close.
    const socket = await openSocket(port);
    try {
      for (const path of ['/ping', '/nowhere', '/ping']) {
        const answer = await rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: gateway.test\r\n\r\n`, socket);
        expect(answer.headers.connection).not.toBe('close');
        expect(answer.headers['x-gateway-result-code']).toBe(path === '/ping' ? '1100' : '3000');
      }
      expect(socket.destroyed).toBe(false);
    } finally {
      socket.destroy();
    }
  });

  it('bad input - a non-numeric Content-Length is 400 with 3999 and the connection closes', async () => {
    const answer = await rawExchange(port, 'POST /ping HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: abc\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-gateway-result-code']).toBe('3999');
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 3999, memo: 'BadRequest' });
    await answer.closed;
  });

  it('bad input - two different Content-Length values are 400 with 3999 and the connection closes', async () => {
    const answer = await rawExchange(port, 'POST /ping HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-gateway-result-code']).toBe('3999');
    await answer.closed;
  });

  it('bad input - an unknown method token is 400 with 3999', async () => {
    const answer = await rawExchange(port, 'FROB /ping HTTP/1.1\r\nHost: gateway.test\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-gateway-result-code']).toBe('3999');
    await answer.closed;
  });

  it('bad input - a declared body over limits.bodyBytes is 413 with 3990 before the body is sent', async () => {
    // Only the head is written: the answer must come without the gateway reading the body.
    const answer = await rawExchange(port, `POST /items/declared HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: ${BODY_LIMIT * 1000}\r\n\r\n`);
    expect(answer.status).toBe(413);
    expect(answer.headers['x-gateway-result-code']).toBe('3990');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 3990, memo: 'RequestBodyTooLarge' });
    // The unread body is never drained: the gateway closes the connection after the answer.
    expect(answer.headers.connection).toBe('close');
    await answer.closed;
    expect(gw.upstream.received.some((r) => r.url === '/items/declared')).toBe(false);
    expect(await digestLineFor('/items/declared')).toContain(',N,3990,');
  });

  it('bad input - a chunked body over limits.bodyBytes is refused with 3990', async () => {
    const socket = await openSocket(port);
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const answer = readAnswer(socket).catch(() => undefined);
    socket.write('POST /items/chunked HTTP/1.1\r\nHost: gateway.test\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = 'y'.repeat(512);
    for (let i = 0; i < 6 && !socket.destroyed; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    // Either the 413 arrives (head not yet sent) or the connection is cut; the digest says 3990 either way.
    const got = await answer;
    if (got !== undefined) {
      expect(got.status).toBe(413);
      expect(got.headers['x-gateway-result-code']).toBe('3990');
      // The rest of the body is not read: the gateway closes the connection itself.
      expect(got.headers.connection).toBe('close');
      await closed;
    }
    socket.destroy();
    await closed;
    expect(await digestLineFor('/items/chunked')).toContain(',N,3990,');
  });

  it('bad input - a chunked body within the limit is forwarded whole', async () => {
    const socket = await openSocket(port);
    const answer = readAnswer(socket);
    socket.write('POST /items/small HTTP/1.1\r\nHost: gateway.test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
    const got = await answer;
    socket.destroy();
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toMatchObject({ url: '/items/small', body: 'hello' });
  });

  it('bad input - an absolute-form request target is routed by its path', async () => {
    const answer = await rawExchange(port, 'GET http://gateway.test/items/abs?q=1 HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/items/abs?q=1' });
    await answer.closed;
  });

  it('bad input - OPTIONS * names no route and is 3000', async () => {
    const answer = await rawExchange(port, 'OPTIONS * HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-gateway-result-code']).toBe('3000');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 3000, memo: 'RouterNotFound', tips: 'no API for OPTIONS * in group g' });
    await answer.closed;
  });

  it('bad input - CONNECT is answered 3999 and the connection closed: the gateway opens no tunnels', async () => {
    const answer = await rawExchange(port, 'CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-gateway-result-code']).toBe('3999');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 3999, memo: 'BadRequest' });
    await answer.closed;
  });

  it('bad input - a bad %-escape in the path is not the front\'s business: it is routed and sent on as is', async () => {
    const answer = await rawExchange(port, 'GET /items/%zz HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-gateway-result-code']).toBe('1000');
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/items/%zz' });
    await answer.closed;
  });

  it('bad input - every method Node parses reaches the pipeline, whatever its Content-Type', async () => {
    for (const method of ['PROPFIND', 'SEARCH', 'QUERY', 'PURGE', 'POST']) {
      const answer = await rawExchange(port, `${method} /items/m HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: ;;odd\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`);
      expect(answer.status, method).toBe(200);
      expect(JSON.parse(answer.body), method).toMatchObject({ method, url: '/items/m', body: 'hi' });
      await answer.closed;
    }
    const unrouted = await rawExchange(port, 'QUERY /nowhere HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n');
    expect(unrouted.headers['x-gateway-result-code']).toBe('3000');
    await unrouted.closed;
  });

  it('bad input - the front keeps serving after malformed requests', async () => {
    const answer = await rawExchange(port, 'GET /ping HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('pong');
    await answer.closed;
  });
});
