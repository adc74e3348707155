import { describe, expect, it } from 'vitest';
import { breakerStateChannel, type BreakerStateEvent } from '../../../core/invoke/endpoint-breaker.js';
import { BusConnectionStates } from '../../../core/observe/bus-connection-states.js';
import { GatewayMetrics } from '../../../core/observe/gateway-metrics.js';
import type { BreakerStateSample, UpstreamPoolSample } from '../../../core/observe/gateway-metrics.js';

function quietMetrics(): GatewayMetrics {
  return new GatewayMetrics({ defaultMetrics: false });
}

/** The value of one exposition line, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('call metrics', () => {
  it('call metrics - recordCall counts per API, result code and status', async () => {
    const m = quietMetrics();
    m.recordCall('g1', 'a1', 1000, 200, 0.003, 0.002);
    m.recordCall('g1', 'a1', 1000, 200, 0.02, 0.015);
    m.recordCall('g1', 'a1', 6205, 404, 0.004, 0.003);
    m.recordCall('g2', 'b1', 3000, 404, 0.0001, undefined);
    const text = await m.metricsText();
    expect(sample(text, 'gantry_http_requests_total{group="g1",api="a1",code="1000",status="200"}')).toBe(2);
    expect(sample(text, 'gantry_http_requests_total{group="g1",api="a1",code="6205",status="404"}')).toBe(1);
    expect(sample(text, 'gantry_http_requests_total{group="g2",api="b1",code="3000",status="404"}')).toBe(1);
  });

  it('call metrics - duration histograms have cumulative buckets, sum and count per API', async () => {
    const m = quietMetrics();
    m.recordCall('g1', 'a1', 1000, 200, 0.003, 0.002);
    m.recordCall('g1', 'a1', 1000, 200, 0.02, undefined);
    m.recordCall('g1', 'a1', 6301, 500, 20, 19);
    const text = await m.metricsText();
    const total = 'gantry_http_request_duration_seconds';
    expect(sample(text, `${total}_bucket{le="0.0005",group="g1",api="a1"}`)).toBe(0);
    expect(sample(text, `${total}_bucket{le="0.005",group="g1",api="a1"}`)).toBe(1);
    expect(sample(text, `${total}_bucket{le="0.025",group="g1",api="a1"}`)).toBe(2);
    expect(sample(text, `${total}_bucket{le="10",group="g1",api="a1"}`)).toBe(2);
    expect(sample(text, `${total}_bucket{le="+Inf",group="g1",api="a1"}`)).toBe(3);
    expect(sample(text, `${total}_count{group="g1",api="a1"}`)).toBe(3);
    expect(sample(text, `${total}_sum{group="g1",api="a1"}`)).toBeCloseTo(20.023, 9);
    const upstream = 'gantry_upstream_duration_seconds';
    expect(sample(text, `${upstream}_bucket{le="0.0025",group="g1",api="a1"}`)).toBe(1);
    expect(sample(text, `${upstream}_count{group="g1",api="a1"}`)).toBe(2);
  });

  it('call metrics - an API never sent upstream has no upstream series', async () => {
    const m = quietMetrics();
    m.recordCall('g1', 'mock', 1100, 200, 0.001, undefined);
    const text = await m.metricsText();
    expect(sample(text, 'gantry_http_request_duration_seconds_count{group="g1",api="mock"}')).toBe(1);
    expect(text).not.toContain('gantry_upstream_duration_seconds_count{group="g1",api="mock"}');
  });

  it('call metrics - forgetApi removes every series of that API only', async () => {
    const m = quietMetrics();
    m.recordCall('g1', 'a1', 1000, 200, 0.003, 0.002);
    m.recordCall('g1', 'a2', 1000, 200, 0.003, 0.002);
    m.forgetApi('g1', 'a1');
    const text = await m.metricsText();
    expect(text).not.toContain('api="a1"');
    expect(sample(text, 'gantry_http_requests_total{group="g1",api="a2",code="1000",status="200"}')).toBe(1);
    expect(sample(text, 'gantry_upstream_duration_seconds_count{group="g1",api="a2"}')).toBe(1);
  });

  it('call metrics - pruneApis keeps only the live APIs', async () => {
    const m = quietMetrics();
    m.recordCall('g1', 'a1', 1000, 200, 0.001, 0.001);
    m.recordCall('g1', 'a2', 1000, 200, 0.001, 0.001);
    m.recordCall('g2', 'b1', 1000, 200, 0.001, 0.001);
    expect(m.pruneApis((group, api) => group === 'g1' && api === 'a2')).toBe(2);
    const text = await m.metricsText();
    expect(text).toContain('api="a2"');
    expect(text).not.toContain('api="a1"');
    expect(text).not.toContain('group="g2"');
  });

  it('call metrics - a bad duration is ignored without throwing', async () => {
    const m = quietMetrics();
    expect(() => m.recordCall('g1', 'a1', 1000, 200, Number.NaN, -1)).not.toThrow();
    const text = await m.metricsText();
    expect(sample(text, 'gantry_http_requests_total{group="g1",api="a1",code="1000",status="200"}')).toBe(1);
    expect(text).not.toContain('gantry_http_request_duration_seconds_count{group="g1"');
  });

  it('call metrics - the JSON view carries the same histogram values', async () => {
    const m = quietMetrics();
    m.recordCall('g1', 'a1', 1000, 200, 0.003, 0.002);
    const json = await m.registry.getMetricsAsJSON();
    const hist = json.find((x) => x.name === 'gantry_http_request_duration_seconds');
    const count = hist?.values.find((v) => (v as { metricName?: string }).metricName === 'gantry_http_request_duration_seconds_count');
    expect(count).toEqual({ value: 1, metricName: 'gantry_http_request_duration_seconds_count', labels: { group: 'g1', api: 'a1' } });
  });

  it('call metrics - two instances keep separate registries', async () => {
    const a = quietMetrics();
    const b = quietMetrics();
    a.recordCall('g1', 'a1', 1000, 200, 0.001, undefined);
    expect(await b.metricsText()).not.toContain('api="a1"');
    expect(a.contentType).toMatch(/^text\/plain/);
  });
});

describe('gateway-only time and sizes', () => {
  it('call metrics - gateway time is total minus upstream, or the total without an upstream', async () => {
    const m = quietMetrics();
    m.recordCall('g1', 'a1', 1000, 200, 0.03, 0.02, 10, 300);
    m.recordCall('g1', 'a1', 3000, 404, 0.004, undefined, 0, 80);
    // Clocks read apart may make upstream exceed total by a hair: never a negative gateway time.
    m.recordCall('g1', 'a1', 1000, 200, 0.001, 0.0011, 5000, 0);
    const text = await m.metricsText();
    const gateway = 'gantry_gateway_duration_seconds';
    expect(sample(text, `${gateway}_count{group="g1",api="a1"}`)).toBe(3);
    expect(sample(text, `${gateway}_sum{group="g1",api="a1"}`)).toBeCloseTo(0.014, 9);
    expect(sample(text, `${gateway}_bucket{le="0.0005",group="g1",api="a1"}`)).toBe(1);
    expect(sample(text, 'gantry_http_request_size_bytes_sum{group="g1",api="a1"}')).toBe(5010);
    expect(sample(text, 'gantry_http_request_size_bytes_bucket{le="64",group="g1",api="a1"}')).toBe(2);
    expect(sample(text, 'gantry_http_request_size_bytes_bucket{le="16384",group="g1",api="a1"}')).toBe(3);
    expect(sample(text, 'gantry_http_response_size_bytes_sum{group="g1",api="a1"}')).toBe(380);
    expect(sample(text, 'gantry_http_response_size_bytes_count{group="g1",api="a1"}')).toBe(3);
  });

  it('call metrics - sizes are left out when the caller has none', async () => {
    const m = quietMetrics();
    m.recordCall('g1', 'a1', 1000, 200, 0.001, undefined);
    const text = await m.metricsText();
    expect(sample(text, 'gantry_gateway_duration_seconds_count{group="g1",api="a1"}')).toBe(1);
    expect(text).not.toContain('gantry_http_request_size_bytes_count{group="g1"');
  });
});

describe('plugin meters', () => {
  it('plugin meters - hook times and failures per plugin and phase; phases never run stay hidden', async () => {
    const m = quietMetrics();
    const meter = m.pluginMeter('auth');
    expect(m.pluginMeter('auth')).toBe(meter);
    meter.ended('onRequest', performance.now());
    meter.ended('onRequest', performance.now());
    meter.failed('onRequest');
    meter.ended('onResponse', performance.now() - 2);
    const text = await m.metricsText();
    expect(sample(text, 'gantry_plugin_duration_seconds_count{plugin="auth",phase="request"}')).toBe(2);
    expect(sample(text, 'gantry_plugin_duration_seconds_bucket{le="1",plugin="auth",phase="response"}')).toBe(1);
    expect(sample(text, 'gantry_plugin_duration_seconds_bucket{le="0.001",plugin="auth",phase="response"}')).toBe(0);
    expect(sample(text, 'gantry_plugin_failures_total{plugin="auth",phase="request"}')).toBe(1);
    expect(sample(text, 'gantry_plugin_failures_total{plugin="auth",phase="response"}')).toBe(0);
    expect(text).not.toContain('phase="error"');
  });

  it('plugin meters - time the first hook call of each phase and then one in eight, per phase', () => {
    const meter = quietMetrics().pluginMeter('auth');
    const requestSampled = Array.from({ length: 17 }, () => meter.sampled('onRequest'));
    expect(requestSampled.map((yes, call) => (yes ? call : -1)).filter((call) => call >= 0)).toEqual([0, 8, 16]);
    // Another phase keeps its own count, so a plugin's response hook is timed as often as its request hook.
    expect(meter.sampled('onResponse')).toBe(true);
    expect(meter.sampled('onResponse')).toBe(false);
  });

  it('plugin meters - time every hook call when told to', () => {
    const meter = new GatewayMetrics({ defaultMetrics: false, pluginTimingSampleEvery: 1 }).pluginMeter('auth');
    expect(Array.from({ length: 5 }, () => meter.sampled('onRequest'))).toEqual([true, true, true, true, true]);
  });
});

describe('gauges read at scrape time', () => {
  it('in-flight gauge - reports the callback value at each scrape', async () => {
    let inFlight = 4;
    const m = new GatewayMetrics({ defaultMetrics: false, inFlight: () => inFlight });
    expect(sample(await m.metricsText(), 'gantry_http_requests_in_flight')).toBe(4);
    inFlight = 0;
    expect(sample(await m.metricsText(), 'gantry_http_requests_in_flight')).toBe(0);
  });

  it('breaker gauge - mirrors the provider, dropping endpoints it no longer lists', async () => {
    let breakers: BreakerStateSample[] = [
      { cluster: 'c1', endpoint: '10.0.0.1:80', state: 'closed' },
      { cluster: 'c1', endpoint: '10.0.0.2:80', state: 'half-open' },
      { cluster: 'c2', endpoint: '10.0.0.3:80', state: 'open' },
    ];
    const m = quietMetrics();
    m.setSources({ breakerStates: () => breakers });
    let text = await m.metricsText();
    expect(sample(text, 'gantry_upstream_breaker_state{cluster="c1",endpoint="10.0.0.1:80"}')).toBe(0);
    expect(sample(text, 'gantry_upstream_breaker_state{cluster="c1",endpoint="10.0.0.2:80"}')).toBe(1);
    expect(sample(text, 'gantry_upstream_breaker_state{cluster="c2",endpoint="10.0.0.3:80"}')).toBe(2);
    breakers = [{ cluster: 'c1', endpoint: '10.0.0.1:80', state: 'open' }];
    text = await m.metricsText();
    expect(sample(text, 'gantry_upstream_breaker_state{cluster="c1",endpoint="10.0.0.1:80"}')).toBe(2);
    expect(text).not.toContain('10.0.0.3:80');
  });

  it('breaker gauge - a throwing provider does not fail the scrape', async () => {
    const m = new GatewayMetrics({
      defaultMetrics: false,
      breakerStates: () => {
        throw new Error('snapshot gone');
      },
    });
    await expect(m.metricsText()).resolves.toContain('gantry_http_requests_in_flight 0');
  });

  it('dropped lines counter - reports the writers total', async () => {
    let dropped = 0;
    const m = new GatewayMetrics({ defaultMetrics: false, droppedLogLines: () => dropped });
    expect(sample(await m.metricsText(), 'gantry_log_dropped_lines_total')).toBe(0);
    dropped = 12;
    expect(sample(await m.metricsText(), 'gantry_log_dropped_lines_total')).toBe(12);
  });
});

describe('upstream pools, breaker transitions, NATS, node', () => {
  it('pool gauges - mirror each endpoint pool, dropping endpoints no longer listed', async () => {
    const stats = { connected: 3, free: 1, pending: 4, running: 2 };
    let pools: UpstreamPoolSample[] = [{ cluster: 'c1', endpoint: '10.0.0.1:80', stats }, { cluster: 'c2', endpoint: '10.0.0.2:80', stats }];
    const m = new GatewayMetrics({ defaultMetrics: false, upstreamPools: () => pools });
    let text = await m.metricsText();
    const at = '{cluster="c1",endpoint="10.0.0.1:80"}';
    expect(sample(text, `gantry_upstream_pool_connected${at}`)).toBe(3);
    expect(sample(text, `gantry_upstream_pool_free${at}`)).toBe(1);
    expect(sample(text, `gantry_upstream_pool_pending${at}`)).toBe(4);
    expect(sample(text, `gantry_upstream_pool_running${at}`)).toBe(2);
    pools = [pools[0] as UpstreamPoolSample];
    text = await m.metricsText();
    expect(text).not.toContain('10.0.0.2:80');
  });

  it('breaker transitions - counts this gateway\'s endpoints only, and nothing after close', async () => {
    const m = new GatewayMetrics({
      defaultMetrics: false,
      breakerStates: () => [{ cluster: 'tc', endpoint: '10.9.0.1:80', state: 'open' }],
    });
    const publish = (event: BreakerStateEvent): void => breakerStateChannel.publish(event);
    publish({ cluster: 'tc', endpoint: '10.9.0.1:80', state: 2 });
    publish({ cluster: 'tc', endpoint: '10.9.0.1:80', state: 1 });
    publish({ cluster: 'tc', endpoint: '10.9.0.1:80', state: 2 });
    publish({ cluster: 'other', endpoint: '10.9.0.9:80', state: 2 });
    let text = await m.metricsText();
    expect(sample(text, 'gantry_upstream_breaker_transitions_total{cluster="tc",endpoint="10.9.0.1:80",state="open"}')).toBe(2);
    expect(sample(text, 'gantry_upstream_breaker_transitions_total{cluster="tc",endpoint="10.9.0.1:80",state="half-open"}')).toBe(1);
    expect(text).not.toContain('cluster="other"');
    m.close();
    publish({ cluster: 'tc', endpoint: '10.9.0.1:80', state: 2 });
    text = await m.metricsText();
    expect(sample(text, 'gantry_upstream_breaker_transitions_total{cluster="tc",endpoint="10.9.0.1:80",state="open"}')).toBe(2);
  });

  it('nats gauges - each connection up or down, a fall from up counted once', async () => {
    const states = new BusConnectionStates();
    const m = new GatewayMetrics({ defaultMetrics: false, busConnections: () => states.samples() });
    expect(await m.metricsText()).not.toContain('gantry_nats_connected{');
    states.report('node', false);
    states.report('config', false);
    let text = await m.metricsText();
    expect(sample(text, 'gantry_nats_connected{connection="node"}')).toBe(0);
    expect(sample(text, 'gantry_nats_disconnects_total{connection="node"}')).toBe(0);
    states.report('node', true);
    states.report('config', true);
    states.report('node', false);
    states.report('node', false);
    states.report('node', true);
    text = await m.metricsText();
    expect(sample(text, 'gantry_nats_connected{connection="node"}')).toBe(1);
    expect(sample(text, 'gantry_nats_connected{connection="config"}')).toBe(1);
    expect(sample(text, 'gantry_nats_disconnects_total{connection="node"}')).toBe(1);
    expect(sample(text, 'gantry_nats_disconnects_total{connection="config"}')).toBe(0);
  });

  it('node info - labelled with the node id', async () => {
    const m = new GatewayMetrics({ defaultMetrics: false, nodeId: 'edge-7' });
    expect(sample(await m.metricsText(), 'gantry_node_info{node="edge-7"}')).toBe(1);
  });
});

describe('config metrics', () => {
  it('config metrics - applied sets revision and time, refused only counts', async () => {
    const m = quietMetrics();
    let text = await m.metricsText();
    expect(sample(text, 'gantry_config_applies_total{outcome="refused"}')).toBe(0);
    m.recordConfigApply('applied', 0.012, 3, 1_700_000_000_000);
    m.recordConfigApply('refused', 0.002, undefined, 1_700_000_100_000);
    text = await m.metricsText();
    expect(sample(text, 'gantry_config_revision')).toBe(3);
    expect(sample(text, 'gantry_config_last_apply_timestamp_seconds')).toBe(1_700_000_000);
    expect(sample(text, 'gantry_config_applies_total{outcome="applied"}')).toBe(1);
    expect(sample(text, 'gantry_config_applies_total{outcome="refused"}')).toBe(1);
    expect(sample(text, 'gantry_config_apply_duration_seconds_count')).toBe(2);
  });
});

describe('default metrics', () => {
  it('default metrics - the standard process and nodejs names, prefixed gantry_', async () => {
    const m = new GatewayMetrics();
    const text = await m.metricsText();
    expect(text).toContain('# TYPE gantry_process_cpu_seconds_total counter');
    expect(text).toContain('# TYPE gantry_nodejs_eventloop_lag_seconds gauge');
    expect(text).toContain('# TYPE gantry_nodejs_eventloop_lag_p99_seconds gauge');
    expect(text).toContain('# TYPE gantry_nodejs_gc_duration_seconds histogram');
    expect(text).toContain('# TYPE gantry_nodejs_heap_size_used_bytes gauge');
    m.close();
  });
});
