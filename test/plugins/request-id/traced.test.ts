import { describe, expect, it } from 'vitest';
import { requestId } from '../../../plugins/request-id/plugin.js';
import { createTestHost } from '../../../sdk/testing/index.js';

// With tracing on, the tracer has set traceId (and clientTraceId when the caller sent a context)
// before any plugin runs; the plugin must adopt them, never replace them.
const SPAN_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_TRACEPARENT = `00-${SPAN_TRACE}-b7ad6b7169203331-01`;

describe('request-id - with tracing on', () => {
  it('traced - adopts the span trace id over a client request id, and records that id', async () => {
    const host = await createTestHost(requestId, {});
    const { exchange } = await host.request({ traceId: SPAN_TRACE, headers: { 'x-request-id': 'client-id-1' } });
    expect(exchange.traceId).toBe(SPAN_TRACE);
    expect(exchange.clientTraceId).toBe('client-id-1');
    expect(exchange.headers['x-request-id']).toBe(SPAN_TRACE);
    expect(exchange.headers.traceparent).toBeUndefined();
  });

  it('traced - leaves the caller context the tracer recorded, and writes no traceparent', async () => {
    const host = await createTestHost(requestId, { acceptClientId: false });
    const { exchange } = await host.request({
      traceId: SPAN_TRACE,
      clientTraceId: CALLER_TRACEPARENT,
      headers: { traceparent: CALLER_TRACEPARENT, 'x-request-id': 'ignored' },
    });
    expect(exchange.traceId).toBe(SPAN_TRACE);
    expect(exchange.clientTraceId).toBe(CALLER_TRACEPARENT);
    // The tracer replaces it upstream with its own client span's context; the plugin does not touch it.
    expect(exchange.headers.traceparent).toBe(CALLER_TRACEPARENT);
    expect(exchange.headers['x-request-id']).toBe(SPAN_TRACE);
  });

  it('traced - an invalid client id is not recorded', async () => {
    const host = await createTestHost(requestId, {});
    const { exchange } = await host.request({ traceId: SPAN_TRACE, headers: { 'x-request-id': 'has space' } });
    expect(exchange.clientTraceId).toBe('');
    expect(exchange.headers['x-request-id']).toBe(SPAN_TRACE);
  });

  it('traced - answers the span trace id on the response', async () => {
    const host = await createTestHost(requestId, {});
    const { exchange } = await host.request({ traceId: SPAN_TRACE });
    const response = await host.response(exchange, { status: 200, headers: {} });
    expect(response.response.headers['x-request-id']).toBe(SPAN_TRACE);
  });
});
