/**
 * Every metric family of docs/metrics.md, seen on `GET /metrics` after real calls through a
 * gateway: call counts and histograms, sizes, in-flight, plugins, breakers, pools, config, node,
 * process. The NATS families are proven in test/ops/node/nats-node-metrics.test.ts.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GatewayMetrics } from '../../../core/observe/gateway-metrics.js';
import { definePlugin, gantryError, Type, type PluginDefinition } from '../../../sdk/index.js';
import { metricValue } from '../pipeline/gateway-calls.js';
import { call, cluster, gatewayConfig, httpApi, useCleanup, closable } from '../invoke/invoke-fixtures.js';
import { startTestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, startRawUpstream } from '../../support/upstreams.js';
import { exportedSeriesNames, PROMETHEUS_OWN_SERIES, promqlMetricNames } from './exported-metric-names.js';

const track = useCleanup();

const NoConfig = Type.Object({});

/** A synchronous request hook and an asynchronous response hook, both timed by the gateway. */
const timer = definePlugin({
  name: 'timer', version: '1.0.0', priority: 100, schema: NoConfig,
  create: () => ({
    onRequest: () => undefined,
    onResponse: async () => { await Promise.resolve(); },
  }),
});

const boom = definePlugin({
  name: 'boom', version: '1.0.0', priority: 100, schema: NoConfig,
  create: () => ({ onRequest: () => { throw new Error('kaboom'); } }),
});

/** Refuses on purpose: an answer, not a failure. */
const deny = definePlugin({
  name: 'deny', version: '1.0.0', priority: 100, schema: NoConfig,
  create: () => ({ onRequest: () => { throw gantryError('NoAccessForThisAppId', { tips: 'not you', detail: 'deny.app' }); } }),
});

/** Fails with a 7777 made elsewhere, as the WASM host does for a trap or a timeout. */
const trapped = definePlugin({
  name: 'trapped', version: '1.0.0', priority: 100, schema: NoConfig,
  create: () => ({ onRequest: async () => { await Promise.resolve(); throw gantryError('UnknownFilterError', { tips: 'trapped', detail: 'plugin.trapped.trap' }); } }),
});

const PLUGINS: readonly PluginDefinition[] = [timer, boom, deny, trapped];

function mockApi(name: string, path: string, plugins: unknown[] = []): Record<string, unknown> {
  return { name, group: 'g', match: { path, type: 'exact' }, backend: { protocol: 'mock', body: 'mocked' }, plugins };
}

async function scrape(adminUrl: string): Promise<string> {
  return (await fetch(`${adminUrl}/metrics`)).text();
}

