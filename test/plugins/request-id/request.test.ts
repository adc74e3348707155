import { describe, expect, it } from 'vitest';
import { requestId } from '../../../plugins/request-id/plugin.js';
import { createTestExchange, createTestHost, type TestHost } from '../../../sdk/testing/index.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE}-${PARENT}-01`;
const HEX32 = /^[0-9a-f]{32}$/;
/** A traceparent the plugin wrote: version 00, the given trace id, a fresh span id, sampled. */
const freshTraceparent = (traceId: string): RegExp => new RegExp(`^00-${traceId}-(?!0{16})[0-9a-f]{16}-01$`);

async function hostWith(config: Record<string, unknown> = {}): Promise<TestHost> {
  return createTestHost(requestId, config);
}

describe('request-id - traceparent', () => {
  it('traceparent - a valid one gives the trace id and is kept as sent', async () => {
    const host = await hostWith();
    const { exchange } = await host.request({ headers: { traceparent: TRACEPARENT, tracestate: 'vendor=1', 'x-request-id': 'other' } });
    expect(exchange.traceId).toBe(TRACE);
    expect(exchange.clientTraceId).toBe(TRACEPARENT);
    expect(exchange.headers.traceparent).toBe(TRACEPARENT);
    expect(exchange.headers.tracestate).toBe('vendor=1');
    expect(exchange.headers['x-request-id']).toBe(TRACE);
  });

  it('traceparent - a later version may carry more fields after a dash', async () => {
    const host = await hostWith();
    const later = `01-${TRACE}-${PARENT}-01-extra`;
    const { exchange } = await host.request({ headers: { traceparent: later } });
    expect(exchange.traceId).toBe(TRACE);
    expect(exchange.headers.traceparent).toBe(later);
  });

  it.each([
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['version ff', `ff-${TRACE}-${PARENT}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['too short', `00-${TRACE.slice(1)}-${PARENT}-01`],
    ['version 00 with a tail', `${TRACEPARENT}-extra`],
    ['later version with a tail not after a dash', `01-${TRACE}-${PARENT}-01x`],
    ['wrong separators', `00_${TRACE}_${PARENT}_01`],
    ['non-hex digits', `00-${TRACE.slice(0, 31)}g-${PARENT}-01`],
    ['non-hex flags', `00-${TRACE}-${PARENT}-0x`],
    ['repeated header joined', `${TRACEPARENT}, ${TRACEPARENT}`],
  ])('traceparent - refuses %s and generates a fresh context', async (_case, traceparent) => {
    const host = await hostWith();
    const { exchange } = await host.request({ headers: { traceparent, tracestate: 'vendor=1' } });
    expect(exchange.traceId).toMatch(HEX32);
    expect(exchange.traceId).not.toBe(TRACE);
    expect(exchange.clientTraceId).toBe('');
    expect(exchange.headers.traceparent).toMatch(freshTraceparent(exchange.traceId));
    expect(exchange.headers.tracestate).toBeUndefined();
    expect(exchange.headers['x-request-id']).toBe(exchange.traceId);
  });

  it('traceparent - an invalid one falls back to a valid request id', async () => {
    const host = await hostWith();
    const { exchange } = await host.request({ headers: { traceparent: 'garbage', 'x-request-id': 'req-42' } });
    expect(exchange.traceId).toBe('req-42');
    expect(exchange.clientTraceId).toBe('req-42');
  });
});

describe('request-id - client request id', () => {
  it.each([
    ['a word', 'req-42'],
    ['one char', 'a'],
    ['128 chars', 'x'.repeat(128)],
    ['visible punctuation', 'a!#$%&*+./:;<=>?@[]^_`{|}~"\'()'],
  ])('request id - accepts %s', async (_case, id) => {
    const host = await hostWith();
    const { exchange } = await host.request({ headers: { 'x-request-id': id } });
    expect(exchange.traceId).toBe(id);
    expect(exchange.clientTraceId).toBe(id);
    expect(exchange.headers['x-request-id']).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['129 chars', 'x'.repeat(129)],
    ['a space', 'req 42'],
    ['a comma', 'req,42'],
    ['a tab', 'req\t42'],
    ['a control char', 'req\u000142'],
    ['DEL', 'req\u007f'],
    ['non-ASCII', 'réq-42'],
  ])('request id - refuses %s and generates one', async (_case, id) => {
    const host = await hostWith();
    const { exchange } = await host.request({ headers: { 'x-request-id': id } });
    expect(exchange.traceId).toMatch(HEX32);
    expect(exchange.clientTraceId).toBe('');
    expect(exchange.headers['x-request-id']).toBe(exchange.traceId);
  });

  it('request id - refuses a repeated header', async () => {
    const host = await hostWith();
    const { exchange } = await host.request({ headers: { 'x-request-id': ['a', 'b'] } });
    expect(exchange.traceId).toMatch(HEX32);
    expect(exchange.clientTraceId).toBe('');
  });

  it('request id - an adopted id that is not hex-shaped gets a generated W3C trace id', async () => {
    const host = await hostWith();
    const { exchange } = await host.request({ headers: { 'x-request-id': 'req-42' } });
    const traceparent = String(exchange.headers.traceparent);
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traceparent.slice(3, 35)).not.toBe('req-42');
  });

  it('request id - a UUID or 32 hex digits become the W3C trace id, lower-cased', async () => {
    const host = await hostWith();
    const uuid = 'F47AC10B-58CC-4372-A567-0E02B2C3D479';
    const fromUuid = (await host.request({ headers: { 'x-request-id': uuid } })).exchange;
    expect(fromUuid.traceId).toBe(uuid);
    expect(fromUuid.headers.traceparent).toMatch(freshTraceparent('f47ac10b58cc4372a5670e02b2c3d479'));
    const fromHex = (await host.request({ headers: { 'x-request-id': TRACE.toUpperCase() } })).exchange;
    expect(fromHex.headers.traceparent).toMatch(freshTraceparent(TRACE));
  });

  it('request id - the header name is configurable and case-insensitive', async () => {
    const host = await hostWith({ headerName: 'X-Correlation-Id' });
    const { exchange } = await host.request({ headers: { 'x-correlation-id': 'corr-1', 'x-request-id': 'ignored' } });
    expect(exchange.traceId).toBe('corr-1');
    expect(exchange.headers['x-correlation-id']).toBe('corr-1');
    expect(exchange.headers['x-request-id']).toBe('ignored');
    const { response } = await host.response(exchange);
    expect(response.headers).toEqual({ 'x-correlation-id': 'corr-1' });
  });
});

