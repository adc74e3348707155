import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';
import { dubboProtocol, ECHO } from '../rpc/rpc-fixture.js';
import { echoService, startSofaClient, startSofaServer, type SofaPeerServer } from '../rpc/sofa-peer.js';
import { SpanKinds, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const CALLER = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;
const DUBBO_CALLER_TRACE = '33333333333333333333333333333333';
const DUBBO_CALLER = `00-${DUBBO_CALLER_TRACE}-${CALLER_SPAN}-01`;

/**
 * One gateway, traced, in front of a SOFARPC and a Dubbo provider (sofa-rpc-node) and an HTTP
 * upstream, with its Bolt front open. Spans are read after `stop` (drain flushes them), so every
 * test sends its calls first and the assertions run on what the receiver collected, per trace.
 */
describe('tracing - RPC propagation (Bolt request properties, Dubbo attachments)', () => {
  let receiver: OtlpReceiver;
  let sofa: SofaPeerServer;
  let dubbo: SofaPeerServer;
  let http: TestUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    sofa = await startSofaServer({ [ECHO]: echoService });
    dubbo = await startSofaServer({ [ECHO]: echoService }, { protocol: dubboProtocol });
    http = await startHttpUpstream();
    const echoArg = [{ source: 'body', key: '$.text', type: 'java.lang.String' }];
    const config = baseConfig({
      clusters: [
        { name: 'sofa', endpoints: [{ url: `bolt://127.0.0.1:${sofa.port}` }] },
        { name: 'dubbo', endpoints: [{ url: `dubbo://127.0.0.1:${dubbo.port}` }] },
        { name: 'web', endpoints: [{ url: http.url }] },
      ],
      apis: [
        { name: 'to-sofa', group: 'g', match: { path: '/sofa', type: 'prefix' }, backend: { protocol: 'sofarpc', cluster: 'sofa', service: ECHO, version: '1.0', method: 'echo', args: echoArg, timeoutMs: 2000 } },
        { name: 'to-dubbo', group: 'g', match: { path: '/dubbo', type: 'prefix' }, backend: { protocol: 'dubbo', cluster: 'dubbo', service: ECHO, version: '1.0', method: 'echo', args: echoArg, timeoutMs: 2000 } },
        { name: 'bolt-to-http', group: 'g', match: { rpc: { service: 'com.example.front.ToHttp', version: '1.0', method: 'echo' } }, backend: { protocol: 'http', cluster: 'web', path: '/web/echo' } },
        { name: 'dubbo-to-http', group: 'g', match: { rpc: { service: 'com.example.front.DubboToHttp', version: '1.0', method: 'echo' } }, backend: { protocol: 'http', cluster: 'web', path: '/web/echo' } },
      ],
    });
    config.listen = { http: 0, admin: 0, bolt: 0, dubbo: 0 };
    gw = await startTestGateway(config, [], {
      tracingEnv: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await sofa?.close();
    await dubbo?.close();
    await http?.close();
    await receiver?.close();
  });

  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ text: 'hi' }) });

  function spansOf(traceId: string): { server: ReceivedSpan; client: ReceivedSpan } {
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    const server = spans.filter((span) => span.kind === SpanKinds.server);
    const client = spans.filter((span) => span.kind === SpanKinds.client);
    expect([server.length, client.length]).toEqual([1, 1]);
    return { server: server[0] as ReceivedSpan, client: client[0] as ReceivedSpan };
  }

  it('rpc tracing - calls through the HTTP and Bolt fronts, then the spans and the contexts the providers saw', async () => {
    const sofaTrace = '11111111111111111111111111111111';
    const dubboTrace = '22222222222222222222222222222222';
    expect((await post('/sofa/echo', { traceparent: `00-${sofaTrace}-${CALLER_SPAN}-01` })).status).toBe(200);
    expect((await post('/dubbo/echo', { traceparent: `00-${dubboTrace}-${CALLER_SPAN}-01` })).status).toBe(200);
    const client = await startSofaClient(`127.0.0.1:${gw.gateway.boltPort}`, 'com.example.front.ToHttp');
    try {
      // A SOFARPC caller with a W3C context in its request properties (Bolt headers) …
      await client.call('echo', [{ $class: 'java.util.Map', $: { q: 'x' } }], { traceparent: CALLER });
      // … and one with only a SOFATracer id, which is not W3C-shaped.
      await client.call('echo', [{ $class: 'java.util.Map', $: { q: 'y' } }], { rpc_trace_context: { sofaTraceId: 'sofa-trace-1' } });
    } finally {
      await client.close();
    }
    // A Dubbo caller with a W3C context in its attachments.
    const dubboClient = await startSofaClient(`127.0.0.1:${gw.gateway.dubboPort}`, 'com.example.front.DubboToHttp', { protocol: dubboProtocol });
    try {
      await dubboClient.call('echo', [{ $class: 'java.util.Map', $: { q: 'z' } }], { traceparent: DUBBO_CALLER });
    } finally {
      await dubboClient.close();
    }
    await gw.stop();

    // HTTP → SOFARPC: the client span is an RPC span, and the provider got it as its parent in the
    // Bolt request properties, beside the SOFATracer trace id.
    const toSofa = spansOf(sofaTrace);
    expect(toSofa.client.parentSpanId).toBe(toSofa.server.spanId);
    expect(toSofa.client.name).toBe(`${ECHO}/echo`);
    expect(toSofa.client.attributes).toMatchObject({ 'rpc.system': 'sofarpc', 'rpc.service': ECHO, 'rpc.method': 'echo', 'server.port': sofa.port });
    const sofaProps = sofa.seenProps.at(-1) ?? {};
    expect(sofaProps.traceparent).toBe(`00-${sofaTrace}-${toSofa.client.spanId}-01`);
    expect(sofaProps.b3).toBe(`${sofaTrace}-${toSofa.client.spanId}-1`);
    expect(sofaProps.rpc_trace_context).toMatchObject({ sofaTraceId: sofaTrace });

    // HTTP → Dubbo: the same through the attachments, beside the `traceId` attachment.
    const toDubbo = spansOf(dubboTrace);
    expect(toDubbo.client.attributes).toMatchObject({ 'rpc.system': 'dubbo', 'rpc.method': 'echo' });
    const dubboAttachments = dubbo.seenProps.at(-1) ?? {};
    expect(dubboAttachments.traceparent).toBe(`00-${dubboTrace}-${toDubbo.client.spanId}-01`);
    expect(dubboAttachments.traceId).toBe(dubboTrace);

    // Bolt front with a W3C caller: the caller's trace continues to the HTTP upstream.
    const fromBolt = spansOf(CALLER_TRACE);
    expect(fromBolt.server.parentSpanId).toBe(CALLER_SPAN);
    expect(fromBolt.server.name).toBe('com.example.front.ToHttp/echo');
    expect(fromBolt.server.attributes).toMatchObject({ 'rpc.system': 'sofarpc', 'rpc.service': 'com.example.front.ToHttp', 'rpc.method': 'echo', 'gantry.api': 'bolt-to-http' });
    const [first, second] = http.received;
    expect(first?.headers.traceparent).toBe(`00-${CALLER_TRACE}-${fromBolt.client.spanId}-01`);

    // Bolt front with a SOFATracer id only: a new trace, which records the caller's id; the id the
    // SOFA world knows still reaches the upstream's trace (the gateway keeps using it in its logs).
    const sofaRooted = receiver.spans.find((span) => span.kind === SpanKinds.server && span.attributes['gantry.client_trace_id'] === 'sofa-trace-1');
    expect(sofaRooted?.parentSpanId).toBe('');
    expect(second?.headers.traceparent).toMatch(new RegExp(`^00-${sofaRooted?.traceId ?? 'missing'}-[0-9a-f]{16}-01$`));

    // Dubbo front with a W3C caller in the attachments: the caller's trace continues to the upstream.
    const fromDubbo = spansOf(DUBBO_CALLER_TRACE);
    expect(fromDubbo.server.parentSpanId).toBe(CALLER_SPAN);
    expect(fromDubbo.server.attributes).toMatchObject({ 'rpc.system': 'dubbo', 'rpc.method': 'echo', 'gantry.api': 'dubbo-to-http' });
    expect(http.received[2]?.headers.traceparent).toBe(`00-${DUBBO_CALLER_TRACE}-${fromDubbo.client.spanId}-01`);
  });
});