describe('metric families after real calls', () => {
  it('metrics - calls, latencies, sizes, plugins, pools and config appear with their labels', async () => {
    const upstream = track(await startHttpUpstream());
    const endpoint = `127.0.0.1:${upstream.port}`;
    const okApi = { ...httpApi('ok', '/ok', 'c'), plugins: [{ name: 'timer' }] };
    const config = gatewayConfig([okApi, mockApi('mock', '/mock'), mockApi('boom', '/boom', [{ name: 'boom' }]), mockApi('deny', '/deny', [{ name: 'deny' }]), mockApi('trap', '/trap', [{ name: 'trapped' }])], [cluster('c', [upstream.url])]);
    const gw = track(closable(await startTestGateway(config, PLUGINS, { nodeId: 'node-m1' })));

    expect((await call(`${gw.url}/ok`)).code).toBe(1000);
    expect((await call(`${gw.url}/ok`, { method: 'POST', body: 'hello' })).code).toBe(1000);
    expect((await call(`${gw.url}/mock`)).code).toBe(1100);
    expect((await call(`${gw.url}/nowhere`)).code).toBe(3000);
    expect((await call(`${gw.url}/boom`)).code).toBe(7777);
    expect((await call(`${gw.url}/deny`)).code).toBe(2300);
    expect((await call(`${gw.url}/trap`)).code).toBe(7777);
    const text = await scrape(gw.adminUrl);
    const ok = { group: 'g', api: 'ok' };

    expect(metricValue(text, 'gantry_http_requests_total', { ...ok, code: '1000', status: '200' })).toBe(2);
    expect(metricValue(text, 'gantry_http_requests_total', { group: 'g', api: 'mock', code: '1100', status: '200' })).toBe(1);
    expect(metricValue(text, 'gantry_http_requests_total', { group: 'g', api: '-', code: '3000' })).toBe(1);
    expect(metricValue(text, 'gantry_http_requests_total', { group: 'g', api: 'boom', code: '7777', status: '502' })).toBe(1);
    for (const histogram of ['gantry_http_request_duration_seconds', 'gantry_upstream_duration_seconds', 'gantry_gateway_duration_seconds']) {
      expect(metricValue(text, `${histogram}_count`, ok), histogram).toBe(2);
      expect(metricValue(text, `${histogram}_bucket`, { ...ok, le: '+Inf' }), histogram).toBe(2);
    }
    // Total time is the sum of the upstream and gateway parts, call by call.
    const total = metricValue(text, 'gantry_http_request_duration_seconds_sum', ok) as number;
    const upstreamSum = metricValue(text, 'gantry_upstream_duration_seconds_sum', ok) as number;
    const gatewaySum = metricValue(text, 'gantry_gateway_duration_seconds_sum', ok) as number;
    expect(upstreamSum).toBeGreaterThan(0);
    expect(upstreamSum + gatewaySum).toBeCloseTo(total, 6);
    // Routed nowhere: no upstream was called, so no upstream series, but a gateway one.
    expect(metricValue(text, 'gantry_upstream_duration_seconds_count', { group: 'g', api: '-' })).toBeUndefined();
    expect(metricValue(text, 'gantry_gateway_duration_seconds_count', { group: 'g', api: '-' })).toBe(1);

    expect(metricValue(text, 'gantry_http_request_size_bytes_count', ok)).toBe(2);
    expect(metricValue(text, 'gantry_http_request_size_bytes_sum', ok)).toBe(5);
    expect(metricValue(text, 'gantry_http_request_size_bytes_bucket', { ...ok, le: '64' })).toBe(2);
    expect(metricValue(text, 'gantry_http_response_size_bytes_sum', { group: 'g', api: 'mock' })).toBe('mocked'.length);
    expect(metricValue(text, 'gantry_http_response_size_bytes_sum', ok)).toBeGreaterThan(0);
    expect(metricValue(text, 'gantry_http_requests_in_flight')).toBe(0);

    // Two calls, each hook timed on the first of every eight calls (PLUGIN_TIMING_SAMPLE_EVERY).
    expect(metricValue(text, 'gantry_plugin_duration_seconds_count', { plugin: 'timer', phase: 'request' })).toBe(1);
    expect(metricValue(text, 'gantry_plugin_duration_seconds_count', { plugin: 'timer', phase: 'response' })).toBe(1);
    expect(metricValue(text, 'gantry_plugin_failures_total', { plugin: 'timer', phase: 'request' })).toBe(0);
    expect(metricValue(text, 'gantry_plugin_failures_total', { plugin: 'boom', phase: 'request' })).toBe(1);
    expect(metricValue(text, 'gantry_plugin_duration_seconds_count', { plugin: 'boom', phase: 'request' })).toBe(1);
    expect(metricValue(text, 'gantry_plugin_duration_seconds_count', { plugin: 'deny', phase: 'request' })).toBe(1);
    expect(metricValue(text, 'gantry_plugin_failures_total', { plugin: 'deny', phase: 'request' })).toBe(0);
    expect(metricValue(text, 'gantry_plugin_failures_total', { plugin: 'trapped', phase: 'request' })).toBe(1);
    expect(text).not.toContain('phase="error"');

    // The keep-alive connection of the two calls stays open and idle.
    const pool = { cluster: 'c', endpoint };
    expect(metricValue(text, 'gantry_upstream_pool_connected', pool)).toBe(1);
    expect(metricValue(text, 'gantry_upstream_pool_free', pool)).toBe(1);
    expect(metricValue(text, 'gantry_upstream_pool_pending', pool)).toBe(0);
    expect(metricValue(text, 'gantry_upstream_pool_running', pool)).toBe(0);
    expect(metricValue(text, 'gantry_upstream_breaker_state', pool)).toBe(0);

    expect(metricValue(text, 'gantry_node_info', { node: 'node-m1' })).toBe(1);
    expect(metricValue(text, 'gantry_config_revision')).toBe(1);
    expect(metricValue(text, 'gantry_config_applies_total', { outcome: 'applied' })).toBe(1);
    expect(metricValue(text, 'gantry_config_applies_total', { outcome: 'refused' })).toBe(0);
    expect(metricValue(text, 'gantry_log_dropped_lines_total')).toBe(0);

    await gw.source.push({ version: 1, apis: 'not a list' });
    const after = await scrape(gw.adminUrl);
    expect(metricValue(after, 'gantry_config_applies_total', { outcome: 'refused' })).toBe(1);
    expect(metricValue(after, 'gantry_config_apply_duration_seconds_count')).toBe(2);
    expect(metricValue(after, 'gantry_config_revision')).toBe(1);
  });

  it('metrics - a breaker opening counts one transition and shows open', async () => {
    const bad = track(await startRawUpstream((socket: Socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.resetAndDestroy());
    }));
    const endpoint = `127.0.0.1:${bad.port}`;
    const breaker = { errorThresholdPercentage: 50, resetTimeoutMs: 60_000, volumeThreshold: 3, rollingCountTimeoutMs: 10_000 };
    const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('b', '/b', 'flaky')], [cluster('flaky', [bad.url], { breaker })]))));
    for (let i = 0; i < 4; i++) await call(`${gw.url}/b`);
    const text = await scrape(gw.adminUrl);
    expect(metricValue(text, 'gantry_upstream_breaker_state', { cluster: 'flaky', endpoint })).toBe(2);
    expect(metricValue(text, 'gantry_upstream_breaker_transitions_total', { cluster: 'flaky', endpoint, state: 'open' })).toBe(1);
    expect(metricValue(text, 'gantry_http_requests_total', { group: 'g', api: 'b', code: '4002' })).toBe(4);
  });

  it('metrics - process metrics (event-loop lag, GC) carry the gantry_ prefix', async () => {
    const gw = track(closable(await startTestGateway(gatewayConfig([mockApi('mock', '/mock')], []), [], { processMetrics: true })));
    await call(`${gw.url}/mock`);
    const text = await scrape(gw.adminUrl);
    expect(metricValue(text, 'gantry_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE gantry_nodejs_eventloop_lag_p99_seconds gauge');
    expect(text).toContain('# TYPE gantry_nodejs_gc_duration_seconds histogram');
    expect(metricValue(text, 'gantry_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(text).not.toMatch(/^process_cpu_seconds_total /m);
  });
});

describe('dashboard, alert rules and docs against the exported names', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));

  async function exported(): Promise<Set<string>> {
    const metrics = new GatewayMetrics({ defaultMetrics: true });
    try {
      return await exportedSeriesNames(metrics.registry);
    } finally {
      metrics.close();
    }
  }

  function expectKnown(names: Iterable<string>, known: Set<string>, where: string): void {
    const unknown = [...names].filter((name) => !known.has(name) && !PROMETHEUS_OWN_SERIES.has(name));
    expect(unknown, where).toEqual([]);
  }

  it('promql names - functions, labels, durations, strings and variables are not metric names', () => {
    const expression = 'histogram_quantile(0.99, sum by (le, api) (rate(foo_bucket{job="$job",code=~"4..."}[$__rate_interval]))) > 1e3'
      + ' and on (job) group_left () max without (instance) (up offset 5m) unless bar_total';
    expect([...promqlMetricNames(expression)].sort()).toEqual(['bar_total', 'foo_bucket', 'up']);
  });

  it('dashboard - every panel query and variable uses only exported metric names', async () => {
    const known = await exported();
    const dashboard = JSON.parse(readFileSync(join(root, 'ops/dashboards/gantry.json'), 'utf8')) as GrafanaDashboard;
    const variables = dashboard.templating.list;
    expect(variables.find((v) => v.name === 'DS_PROMETHEUS')?.type).toBe('datasource');
    expect(variables.map((v) => v.name)).toEqual(expect.arrayContaining(['job', 'instance']));
    for (const variable of variables.filter((v) => v.type === 'query')) {
      const metric = /label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)/.exec(variable.definition ?? '')?.[1];
      expect(metric, `variable ${variable.name}`).toBeDefined();
      expectKnown([metric as string], known, `variable ${variable.name}`);
    }
    const queried = dashboard.panels.filter((p) => p.type !== 'row');
    expect(queried.length).toBeGreaterThan(20);
    let gantryNames = 0;
    for (const panel of queried) {
      expect(panel.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
        const names = promqlMetricNames(target.expr);
        expect(names.size, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
        expectKnown(names, known, `${panel.title}: ${target.expr}`);
        gantryNames += [...names].filter((n) => n.startsWith('gantry_')).length;
      }
    }
    expect(gantryNames).toBeGreaterThan(40);
  });

  it('alert rules - every expression uses only exported metric names', async () => {
    const known = await exported();
    const rules = parseYaml(readFileSync(join(root, 'ops/alerts/gantry-rules.yaml'), 'utf8')) as AlertRuleFile;
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts.map((r) => r.alert)).toEqual(expect.arrayContaining([
      'GantryHighErrorRate', 'GantryHigh5xxRatio', 'GantryHighP99Latency', 'GantryBreakerOpen',
      'GantryConfigRefused', 'GantryNodeConfigBehind', 'GantryNodeDown', 'GantryNatsDisconnected',
    ]));
    for (const rule of alerts) {
      expectKnown(promqlMetricNames(rule.expr), known, `${rule.alert}: ${rule.expr}`);
      expect(rule.labels.severity, rule.alert).toMatch(/^(warning|critical)$/);
      expect(rule.annotations.runbook_url, rule.alert).toMatch(/^docs\/operations\.md#[a-z0-9-]+$/);
    }
  });

  it('docs - docs/metrics.md describes every exported gantry_ family, and operations.md every runbook', async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    const families = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
    metrics.close();
    const doc = readFileSync(join(root, 'docs/metrics.md'), 'utf8');
    const missing = families.filter((name) => !doc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
    const operations = readFileSync(join(root, 'docs/operations.md'), 'utf8');
    const rules = parseYaml(readFileSync(join(root, 'ops/alerts/gantry-rules.yaml'), 'utf8')) as AlertRuleFile;
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      const anchor = (rule.annotations.runbook_url ?? '').split('#')[1] ?? '';
      expect(operations, rule.alert).toMatch(new RegExp(`^#+ ${anchor}$`, 'im'));
    }
  });
});

interface GrafanaTarget {
  expr: string;
  datasource?: { uid?: string };
}

interface GrafanaDashboard {
  templating: { list: { name: string; type: string; definition?: string }[] };
  panels: { type: string; title: string; datasource?: { uid?: string }; targets?: GrafanaTarget[] }[];
}

interface AlertRuleFile {
  groups: { name: string; rules: { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[];
}
