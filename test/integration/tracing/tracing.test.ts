import { describe, expect, it } from 'vitest';
import { requestId } from '../../../plugins/request-id/plugin.js';
import { startTestGateway } from '../../support/gateway-harness.js';
import { closedPort, startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';
import { call, closable, cluster, digestLines, gatewayConfig, httpApi, useCleanup, waitFor } from '../../core/invoke/invoke-fixtures.js';
import { SpanKinds, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const track = useCleanup();

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;

/** The environment a node is started with: OTLP/HTTP JSON to the test's receiver, plus `extra`. */
function otlpEnv(receiver: OtlpReceiver, extra: Record<string, string> = {}): Record<string, string> {
  return { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', ...extra };
}

/** A gateway with API `traced` on `/t` (request-id bound) over `urls`, tracing as `env` says. */
async function tracedGateway(urls: readonly string[], env: Record<string, string>, retries = 0) {
  const api = { ...httpApi('traced', '/t', 'c', { retries }), plugins: [{ name: 'request-id', config: {} }] };
  return track(closable(await startTestGateway(gatewayConfig([api], [cluster('c', urls)]), [requestId], { tracingEnv: env, nodeId: 'node-t' })));
}

function onlyOne(spans: readonly ReceivedSpan[], kind: number): ReceivedSpan {
  const found = spans.filter((span) => span.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as ReceivedSpan;
}

function upstreamTraceparent(upstream: TestUpstream, index = 0): RegExpExecArray {
  const header = upstream.received[index]?.headers.traceparent;
  expect(typeof header).toBe('string');
  const parsed = TRACEPARENT.exec(header as string);
  expect(parsed).not.toBeNull();
  return parsed as RegExpExecArray;
}

/** The trace id of the digest line of `path`. */
async function digestTraceId(logDir: string, path: string): Promise<string> {
  const line = await waitFor(async () => (await digestLines(logDir)).find((l) => l.includes(`,${path},`)), `the digest line of ${path}`);
  return /\[([0-9a-f]*)\]\(/.exec(line)?.[1] ?? '';
}

describe('tracing - one traced call', () => {
  it('tracing - the caller trace id runs through server span, client span and upstream', async () => {
    const receiver = track(await startOtlpReceiver());
    const upstream = track(await startHttpUpstream());
    const gw = await tracedGateway([upstream.url], otlpEnv(receiver, { OTEL_SERVICE_NAME: 'gantry-test' }));
    const answer = await call(`${gw.url}/t/items?q=1`, { headers: { host: 'gateway.test', traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`, 'user-agent': 'probe/1' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-request-id']).toBe(CALLER_TRACE);
    const digestTrace = await digestTraceId(gw.logDir, '/t/items');
    // Drain flushes the batch processor: every span is exported before stop resolves.
    await gw.stop();

    const spans = receiver.spans;
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([CALLER_TRACE]));
    const server = onlyOne(spans, SpanKinds.server);
    const client = onlyOne(spans, SpanKinds.client);
    expect(server.parentSpanId).toBe(CALLER_SPAN);
    expect(server.name).toBe('GET traced');
    expect(server.statusCode).not.toBe(2);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/t/items',
      'url.scheme': 'http',
      'server.address': 'gateway.test',
      'client.address': '127.0.0.1',
      'http.response.status_code': 200,
      'network.protocol.version': '1.1',
      'user_agent.original': 'probe/1',
      'gantry.api': 'traced',
      'gantry.group': 'g',
      'gantry.result_code': 1000,
    });
    expect(server.resource).toMatchObject({ 'service.name': 'gantry-test', 'service.instance.id': 'node-t' });
    expect(client.parentSpanId).toBe(server.spanId);
    expect(client.name).toBe('GET');
    expect(client.attributes).toMatchObject({ 'http.request.method': 'GET', 'server.address': '127.0.0.1', 'server.port': upstream.port, 'http.response.status_code': 200 });
    expect(client.attributes['http.request.resend_count']).toBeUndefined();

    // The request-id plugin's request and response hooks each got a span under the server span.
    const plugins = spans.filter((span) => span.kind === SpanKinds.internal);
    expect(plugins.map((span) => span.name).sort()).toEqual(['request-id onRequest', 'request-id onResponse']);
    for (const span of plugins) {
      expect(span.parentSpanId).toBe(server.spanId);
      expect(span.attributes['gantry.plugin']).toBe('request-id');
    }

    // The upstream sees the client span as its parent, and the one id everywhere else.
    const [, upstreamTrace, upstreamParent, flags] = upstreamTraceparent(upstream);
    expect(upstreamTrace).toBe(CALLER_TRACE);
    expect(upstreamParent).toBe(client.spanId);
    expect(flags).toBe('01');
    expect(upstream.received[0]?.headers.b3).toBe(`${CALLER_TRACE}-${client.spanId}-1`);
    expect(upstream.received[0]?.headers['x-request-id']).toBe(CALLER_TRACE);
    expect(digestTrace).toBe(CALLER_TRACE);
  });

  it('tracing - a B3 multi-header caller context is adopted, and W3C goes upstream', async () => {
    const receiver = track(await startOtlpReceiver());
    const upstream = track(await startHttpUpstream());
    const gw = await tracedGateway([upstream.url], otlpEnv(receiver));
    const b3Trace = '80f198ee56343ba864fe8b2a57d3eff7';
    const b3Span = 'e457b5a2e4d86bd1';
    const answer = await call(`${gw.url}/t/b3`, { headers: { 'x-b3-traceid': b3Trace, 'x-b3-spanid': b3Span, 'x-b3-sampled': '1' } });
    expect(answer.status).toBe(200);
    await gw.stop();
    const server = onlyOne(receiver.spans, SpanKinds.server);
    expect(server.traceId).toBe(b3Trace);
    expect(server.parentSpanId).toBe(b3Span);
    const client = onlyOne(receiver.spans, SpanKinds.client);
    const [, upstreamTrace, upstreamParent] = upstreamTraceparent(upstream);
    expect([upstreamTrace, upstreamParent]).toEqual([b3Trace, client.spanId]);
    // The caller's X-B3-* copies are replaced: the upstream sees one parent in every format.
    expect(upstream.received[0]?.headers['x-b3-spanid']).toBeUndefined();
  });

  it('tracing - without a caller context the call starts a new trace, and the digest logs its id', async () => {
    const receiver = track(await startOtlpReceiver());
    const upstream = track(await startHttpUpstream());
    const gw = await tracedGateway([upstream.url], otlpEnv(receiver));
    const answer = await call(`${gw.url}/t/new`, { headers: { 'x-request-id': 'client-chosen-id' } });
    const digestTrace = await digestTraceId(gw.logDir, '/t/new');
    await gw.stop();
    const server = onlyOne(receiver.spans, SpanKinds.server);
    expect(server.parentSpanId).toBe('');
    expect(digestTrace).toBe(server.traceId);
    expect(answer.headers['x-request-id']).toBe(server.traceId);
    expect(upstreamTraceparent(upstream)[1]).toBe(server.traceId);
  });
});

describe('tracing - upstream attempts', () => {
  it('tracing - a retry is a second client span beside the first, and the upstream parent is the one that answered', async () => {
    const receiver = track(await startOtlpReceiver());
    const upstream = track(await startHttpUpstream());
    // Round-robin starts with the first endpoint: the refused one, then the retry on the live one.
    const gw = await tracedGateway([`http://127.0.0.1:${await closedPort()}`, upstream.url], otlpEnv(receiver), 1);
    const answer = await call(`${gw.url}/t/retry`, { headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` } });
    expect(answer.status).toBe(200);
    await gw.stop();
    const server = onlyOne(receiver.spans, SpanKinds.server);
    expect(server.attributes['gantry.upstream.attempts']).toBe(2);
    const clients = receiver.spans.filter((span) => span.kind === SpanKinds.client);
    expect(clients).toHaveLength(2);
    for (const span of clients) expect(span.parentSpanId).toBe(server.spanId);
    const failed = clients.find((span) => span.statusCode === 2);
    const answered = clients.find((span) => span.attributes['http.response.status_code'] === 200);
    expect(failed?.attributes['error.type']).toBe('ECONNREFUSED');
    expect(answered?.attributes['http.request.resend_count']).toBe(1);
    expect(upstreamTraceparent(upstream)[2]).toBe(answered?.spanId);
  });

  it('tracing - a failed call marks the server span as an error with its result code', async () => {
    const receiver = track(await startOtlpReceiver());
    const gw = await tracedGateway([`http://127.0.0.1:${await closedPort()}`], otlpEnv(receiver));
    const answer = await call(`${gw.url}/t/down`);
    expect(answer.code).toBe(4002);
    await gw.stop();
    const server = onlyOne(receiver.spans, SpanKinds.server);
    expect(server.statusCode).toBe(2);
    expect(server.attributes).toMatchObject({ 'gantry.result_code': 4002, 'http.response.status_code': 502 });
    expect(typeof server.attributes['error.type']).toBe('string');
    expect(onlyOne(receiver.spans, SpanKinds.client).statusCode).toBe(2);
  });
});

describe('tracing - start', () => {
  it('tracing - a bad OTEL_* value stops the node at start, naming the variable', async () => {
    const upstream = track(await startHttpUpstream());
    const start = startTestGateway(gatewayConfig([httpApi('plain', '/p', 'c')], [cluster('c', [upstream.url])]), [], { tracingEnv: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'sometimes' } });
    await expect(start).rejects.toMatchObject({ code: 'GANTRY_TRACING_ENV', message: expect.stringContaining('OTEL_TRACES_SAMPLER') as unknown });
  });

  it('tracing - the config file alone turns it on', async () => {
    const receiver = track(await startOtlpReceiver());
    const upstream = track(await startHttpUpstream());
    const config = { ...gatewayConfig([httpApi('plain', '/p', 'c')], [cluster('c', [upstream.url])]), tracing: { enabled: true, endpoint: receiver.tracesUrl, protocol: 'http/json', serviceName: 'from-config' } };
    const gw = track(closable(await startTestGateway(config, [], { tracingEnv: {} })));
    await call(`${gw.url}/p/x`);
    await gw.stop();
    expect(onlyOne(receiver.spans, SpanKinds.server).resource['service.name']).toBe('from-config');
  });
});

describe('tracing - sampling and off', () => {
  it('tracing - a sampled-out call exports nothing but still propagates its context (flags 00)', async () => {
    const receiver = track(await startOtlpReceiver());
    const upstream = track(await startHttpUpstream());
    const env = otlpEnv(receiver, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' });
    const gw = await tracedGateway([upstream.url], env);
    // A new trace at ratio 0 is not sampled; a caller's unsampled context is followed.
    await call(`${gw.url}/t/out-1`);
    await call(`${gw.url}/t/out-2`, { headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-00` } });
    const digestTrace = await digestTraceId(gw.logDir, '/t/out-2');
    await gw.stop();
    expect(receiver.spans).toEqual([]);
    expect(upstreamTraceparent(upstream, 0)[3]).toBe('00');
    const [, trace, parent, flags] = upstreamTraceparent(upstream, 1);
    expect([trace, flags]).toEqual([CALLER_TRACE, '00']);
    expect(parent).not.toBe(CALLER_SPAN);
    expect(digestTrace).toBe(CALLER_TRACE);
  });

  it('tracing - a sampled caller is followed at ratio 0 (parent-based)', async () => {
    const receiver = track(await startOtlpReceiver());
    const upstream = track(await startHttpUpstream());
    const gw = await tracedGateway([upstream.url], otlpEnv(receiver, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }));
    await call(`${gw.url}/t/in`, { headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` } });
    await gw.stop();
    expect(onlyOne(receiver.spans, SpanKinds.server).traceId).toBe(CALLER_TRACE);
  });

  it('tracing - off: nothing is exported and no context is added to the upstream request', async () => {
    const receiver = track(await startOtlpReceiver());
    const upstream = track(await startHttpUpstream());
    // No OTEL_TRACES_EXPORTER: the endpoint alone does not turn tracing on. No request-id plugin either.
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('plain', '/p', 'c')], [cluster('c', [upstream.url])]), [], { tracingEnv: env })));
    await call(`${gw.url}/p/one`);
    await call(`${gw.url}/p/two`, { headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` } });
    await gw.stop();
    expect(receiver.requests).toEqual([]);
    const [first, second] = upstream.received;
    expect(first?.headers.traceparent).toBeUndefined();
    expect(first?.headers.b3).toBeUndefined();
    // The caller's own context passes through untouched, as any end-to-end header does.
    expect(second?.headers.traceparent).toBe(`00-${CALLER_TRACE}-${CALLER_SPAN}-01`);
  });
});
