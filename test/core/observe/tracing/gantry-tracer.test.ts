import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { GantryTracer } from '../../../../core/observe/tracing/gantry-tracer.js';
import { defaultTracingOptions, type TracingOptions } from '../../../../core/observe/tracing/tracing-options.js';
import { CallExchange } from '../../../../core/pipeline/call-exchange.js';
import { gantryError } from '../../../../core/pipeline/gantry-error.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

const tracers: GantryTracer[] = [];
afterEach(async () => {
  for (const tracer of tracers.splice(0)) await tracer.shutdown();
});

async function tracerWith(options: Partial<TracingOptions> = {}): Promise<{ tracer: GantryTracer; exporter: InMemorySpanExporter }> {
  const exporter = new InMemorySpanExporter();
  const tracer = await GantryTracer.create({ ...defaultTracingOptions(), enabled: true, ...options }, { nodeId: 'n1', onError: () => undefined, exporter });
  tracers.push(tracer);
  return { tracer, exporter };
}

function exchange(protocol: 'http' | 'bolt', headers: Record<string, string> = {}, frontTraceId = ''): CallExchange {
  const call = new CallExchange(protocol, 'GET', '/orders/1', '', headers, '10.0.0.9', 5555, performance.now());
  call.traceId = frontTraceId;
  return call;
}

describe('gantry tracer - the call trace id', () => {
  it('trace id - a caller context makes the server span its child, and sets traceId and clientTraceId', async () => {
    const { tracer, exporter } = await tracerWith();
    const call = exchange('http', { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    tracer.startCall(call);
    expect(call.traceId).toBe(CALLER_TRACE);
    expect(call.clientTraceId).toBe(`00-${CALLER_TRACE}-${CALLER_SPAN}-01`);
    call.trace?.end(call);
    await tracer.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.parentSpanContext?.spanId).toBe(CALLER_SPAN);
  });

  it('trace id - an RPC front id shaped like a W3C trace id becomes the root span trace id', async () => {
    const { tracer } = await tracerWith();
    const frontId = 'abcdef0123456789abcdef0123456789';
    const call = exchange('bolt', {}, frontId);
    tracer.startCall(call);
    expect(call.traceId).toBe(frontId);
    // The preset is used once: the next call gets a fresh id.
    const next = exchange('http');
    tracer.startCall(next);
    expect(next.traceId).not.toBe(frontId);
    expect(next.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('trace id - a SOFATracer id that is not W3C-shaped is kept for the logs and recorded on the span', async () => {
    const { tracer, exporter } = await tracerWith();
    const call = exchange('bolt', {}, '0a0fe8ec153448688054510016553');
    tracer.startCall(call);
    expect(call.traceId).toBe('0a0fe8ec153448688054510016553');
    call.trace?.end(call);
    await tracer.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes['gantry.client_trace_id']).toBe('0a0fe8ec153448688054510016553');
    expect(span?.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('gantry tracer - children and sampling', () => {
  it('children - attempt and plugin spans hang under the server span; failures mark them as errors', async () => {
    const { tracer, exporter } = await tracerWith();
    const call = exchange('http');
    tracer.startCall(call);
    const trace = call.trace;
    expect(trace?.sampled).toBe(true);
    trace?.startPlugin('auth', 'onRequest')?.ended(gantryError('UnknownFilterError', { detail: 'plugin.auth.onRequest' }));
    const attempt = trace?.startAttempt('GET', '127.0.0.1:8081', 1);
    const headers: Record<string, unknown> = {};
    trace?.inject(headers, attempt);
    attempt?.responded(503);
    attempt?.ended(undefined);
    call.outcome.resultCode = 7777;
    trace?.end(call);
    await tracer.forceFlush();
    const spans = exporter.getFinishedSpans();
    const server = spans.find((span) => span.kind === SpanKind.SERVER);
    const plugin = spans.find((span) => span.kind === SpanKind.INTERNAL);
    const client = spans.find((span) => span.kind === SpanKind.CLIENT);
    expect(plugin?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(plugin?.attributes).toMatchObject({ 'gantry.plugin': 'auth', 'error.type': '7777' });
    expect(client?.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503', 'server.port': 8081 });
    expect(client?.status.code).toBe(SpanStatusCode.ERROR);
    expect(headers.traceparent).toBe(`00-${call.traceId}-${client?.spanContext().spanId ?? ''}-01`);
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes['gantry.result_code']).toBe(7777);
  });

  it('status - an upstream 5xx passed through is an error of the server span; a client fault is not', async () => {
    const { tracer, exporter } = await tracerWith();
    const passedThrough = exchange('http');
    tracer.startCall(passedThrough);
    passedThrough.outcome.resultCode = 6500;
    passedThrough.outcome.status = 500;
    passedThrough.trace?.end(passedThrough);
    const notFound = exchange('http');
    tracer.startCall(notFound);
    notFound.outcome.resultCode = 3000;
    notFound.outcome.status = 404;
    notFound.trace?.end(notFound);
    await tracer.forceFlush();
    const byTrace = new Map(exporter.getFinishedSpans().map((span) => [span.spanContext().traceId, span.status.code]));
    expect(byTrace.get(passedThrough.traceId)).toBe(SpanStatusCode.ERROR);
    expect(byTrace.get(notFound.traceId)).toBe(SpanStatusCode.UNSET);
  });

  it('sampling - a call not sampled records nothing, yet propagates its context with flags 00', async () => {
    const { tracer, exporter } = await tracerWith({ sampler: 'traceidratio', samplerRatio: 0 });
    const call = exchange('http');
    tracer.startCall(call);
    const trace = call.trace;
    expect(trace?.sampled).toBe(false);
    expect(trace?.startPlugin('auth', 'onRequest')).toBeUndefined();
    expect(trace?.startAttempt('GET', '127.0.0.1:8081', 1)).toBeUndefined();
    expect(trace?.startRpcAttempt('dubbo', 'S', 'm', '127.0.0.1:20880', 1)).toBeUndefined();
    const headers: Record<string, unknown> = {};
    trace?.inject(headers, undefined);
    expect(headers.traceparent).toMatch(new RegExp(`^00-${call.traceId}-[0-9a-f]{16}-00$`));
    trace?.end(call);
    await tracer.forceFlush();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