describe('request-id - generation and propagation', () => {
  it('generation - ids are 32 lower-case hex chars and do not repeat', async () => {
    const host = await hostWith();
    const ids = new Set<string>();
    const spans = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const { exchange } = await host.request();
      expect(exchange.traceId).toMatch(HEX32);
      expect(exchange.headers.traceparent).toMatch(freshTraceparent(exchange.traceId));
      ids.add(exchange.traceId);
      spans.add(String(exchange.headers.traceparent).slice(36, 52));
    }
    expect(ids.size).toBe(600);
    expect(spans.size).toBe(600);
  });

  it('propagation - with propagateTraceparent false no traceparent is written or dropped', async () => {
    const host = await hostWith({ propagateTraceparent: false });
    const fresh = (await host.request()).exchange;
    expect(fresh.headers.traceparent).toBeUndefined();
    expect(fresh.headers['x-request-id']).toBe(fresh.traceId);
    const invalid = (await host.request({ headers: { traceparent: 'garbage', tracestate: 'v=1' } })).exchange;
    expect(invalid.headers.traceparent).toBe('garbage');
    expect(invalid.headers.tracestate).toBe('v=1');
  });

  it('propagation - the request hook is synchronous', async () => {
    const host = await hostWith();
    const exchange = createTestExchange();
    expect(host.instance.onRequest?.(exchange)).toBeUndefined();
    expect(exchange.traceId).toMatch(HEX32);
  });
});

describe('request-id - acceptClientId false', () => {
  it('untrusted edge - a valid traceparent is recorded but replaced', async () => {
    const host = await hostWith({ acceptClientId: false });
    const { exchange } = await host.request({ headers: { traceparent: TRACEPARENT, tracestate: 'vendor=1' } });
    expect(exchange.traceId).toMatch(HEX32);
    expect(exchange.traceId).not.toBe(TRACE);
    expect(exchange.clientTraceId).toBe(TRACEPARENT);
    expect(exchange.headers.traceparent).toMatch(freshTraceparent(exchange.traceId));
    expect(exchange.headers.tracestate).toBeUndefined();
    expect(exchange.headers['x-request-id']).toBe(exchange.traceId);
  });

  it('untrusted edge - a valid request id is recorded but replaced upstream', async () => {
    const host = await hostWith({ acceptClientId: false });
    const { exchange } = await host.request({ headers: { 'x-request-id': 'req-42' } });
    expect(exchange.traceId).toMatch(HEX32);
    expect(exchange.clientTraceId).toBe('req-42');
    expect(exchange.headers['x-request-id']).toBe(exchange.traceId);
  });
});

describe('request-id - response', () => {
  it('response - answers the trace id, replacing the upstream\'s own', async () => {
    const host = await hostWith();
    const { exchange } = await host.request({ headers: { 'x-request-id': 'req-42' } });
    const { response } = await host.response(exchange, { headers: { 'x-request-id': 'upstream-id', 'content-type': 'text/plain' } });
    expect(response.headers).toEqual({ 'x-request-id': 'req-42', 'content-type': 'text/plain' });
  });

  it('response - stamps a gateway-made error answer too', async () => {
    const host = await hostWith();
    const { exchange } = await host.request();
    const { response, reply } = await host.response(exchange, { status: 502, headers: { 'content-type': 'application/json' } });
    expect(reply).toBeUndefined();
    expect(response.status).toBe(502);
    expect(response.headers['x-request-id']).toBe(exchange.traceId);
  });

  it('response - uses the id the gateway set when the request hook did not run', async () => {
    const host = await hostWith();
    const { response } = await host.response(createTestExchange({ traceId: 'from-gateway' }));
    expect(response.headers['x-request-id']).toBe('from-gateway');
    const empty = await host.response(createTestExchange());
    expect(empty.response.headers).toEqual({});
  });

  it('response - setResponseHeader false offers no response hook', async () => {
    const host = await hostWith({ setResponseHeader: false });
    expect(host.instance.onResponse).toBeUndefined();
    const { exchange } = await host.request();
    expect((await host.response(exchange)).response.headers).toEqual({});
  });
});
